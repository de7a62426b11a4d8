// Package settle decides when the programs under test are done with a
// scenario, without fixed sleeps: every team's consumer group has committed
// new_users up to the end of what was replayed, everything on actions has
// been captured, and then no new action has arrived for an idle window. An
// overall deadline bounds the wait, and a program that exits ends it early.
//
// Commits can be slow evidence: kafka-python and franz-go commit on their
// own every 5 s. Where the harness can see more (a connection tap that
// shows where the program's consumers fetch, and the program's processes
// in /proc), a second path stands in for the commit: every consumer
// position is at the end offsets, and then, for a longer quiet window, no
// action arrived, the processes used next to no CPU, and none of their
// threads was in a sleep call (a program that sleeps per user is still
// working, though it uses no CPU).
package settle

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"

	"github.com/kafkacheck/kafkacheck/harness/capture"
)

// Condition is what ended a wait.
type Condition string

const (
	// Settled: all groups committed, actions captured, then idle.
	Settled Condition = "settled"
	// Deadline: the overall deadline passed first.
	Deadline Condition = "deadline"
	// ProgramExited: a program under test stopped on its own.
	ProgramExited Condition = "program exited"
	// Flood: far more actions arrived than the scenario expects; it can
	// no longer pass, and waiting longer would only fill memory.
	Flood Condition = "flood"
	// NotReady: the programs never got a position on every partition of
	// new_users, so the scenario's events were not replayed.
	NotReady Condition = "not ready"
)

// Outcome is the end of a wait: which condition, and what was seen.
type Outcome struct {
	Condition Condition
	// Detail says, for a deadline, what was still pending; for an exit,
	// which team's program stopped.
	Detail string
	// At is when the wait ended.
	At time.Time
	// By is the evidence of a settled wait: ByCommits or ByPositions.
	By string
}

// Wait is one wait for a scenario to settle.
type Wait struct {
	Admin *kadm.Client
	// Groups are the consumer groups of the programs under test.
	Groups []string
	// Topic is new_users, and Ends its end offsets after the replay.
	Topic string
	Ends  map[int32]int64
	// Actions is the topic Capture reads.
	Actions string
	Capture *capture.Capture
	// Idle is how long no new action must arrive once the rest holds.
	Idle time.Duration
	// Poll is how often group offsets are fetched.
	Poll time.Duration
	// Deadline bounds the whole wait.
	Deadline time.Duration
	// Exited receives the team whose program stopped on its own.
	Exited <-chan string

	// Positions, if set, returns where the programs' consumers are on
	// Topic, by partition (the offset they fetch from next). With
	// Activity, positions at the end offsets stand in for commits.
	Positions func() map[int32]int64
	// PositionsShowWork, if set, reports whether the consumers' positions
	// show the work done (they fetch only after handling what they
	// fetched before); without it, positions never stand in for commits.
	PositionsShowWork func() bool
	// Activity, if set, samples the programs' processes.
	Activity func() (Activity, error)
	// Quiet is the idle window of the positions path; it must be longer
	// than the time a working program takes between two signs of work.
	Quiet time.Duration
	// Flood, if positive, ends the wait once the capture holds more
	// actions than that, or more than FloodBytes of them; Expected is how
	// many the scenario expects.
	Flood, Expected int
	FloodBytes      int64
}

// flooded returns the Flood outcome once the capture holds too many
// actions, or too many bytes of them.
func (w Wait) flooded() (Outcome, bool) {
	if w.Flood <= 0 {
		return Outcome{}, false
	}
	n, size := w.Capture.Pending()
	if n <= w.Flood && (w.FloodBytes <= 0 || size <= w.FloodBytes) {
		return Outcome{}, false
	}
	return Outcome{Condition: Flood, At: time.Now(), Detail: fmt.Sprintf("%d actions (%d MB) arrived where %d were expected: "+
		"the scenario can no longer pass, so it was ended there", n, size>>20, w.Expected)}, true
}

// Activity is a sample of what the programs' processes are doing.
type Activity struct {
	// CPU is the CPU time all their threads used so far.
	CPU time.Duration
	// Sleeping names a thread in a sleep call ("" if none): a program
	// that sleeps per record is busy though it uses no CPU.
	Sleeping string
}

// activityEvery is how often the positions path samples the programs'
// processes.
const activityEvery = 20 * time.Millisecond

// Evidence names what showed that the programs were done.
const (
	ByCommits   = "commits"
	ByPositions = "positions"
)

// Run waits until the scenario settles, the deadline passes, a program
// exits, or ctx ends (reported as a deadline).
func (w Wait) Run(ctx context.Context) Outcome {
	ctx, cancel := context.WithTimeout(ctx, w.Deadline)
	defer cancel()
	end := func(c Condition, detail string) Outcome {
		return Outcome{Condition: c, Detail: detail, At: time.Now()}
	}
	tick := time.NewTicker(w.Poll)
	defer tick.Stop()

	// 1. Every group has committed up to the end offsets, or every
	// consumer's position is there.
	seen := "" // what the last successful check saw, for the deadline's message
	by := ByCommits
	for {
		if o, ok := w.flooded(); ok {
			return o
		}
		pending, err := w.pendingCommits(ctx)
		if err == nil && pending == "" {
			break
		}
		if w.positionsAtEnd() {
			by = ByPositions
			break
		}
		switch {
		case err == nil:
			seen = pending
		case seen == "" && ctx.Err() == nil:
			seen = err.Error()
		}
		select {
		case team := <-w.Exited:
			return end(ProgramExited, team)
		case <-ctx.Done():
			if seen == "" {
				seen = fmt.Sprintf("no answer to the offset fetches (%v)", err)
			}
			return end(Deadline, fmt.Sprintf("waited %v for the consumer groups to commit %s up to offsets %s; still pending: %s%s",
				w.Deadline, w.Topic, formatOffsets(w.Ends), seen, w.positionsSeen()))
		case <-tick.C:
		}
	}
	committedAt := time.Now()

	// 2. Everything on actions up to now has been captured.
	ends, err := w.Admin.ListEndOffsets(ctx, w.Actions)
	if err != nil {
		return end(Deadline, fmt.Sprintf("listing the end offsets of %s: %v", w.Actions, err))
	}
	want := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) { want[o.Partition] = o.Offset })
	if err := w.Capture.WaitOffsets(ctx, want); err != nil {
		return end(Deadline, fmt.Sprintf("waited for the capture of %s to reach offsets %s: %v", w.Actions, formatOffsets(want), err))
	}

	// 3. No new action for the idle window. On the positions path the
	// window is Quiet, and work seen in the processes restarts it.
	if by == ByPositions {
		return w.quiet(ctx, committedAt, end)
	}
	return w.idle(ctx, committedAt, end)
}

// idle waits, on the commits path, for Idle without a new action.
func (w Wait) idle(ctx context.Context, committedAt time.Time, end func(Condition, string) Outcome) Outcome {
	for {
		if o, ok := w.flooded(); ok {
			return o
		}
		_, lastAt, changed := w.Capture.State()
		quietSince := committedAt
		if lastAt.After(quietSince) {
			quietSince = lastAt
		}
		left := w.Idle - time.Since(quietSince)
		if left <= 0 {
			o := end(Settled, "")
			o.By = ByCommits
			return o
		}
		idle := time.NewTimer(left)
		select {
		case team := <-w.Exited:
			idle.Stop()
			return end(ProgramExited, team)
		case <-ctx.Done():
			idle.Stop()
			return end(Deadline, fmt.Sprintf("actions kept arriving: no quiet window of %v before the deadline", w.Idle))
		case <-changed:
			idle.Stop()
		case <-idle.C:
		}
	}
}

// positionsAtEnd reports whether the positions path may be taken: both
// kinds of evidence are there, and every consumer position is at the end
// offsets of the partitions that received events.
func (w Wait) positionsAtEnd() bool {
	if w.Positions == nil || w.Activity == nil || w.PositionsShowWork == nil || !w.PositionsShowWork() {
		return false
	}
	pos := w.Positions()
	for p, end := range w.Ends {
		if got, ok := pos[p]; end > 0 && (!ok || got < end) {
			return false
		}
	}
	return true
}

// positionsSeen describes the consumers' positions for a deadline's
// message, or "" without a tap.
func (w Wait) positionsSeen() string {
	if w.Positions == nil {
		return ""
	}
	pos := w.Positions()
	if len(pos) == 0 {
		return fmt.Sprintf("; the program's consumers never fetched from %s", w.Topic)
	}
	msg := fmt.Sprintf("; the program's consumers fetch %s at offsets %s", w.Topic, formatOffsets(pos))
	if w.Activity != nil {
		if a, err := w.Activity(); err == nil && a.Sleeping != "" {
			msg += fmt.Sprintf(" and it was still working (%s)", a.Sleeping)
		}
	}
	return msg
}

// quiet waits, on the positions path, for a window of Quiet in which no
// action arrived, the processes used at most a tenth of the window in
// CPU, no thread slept, and the positions stayed at the end offsets. A
// commit up to the end offsets meanwhile ends it as on the commits path:
// a thread asleep may be no part of the work (a leftover sleep &).
func (w Wait) quiet(ctx context.Context, since time.Time, end func(Condition, string) Outcome) Outcome {
	// A sample reads every process's stat file in /proc (milliseconds):
	// taken every few polls, it leaves the CPU to the program.
	tick := time.NewTicker(max(w.Poll, activityEvery))
	defer tick.Stop()
	cpu0 := time.Duration(-1) // the CPU used when the window began
	for {
		if o, ok := w.flooded(); ok {
			return o
		}
		_, lastAt, changed := w.Capture.State()
		a, err := w.Activity()
		now := time.Now()
		switch {
		case err != nil || a.Sleeping != "" || !w.positionsAtEnd() || (cpu0 >= 0 && a.CPU-cpu0 > w.Quiet/10):
			since, cpu0 = now, a.CPU
		case cpu0 < 0:
			cpu0 = a.CPU
		}
		if lastAt.After(since) {
			since = lastAt
		}
		if pending, err := w.pendingCommits(ctx); err == nil && pending == "" {
			return w.idle(ctx, now, end)
		}
		if now.Sub(since) >= w.Quiet {
			o := end(Settled, "")
			o.By = ByPositions
			return o
		}
		select {
		case team := <-w.Exited:
			return end(ProgramExited, team)
		case <-ctx.Done():
			return end(Deadline, fmt.Sprintf("the program never stayed idle for %v before the deadline "+
				"(actions arriving, CPU in use or a thread asleep)%s", w.Quiet, w.positionsSeen()))
		case <-changed:
		case <-tick.C:
		}
	}
}

// pendingCommits describes the groups that have not yet committed up to
// the end offsets, or returns "" when all have.
func (w Wait) pendingCommits(ctx context.Context) (string, error) {
	var pending []string
	for _, g := range w.Groups {
		offs, err := w.Admin.FetchOffsetsForTopics(ctx, g, w.Topic)
		switch {
		case errors.Is(err, kerr.GroupIDNotFound):
			// A group that never committed: kfake says so where Kafka
			// answers with no offsets.
			offs = nil
		case err != nil:
			return "", fmt.Errorf("fetch offsets of group %s: %w", g, err)
		}
		var behind []string
		for p, end := range w.Ends {
			if end == 0 {
				continue
			}
			got := int64(-1)
			if o, ok := offs.Lookup(w.Topic, p); ok && o.Err == nil {
				got = o.At
			}
			if got < end {
				behind = append(behind, fmt.Sprintf("partition %d at %s of %d", p, committed(got), end))
			}
		}
		if len(behind) > 0 {
			sort.Strings(behind)
			pending = append(pending, fmt.Sprintf("group %s: %s", g, strings.Join(behind, ", ")))
		}
	}
	return strings.Join(pending, "; "), nil
}

func committed(o int64) string {
	if o < 0 {
		return "no commit"
	}
	return fmt.Sprint(o)
}

func formatOffsets(m map[int32]int64) string {
	parts := make([]int32, 0, len(m))
	for p := range m {
		parts = append(parts, p)
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i] < parts[j] })
	var b strings.Builder
	b.WriteByte('[')
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d:%d", p, m[p])
	}
	b.WriteByte(']')
	return b.String()
}

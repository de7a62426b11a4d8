// Package settle decides when the programs under test are done with a
// scenario, without fixed sleeps: every team's consumer group has committed
// new_users up to the end of what was replayed, everything on actions has
// been captured, and then no new action has arrived for an idle window. An
// overall deadline bounds the wait, and a program that exits ends it early.
package settle

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

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
)

// Outcome is the end of a wait: which condition, and what was seen.
type Outcome struct {
	Condition Condition
	// Detail says, for a deadline, what was still pending; for an exit,
	// which team's program stopped.
	Detail string
	// At is when the wait ended.
	At time.Time
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
}

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

	// 1. Every group has committed up to the end offsets.
	seen := "" // what the last successful check saw, for the deadline's message
	for {
		pending, err := w.pendingCommits(ctx)
		if err == nil && pending == "" {
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
			return end(Deadline, fmt.Sprintf("waited %v for the consumer groups to commit %s up to offsets %s; still pending: %s",
				w.Deadline, w.Topic, formatOffsets(w.Ends), seen))
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

	// 3. No new action for the idle window.
	for {
		_, lastAt, changed := w.Capture.State()
		quietSince := committedAt
		if lastAt.After(quietSince) {
			quietSince = lastAt
		}
		left := w.Idle - time.Since(quietSince)
		if left <= 0 {
			return end(Settled, "")
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

// pendingCommits describes the groups that have not yet committed up to
// the end offsets, or returns "" when all have.
func (w Wait) pendingCommits(ctx context.Context) (string, error) {
	var pending []string
	for _, g := range w.Groups {
		offs, err := w.Admin.FetchOffsetsForTopics(ctx, g, w.Topic)
		if err != nil {
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

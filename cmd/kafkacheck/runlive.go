package main

import (
	"bytes"
	"fmt"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/harness/process"
	"github.com/kafkacheck/kafkacheck/harness/report"
	"github.com/kafkacheck/kafkacheck/harness/settle"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// live prints what happens during kafkacheck run as it happens, one line
// each, with the time since the scenario started. It is safe for
// concurrent use: notes come from the broker's connections, actions from
// the capture, progress from its own goroutine.
type live struct {
	// verbose prints each scenario's start, its actions, the events
	// fetched and its whole diff; otherwise a scenario is one line (two
	// when it failed) and the diagnoses explain: one mistake fits a screen.
	verbose bool
	tail    *process.Tail // the program's last lines, when it prints any

	mu        sync.Mutex
	w         io.Writer
	start     time.Time
	bootstrap string
	from, to  map[int32]int64 // new_users around the scenario's replay
	actions   int             // printed in this scenario
}

func newLive(w io.Writer) *live { return &live{w: w} }

func (l *live) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "  %6.2fs  ", time.Since(l.start).Seconds())
	fmt.Fprintf(l.w, format, args...)
	fmt.Fprintln(l.w)
}

// header prints the broker's address and the credentials before the
// program first starts.
func (l *live) header(cfg runConfig, b broker.Broker) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.bootstrap = strings.Join(b.Bootstrap(), ",")
	fmt.Fprintf(l.w, "kafkacheck run: %s, %s, edition %s, program: %s\n", cfg.team, count(len(cfg.list), "scenario"), cfg.profile.Edition, strings.Join(cfg.command, " "))
	if c, ok := b.(interface{ Image() string }); ok { // a container
		fmt.Fprintf(l.w, "Backend: a real Kafka in a container (%s), at a port of its own.\n", c.Image())
	}
	fmt.Fprint(l.w, credentials(cfg.team, b, cfg.profile))
	fmt.Fprintf(l.w, "As in class, your program runs once for all the scenarios; each one's users are sent once your consumer\n"+
		"has its position on every partition of %s. Ctrl-C (SIGINT) stops it at the end.\n", classroom.NewUsers)
}

// restarted says that the program is started again, on a fresh broker,
// after it stopped; a container's broker has an address of its own.
func (l *live) restarted(cfg runConfig, b broker.Broker) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "\nYour program stopped: it is started again on a fresh broker for the scenarios left.\n")
	if cfg.backend == "container" {
		fmt.Fprintf(l.w, "This broker is at %s (BOOTSTRAP_SERVERS).\n", strings.Join(b.Bootstrap(), ","))
	}
}

// scenario announces scenario i of n (verbose only: otherwise its result
// line does).
func (l *live) scenario(i, n int, sc *scenarios.Scenario) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.start, l.actions = time.Now(), 0
	if l.verbose {
		fmt.Fprintf(l.w, "\n▶ scenario %d/%d %q (%s): %s, %s expected\n", i+1, n, sc.Name, sc.File,
			count(len(sc.Events), "event"), count(len(sc.Expect), "action"))
	}
}

var noteMarks = map[tap.NoteKind]string{
	tap.NoteConnected: "🔌", tap.NoteAuthFailed: "🔒", tap.NoteDenied: "⛔", tap.NoteJoined: "👥",
}

func (l *live) note(n tap.Note) { l.printf("%s %s", noteMarks[n.Kind], n.Text) }

// maxLiveActions bounds the actions printed live per scenario: a program
// can write without end, and the report counts them all.
const maxLiveActions = 50

func (l *live) action(c judge.Captured, v judge.Verdict) {
	if !l.verbose {
		return
	}
	l.mu.Lock()
	l.actions++
	n := l.actions
	l.mu.Unlock()
	switch {
	case n <= maxLiveActions:
		l.printf("%s action %s", v.Emoji(), process.Sanitize(report.Clip(c.Value, c.Size, 300)))
	case n == maxLiveActions+1:
		l.printf("… more actions are arriving: they are not shown here, the report counts them")
	}
}

// result prints the scenario's verdict line and diff (verbose), or its
// line and, when it failed, what ended it and the program's last lines.
func (l *live) result(r *harness.Result, advice, stopped bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.verbose {
		report.WriteScenario(l.w, r)
		return
	}
	mark := ""
	if advice && !r.Passed() {
		mark = "WARN" // an edge case: advice, not a failure
	}
	if s := report.WriteLineAs(l.w, r, mark); s.Passed {
		return
	}
	why := "below: why"
	if advice {
		why = "an edge case: --verbose lists them"
	}
	what := fmt.Sprintf("%s missing, %d unexpected (%s)",
		count(len(r.Diff.Missing), "expected action"), len(r.Diff.Unexpected)+r.Dropped, why)
	if k := r.Keyed; k != nil && !k.Passed() && r.Diff.Passed() {
		what = fmt.Sprintf("its actions are right; %s with the keyed records on %s (below: why)", count(len(k.Problems), "problem"), k.Topic)
	}
	switch r.Settle.Condition {
	case settle.Settled:
	case settle.ProgramExited:
		// Its detail is the team whose program it was: run has one.
		what = "your program stopped before the scenario ended (below: program_exited)"
	default:
		what = fmt.Sprintf("%s: %s", r.Settle.Condition, report.Clip([]byte(r.Settle.Detail), 0, 200))
	}
	// The program's last line, unless it is its answer to the final
	// Ctrl-C, which says nothing of the scenario.
	if l.tail != nil && !stopped {
		if lines, _ := l.tail.Lines(); len(lines) > 0 {
			what += "; your program last printed: " + report.Clip([]byte(lines[len(lines)-1]), 0, 80)
		}
	}
	fmt.Fprintf(l.w, "      %s\n", what)
}

// setTail gives the live view the current run's output.
func (l *live) setTail(t *process.Tail) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tail = t
}

// tailLines is how many of the program's last lines a failed scenario
// shows.
const tailLines = 1

// outputTo returns a writer that prints the program's output live, each
// line prefixed and with its control characters escaped (--show-output).
func (l *live) outputTo() io.Writer {
	return &prefixed{l: l}
}

// prefixed writes whole lines to the live output, prefixed with "│ ".
type prefixed struct {
	l       *live
	mu      sync.Mutex
	partial []byte
}

func (p *prefixed) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.partial = append(p.partial, b...)
	for {
		i := bytes.IndexByte(p.partial, '\n')
		if i < 0 {
			break
		}
		line := process.Sanitize(string(p.partial[:i]))
		p.partial = p.partial[i+1:]
		p.l.mu.Lock()
		fmt.Fprintf(p.l.w, "  │ %s\n", line)
		p.l.mu.Unlock()
	}
	if len(p.partial) > 64<<10 { // a line without end: show it cut
		p.partial = p.partial[:0]
	}
	return len(b), nil
}

// replayed records the offsets of new_users before and after a
// scenario's replay, for progress.
func (l *live) replayed(from, to map[int32]int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.from, l.to = from, to
}

// progress prints, while a scenario runs, how many of its events the
// program's consumers have fetched, as the connection tap saw their Fetch
// requests (nil positions: no tap, no progress), on every change and
// every few seconds while nothing changes, so a long wait shows what it
// waits for. It returns a function that stops it.
func (l *live) progress(positions func(string) map[int32]int64) (stop func()) {
	l.mu.Lock()
	l.from, l.to = nil, nil
	l.mu.Unlock()
	if positions == nil {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		last, lastPrint := -1, time.Now()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			l.mu.Lock()
			from, to := l.from, l.to
			l.mu.Unlock()
			if to == nil {
				continue // not replayed yet
			}
			n, total := fetched(positions(classroom.NewUsers), from, to)
			switch {
			case n != last && n > 0 && l.verbose:
				l.printf("📥 your consumer fetched %d/%d events", n, total)
			case time.Since(lastPrint) >= 5*time.Second:
				l.printf("⏳ still waiting for your program: its consumer fetched %d/%d events so far", n, total)
			default:
				continue
			}
			last, lastPrint = n, time.Now()
		}
	}()
	return func() { close(done); <-finished }
}

// fetched counts the events between from and to that the positions are
// past, and how many there are.
func fetched(pos, from, to map[int32]int64) (n, total int) {
	for p, end := range to {
		start := from[p]
		total += int(end - start)
		if at, ok := pos[p]; ok {
			n += int(min(max(at, start), end) - start)
		}
	}
	return n, total
}

func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

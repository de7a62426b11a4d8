package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/container"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/classroom"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/harness/report"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// live prints what happens during kafkacheck run as it happens, one line
// each, with the time since the scenario started. It is safe for
// concurrent use: notes come from the broker's connections, actions from
// the capture, progress from its own goroutine.
type live struct {
	mu        sync.Mutex
	w         io.Writer
	start     time.Time
	bootstrap string
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
	fmt.Fprintf(l.w, "kafkacheck run: %s, %s, program: %s\n", cfg.team, count(len(cfg.list), "scenario"), strings.Join(cfg.command, " "))
	if c, ok := b.(*container.Broker); ok {
		fmt.Fprintf(l.w, "Backend: a real Kafka in a container (%s), a fresh one per scenario at a port of its own.\n", c.Image())
	}
	fmt.Fprintf(l.w, "The classroom broker is up. Your program gets these settings in BOOTSTRAP_SERVERS, SECURITY_PROTOCOL,\n"+
		"SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD and TEAM_NAME; a program with hard-coded settings must use:\n")
	fmt.Fprint(l.w, credentials(cfg.team, b))
	fmt.Fprintf(l.w, "Each scenario starts your program afresh and stops it with Ctrl-C (SIGINT) when it is over.\n")
}

// moved prints the address of a scenario's own container broker, which
// differs from the one in the header.
func (l *live) moved(b broker.Broker) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "\nThis scenario's broker is at %s (BOOTSTRAP_SERVERS).", strings.Join(b.Bootstrap(), ","))
}

// scenario announces scenario i of n.
func (l *live) scenario(i, n int, sc *scenarios.Scenario) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.start = time.Now()
	fmt.Fprintf(l.w, "\n▶ scenario %d/%d %q (%s): %s, %s expected\n", i+1, n, sc.Name, sc.File,
		count(len(sc.Events), "event"), count(len(sc.Expect), "action"))
}

var noteMarks = map[diagnose.NoteKind]string{
	diagnose.NoteConnected: "🔌", diagnose.NoteAuthFailed: "🔒", diagnose.NoteDenied: "⛔", diagnose.NoteJoined: "👥",
}

func (l *live) note(n diagnose.Note) { l.printf("%s %s", noteMarks[n.Kind], n.Text) }

func (l *live) action(c judge.Captured, v judge.Verdict) {
	l.printf("%s action %s", v.Emoji(), c.Value)
}

// result prints the scenario's verdict line and diff.
func (l *live) result(r *harness.Result) {
	l.mu.Lock()
	defer l.mu.Unlock()
	report.WriteScenario(l.w, r)
}

// progress prints, while a scenario runs, how many events the team's
// group has committed (kfake's group state, read in process), on every
// change and every few seconds while nothing changes, so a long wait shows
// what it waits for. It returns a function that stops it.
func (l *live) progress(b *embedded.Broker, team string, events int) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		last, lastPrint := int64(-1), time.Now()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			n, state := committed(b, team)
			switch {
			case n != last && n > 0:
				l.printf("📥 consumed %d/%d events (committed by group %s)", n, events, team)
			case time.Since(lastPrint) >= 5*time.Second:
				l.printf("⏳ still waiting for group %s to commit every event: %d/%d so far (the group %s)", team, max(n, 0), events, state)
			default:
				continue
			}
			last, lastPrint = n, time.Now()
		}
	}()
	return func() { close(done); <-finished }
}

// committed sums the group's committed offsets on new_users: offsets
// start at 0 on a fresh broker, so that is how many events it consumed.
func committed(b *embedded.Broker, team string) (int64, string) {
	gi := b.Cluster().GroupInfo(team)
	if gi == nil {
		return -1, "has not joined yet"
	}
	var n int64
	for _, c := range gi.Commits[classroom.NewUsers] {
		n += c.Offset
	}
	return n, fmt.Sprintf("is %s with %s", gi.State, count(len(gi.Members), "member"))
}

func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

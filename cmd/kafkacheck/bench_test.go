package main

import (
	"io"
	"sync"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
)

// BenchmarkRunOverhead measures what kafkacheck run adds to a program's
// own time, with the Go reference client as the program (a separate
// process, through the environment contract) on one built-in scenario:
//
//	startup-ms   program start → its first authenticated connection
//	work-ms      → the last action captured (consuming, producing)
//	overhead-ms  → the verdict: settle's idle window, stopping the
//	             program (SIGINT), draining actions, judging
//
// The broker's start is per scenario and outside the measure.
func BenchmarkRunOverhead(b *testing.B) {
	list, err := loadScenarios("../../scenarios/builtin/team-07-vip-boundary.yaml", "team-7")
	if err != nil {
		b.Fatal(err)
	}
	cfg := runConfig{team: "team-7", timeout: runDeadline, grace: runGrace, command: selfCommand("client"), list: list}
	out := newLive(io.Discard)
	var startup, work, overhead time.Duration
	for b.Loop() {
		b.StopTimer()
		col := diagnose.NewCollector()
		var (
			once      sync.Once
			connected time.Time
		)
		col.OnNote = func(n diagnose.Note) {
			if n.Kind == diagnose.NoteConnected {
				once.Do(func() { connected = time.Now() })
			}
		}
		br, err := embedded.Start(b.Context(), embedded.Config{Listen: col.Listen(nil), OnAuth: col.OnAuth})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		run, err := runOne(b.Context(), cfg, br, list[0], col, out, 0)
		b.StopTimer()
		br.Close()
		if err != nil || !run.Result.Passed() {
			b.Fatalf("run: %v, passed %v", err, err == nil && run.Result.Passed())
		}
		r := run.Result
		startup += connected.Sub(start)
		work += r.LastAction.Sub(connected)
		overhead += r.Verdict.Sub(r.LastAction)
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(float64(startup.Microseconds())/1000/n, "startup-ms")
	b.ReportMetric(float64(work.Microseconds())/1000/n, "work-ms")
	b.ReportMetric(float64(overhead.Microseconds())/1000/n, "overhead-ms")
}

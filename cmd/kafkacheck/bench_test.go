package main

import (
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// BenchmarkRunOverhead measures what kafkacheck run adds to a program's
// own time, with the Go reference client as the program (a separate
// process, through the environment contract) on one built-in scenario.
// The time per op is the whole session: broker start, program start,
// readiness, replay, settle, stopping the program (SIGINT), draining and
// judging; overhead-ms is the part after the last action arrived.
func BenchmarkRunOverhead(b *testing.B) {
	list, err := loadScenarios(b.Context(), "../../scenarios/builtin/team-07-vip-boundary.yaml", nil, "team-7", "")
	if err != nil {
		b.Fatal(err)
	}
	cfg := runConfig{team: "team-7", timeout: runDeadline, grace: runGrace, command: selfCommand("client"), list: list,
		backend: "kfake", mechanism: "PLAIN", host: "127.0.0.1"}
	var overhead time.Duration
	for b.Loop() {
		runs, _, err := runScenarios(b.Context(), cfg, newLive(io.Discard))
		if err != nil || len(runs) != 1 || !runs[0].Result.Passed() {
			b.Fatalf("run: %v, %d runs", err, len(runs))
		}
		r := runs[0].Result
		overhead += r.Verdict.Sub(r.LastAction)
	}
	b.ReportMetric(float64(overhead.Microseconds())/1000/float64(b.N), "overhead-ms")
}

// BenchmarkTutorialTeam is a student's whole check: kafkacheck run on
// the tutorial's main.py completed for team-5 (kafka-python defaults,
// testdata/tutorial), on its team's classroom-tier scenarios. It reports
// the scenarios run; the time per op is the wall time of the check.
func BenchmarkTutorialTeam(b *testing.B) {
	if out, err := exec.Command("python3", "-c", "import kafka").CombinedOutput(); err != nil {
		b.Skipf("kafka-python is not installed: %s", out)
	}
	path, listen := tutorialProgram(b, "main_349bd19_team5.py")
	var scenarios int
	for b.Loop() {
		code, out, stderr := runCLI(b, "run", "--team", "team-5", "--tier", "classroom", "--listen", listen, "--", "python3", path)
		if code != 0 {
			b.Fatalf("exit %d\n%s\n%s", code, out, stderr)
		}
		scenarios = strings.Count(out, "\nPASS  ")
	}
	b.ReportMetric(float64(scenarios), "scenarios")
}

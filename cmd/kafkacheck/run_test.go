package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
)

// kafkacheckBin is kafkacheck built once by TestMain, without the race
// detector even under go test -race: as a program under test it only has to
// behave, and an instrumented binary starts and runs several times slower.
var kafkacheckBin string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "kafkacheck-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "kafkacheck tests:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	kafkacheckBin = filepath.Join(dir, "kafkacheck")
	build := exec.Command("go", "build", "-o", kafkacheckBin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "kafkacheck tests: go build: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// selfCommand is the command line of kafkacheck as a program under test.
func selfCommand(args ...string) []string {
	return append([]string{kafkacheckBin}, args...)
}

// runReportOf runs kafkacheck run with --format json and decodes the report.
func runReportOf(t *testing.T, args ...string) (int, runReport, string) {
	t.Helper()
	code, out, stderr := runCLI(t, append([]string{"run", "--format", "json", "--listen", "127.0.0.1:0"}, args...)...)
	var rep runReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d; stdout is not the JSON report: %v\nstdout:\n%s\nstderr:\n%s", code, err, out, stderr)
	}
	return code, rep, stderr
}

func codesOf(rep runReport) []diagnose.Code {
	out := []diagnose.Code{}
	for _, d := range rep.Diagnostics {
		out = append(out, d.Code)
	}
	return out
}

// TestRunReferenceClientAllTeams proves the Go reference client, run as a
// program through the environment contract, passes kafkacheck run on the
// built-in scenarios of every team.
func TestRunReferenceClientAllTeams(t *testing.T) {
	for _, team := range classroom.TeamNames() {
		t.Run(team, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"--team", team, "--"}, selfCommand("client")...)
			code, rep, stderr := runReportOf(t, args...)
			if code != 0 || !rep.Passed || len(rep.Diagnostics) != 0 {
				t.Fatalf("exit %d, passed %v, diagnostics %+v\nstderr:\n%s", code, rep.Passed, rep.Diagnostics, stderr)
			}
			if rep.Team != team || len(rep.Scenarios) == 0 || len(rep.Skipped) != 0 {
				t.Errorf("report: team %q, %d scenarios, skipped %v", rep.Team, len(rep.Scenarios), rep.Skipped)
			}
		})
	}
}

// TestRunProgramThatExitsAtOnce proves a program that never connects and
// ends at once gets program_exited first (its output says why), then
// never_connected, and that the rest of the scenarios are skipped.
func TestRunProgramThatExitsAtOnce(t *testing.T) {
	code, rep, _ := runReportOf(t, "--team", "team-1", "--", "true")
	want := []diagnose.Code{diagnose.ProgramExited, diagnose.NeverConnected}
	if code != 1 || rep.Passed || !slices.Equal(codesOf(rep), want) {
		t.Fatalf("exit %d, passed %v, codes %v; want 1, false, %v", code, rep.Passed, codesOf(rep), want)
	}
	if len(rep.Scenarios) != 1 || len(rep.Skipped) == 0 {
		t.Errorf("%d scenarios run, %d skipped; want 1 run and the rest skipped", len(rep.Scenarios), len(rep.Skipped))
	}
	// The text's counts say they are of the scenarios that ran.
	_, out, _ := runCLI(t, "run", "--team", "team-1", "--", "true")
	if want := fmt.Sprintf("FAILED: team-1's program passed 0 of 1 classroom scenario run. %d scenarios not run.", len(rep.Skipped)); !strings.Contains(out, want) {
		t.Errorf("text lacks %q:\n%s", want, out)
	}
	if want := "your program stopped before the scenario ended (below: program_exited)"; !strings.Contains(out, want) {
		t.Errorf("text lacks %q:\n%s", want, out)
	}
}

func TestRunTextOutput(t *testing.T) {
	args := append([]string{"run", "--verbose", "--team", "team-7", "--listen", "127.0.0.1:0", "--scenarios", "../../scenarios/builtin/team-07-vip-boundary.yaml", "--"}, selfCommand("client")...)
	code, out, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
	for _, want := range []string{
		"password team-7-secret",
		"user name team-7",
		`🔌 connected and authenticated as "team-7"`,
		`👥 joined consumer group "team-7" (client id "team-7")`,
		"✅ action {",
		"📥 your consumer fetched 10/10 events",
		"PASS  team-7 VIP boundary",
		"PASSED: team-7's program passed 1 of 1 classroom scenario.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestRunUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--", "true"}, "--team is required"},
		{[]string{"run", "--team", "team-3"}, "put its command after --"},
		{[]string{"run", "--team", "Team-3", "--", "true"}, `--team "Team-3"`},
		{[]string{"run", "--team", "team-3", "--listen", "0.0.0.0:9092", "--", "true"}, "loopback only"},
		{[]string{"run", "--team", "team-3", "--format", "xml", "--", "true"}, "want text, json or junit"},
	} {
		code, _, stderr := runCLI(t, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestRunProgramNotFound(t *testing.T) {
	code, rep, _ := runReportOf(t, "--team", "team-2", "--", "no-such-program-kafkacheck")
	if code != 1 || !slices.Equal(codesOf(rep), []diagnose.Code{diagnose.ProgramExited}) || len(rep.Scenarios) != 1 {
		t.Fatalf("exit %d, codes %v, %d scenarios run; want 1, [program_exited], 1", code, codesOf(rep), len(rep.Scenarios))
	}
	if msg := rep.Diagnostics[0].Message; !strings.Contains(msg, "could not be started") || !strings.Contains(msg, "no-such-program-kafkacheck") {
		t.Errorf("message = %q", msg)
	}
}

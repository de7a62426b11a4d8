package main

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/diagnose"
)

// The programs in testdata/tutorial are written the way the tutorial leads
// a student to write them (testdata/tutorial/README.md says which lines of
// which edition each follows): its main.py completed, kafka-python's
// defaults kept (auto_offset_reset="latest", auto-commit every 5 s), no
// try/except, settings hard-coded to localhost:9092. These tests are the
// question a student asks: will my program work in class?

// tutorialProgram copies a program of testdata/tutorial into a temporary
// folder with its hard-coded localhost:9092 moved to a free port, so that
// tests run side by side, and returns its path and the --listen address.
func tutorialProgram(t testing.TB, name string) (path, listen string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "tutorial", name))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), `"localhost:9092"`) {
		t.Fatalf("%s does not hard-code localhost:9092 as the tutorial's main.py does", name)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // run listens on it again at once
	addr := "localhost:" + strconv.Itoa(port)
	path = filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(src), `"localhost:9092"`, strconv.Quote(addr))), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, "127.0.0.1:" + strconv.Itoa(port)
}

// runTutorial runs kafkacheck run --format json on a tutorial program.
func runTutorial(t *testing.T, team, program string, flags ...string) (int, runReport, string) {
	t.Helper()
	path, listen := tutorialProgram(t, program)
	args := append([]string{"run", "--format", "json", "--team", team, "--listen", listen}, flags...)
	code, out, stderr := runCLI(t, append(args, "--", "python3", path)...)
	var rep runReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d; stdout is not the JSON report: %v\nstdout:\n%s\nstderr:\n%s", code, err, out, stderr)
	}
	return code, rep, stderr
}

// failsWithOnly runs a tutorial program and checks that it fails with the
// one diagnosis want.
func failsWithOnly(t *testing.T, team, program string, want diagnose.Code) runReport {
	t.Helper()
	code, rep, stderr := runTutorial(t, team, program)
	if code != 1 || !slices.Equal(codesOf(rep), []diagnose.Code{want}) {
		t.Fatalf("exit %d, codes %v; want 1, [%s]\nlive output:\n%s", code, codesOf(rep), want, stderr)
	}
	return rep
}

// TestTutorialProgramsPass: the tutorial's main.py, completed for five
// teams as its docs lead, passes every classroom-tier scenario of its
// team, with exit 0. Before kafkacheck waited for the consumer's position,
// kafka-python's "latest" made these skip the users and fail.
func TestTutorialProgramsPass(t *testing.T) {
	needKafkaPython(t)
	for _, tt := range []struct{ team, program string }{
		{"team-1", "main_349bd19_team1.py"},
		{"team-3", "main_349bd19_team3.py"},
		{"team-5", "main_349bd19_team5.py"},
		{"team-7", "main_349bd19_team7.py"},
		{"team-9", "main_349bd19_team9.py"},
	} {
		t.Run(tt.team, func(t *testing.T) {
			t.Parallel()
			// The default run: both tiers, edge-tier failures advice.
			code, rep, stderr := runTutorial(t, tt.team, tt.program)
			if code != 0 || !rep.Passed {
				t.Fatalf("exit %d, passed %v, diagnostics %+v\nlive output:\n%s", code, rep.Passed, rep.Diagnostics, stderr)
			}
			for _, d := range rep.Diagnostics {
				if !d.Advice {
					t.Errorf("diagnosis %s is not advice: %s", d.Code, d.Message)
				}
			}
			classroom := 0
			for _, s := range rep.Scenarios {
				if s.Tier == "classroom" {
					classroom++
					if !s.Passed {
						t.Errorf("classroom-tier scenario %q failed", s.Name)
					}
				}
			}
			if classroom < 2 {
				t.Errorf("%d classroom-tier scenarios ran, want at least 2", classroom)
			}
		})
	}
}

// TestCarefulProgramEdgeTierIsAdvice: a program that crashes on a
// malformed value, which the classroom never sends, passes by default
// (the crash is advice), and fails with --strict with program_exited.
func TestCarefulProgramEdgeTierIsAdvice(t *testing.T) {
	needKafkaPython(t)
	t.Parallel()
	code, rep, stderr := runTutorial(t, "team-7", "careful_team7.py")
	if code != 0 || !rep.Passed {
		t.Fatalf("exit %d, passed %v, diagnostics %+v\nlive output:\n%s", code, rep.Passed, rep.Diagnostics, stderr)
	}
	exited := slices.IndexFunc(rep.Diagnostics, func(d diagnose.Diagnostic) bool { return d.Code == diagnose.ProgramExited })
	if exited < 0 || !rep.Diagnostics[exited].Advice || !strings.Contains(rep.Diagnostics[exited].Message, "never sends") {
		t.Errorf("want program_exited as advice saying the classroom never sends such values; got %+v", rep.Diagnostics)
	}
	for _, d := range rep.Diagnostics {
		if !d.Advice {
			t.Errorf("diagnosis %s is not advice: %s", d.Code, d.Message)
		}
	}

	code, rep, stderr = runTutorial(t, "team-7", "careful_team7.py", "--strict")
	if code != 1 || rep.Passed || !slices.Contains(codesOf(rep), diagnose.ProgramExited) {
		t.Fatalf("--strict: exit %d, passed %v, codes %v; want 1, false, program_exited\nlive output:\n%s", code, rep.Passed, codesOf(rep), stderr)
	}
}

// TestScramProgramGetsWrongMechanism: the 2026-01 edition's main.py logs
// in with SCRAM-SHA-256. On the 349bd19 classroom (PLAIN) it is told so,
// not that its user name is missing, and pointed at --edition 2026-01;
// with --mechanism SCRAM-SHA-256 it passes, and with --edition 2026-01
// (SCRAM-SHA-256, 5 partitions) too.
func TestScramProgramGetsWrongMechanism(t *testing.T) {
	needKafkaPython(t)
	t.Parallel()
	rep := failsWithOnly(t, "team-5", "main_2026_01_team5.py", diagnose.WrongMechanism)
	if msg := rep.Diagnostics[0].Message; !strings.Contains(msg, "SCRAM-SHA-256") || !strings.Contains(msg, `sasl_mechanism="PLAIN"`) || !strings.Contains(msg, "--edition 2026-01") {
		t.Errorf("message = %q; want the mechanism asked for, what to set, and --edition 2026-01", msg)
	}
	code, rep, stderr := runTutorial(t, "team-5", "main_2026_01_team5.py", "--mechanism", "SCRAM-SHA-256", "--tier", "classroom")
	if code != 0 || !rep.Passed {
		t.Fatalf("--mechanism SCRAM-SHA-256: exit %d, diagnostics %+v\nlive output:\n%s", code, rep.Diagnostics, stderr)
	}
	code, rep, stderr = runTutorial(t, "team-5", "main_2026_01_team5.py", "--edition", "2026-01")
	if code != 0 || !rep.Passed {
		t.Fatalf("--edition 2026-01: exit %d, diagnostics %+v\nlive output:\n%s", code, rep.Diagnostics, stderr)
	}
	if !strings.Contains(stderr+rep.Edition, "2026-01") {
		t.Errorf("the run does not say which edition it checked; live output:\n%s", stderr)
	}
}

// TestSlowProgramIsNotCutShort: a program that sleeps 300 ms per user
// uses no CPU while it sleeps, yet is still working: kafkacheck must wait
// for it. The scenario's matches come last, so a verdict reached early
// would miss them.
func TestSlowProgramIsNotCutShort(t *testing.T) {
	needKafkaPython(t)
	t.Parallel()
	code, rep, stderr := runTutorial(t, "team-5", "slow_team5.py", "--scenarios", "testdata/team-5-slow.yaml")
	if code != 0 || !rep.Passed {
		t.Fatalf("exit %d, passed %v, diagnostics %+v\nlive output:\n%s", code, rep.Passed, rep.Diagnostics, stderr)
	}
	if s := rep.Scenarios[0]; s.Settle.By != "positions" && s.Settle.By != "commits" {
		t.Errorf("settled by %q", s.Settle.By)
	}
}

// TestOneMistakeFitsAScreen: the tutorial's team-5 program with one
// mistake a student makes gets a text report of at most 60 lines that
// says what to fix: for a wrong rule, the field value it missed and the
// rule in the docs' words.
func TestOneMistakeFitsAScreen(t *testing.T) {
	needKafkaPython(t)
	for _, tt := range []struct {
		name, from, to string
		phrases        []string
	}{
		{"exact match", `if any(kw in user["industry"] for kw in keywords):`, `if user["industry"] in keywords:`,
			[]string{`users whose industry: "Pharmaceuticals"`, "team-5's rule: industry contains Health, Hospital, Medical"}},
		{"str(action)", `json_message = json.dumps(action)`, `json_message = str(action)`,
			[]string{"json.dumps"}},
		{"no reason", `"reason": "HEALTHCARE_COMPLIANCE",`, ``,
			[]string{`lacks "reason"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path, listen := tutorialProgram(t, "main_349bd19_team5.py")
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), tt.from) {
				t.Fatalf("the program has no %q", tt.from)
			}
			if err := os.WriteFile(path, []byte(strings.Replace(string(src), tt.from, tt.to, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, stderr := runCLI(t, "run", "--team", "team-5", "--listen", listen, "--", "python3", path)
			lines := strings.Count(out, "\n")
			if code != 1 || lines > 60 {
				t.Errorf("exit %d, %d lines; want 1 and at most 60\n%s%s", code, lines, out, stderr)
			}
			// Under a failed scenario, the program's last lines (it
			// prints each user's email, as the tutorial's step 1 does).
			if !regexp.MustCompile(`(?m)^FAIL .*\n      .*; your program last printed: `).MatchString(out) {
				t.Errorf("no output tail under a failed scenario:\n%s", out)
			}
			for _, p := range tt.phrases {
				if !strings.Contains(out, p) {
					t.Errorf("report lacks %q:\n%s", p, out)
				}
			}
		})
	}
}

// TestShowOutput: --show-output prints the program's own output as it
// comes, each line prefixed, control characters escaped.
func TestShowOutput(t *testing.T) {
	needKafkaPython(t)
	t.Parallel()
	path, listen := tutorialProgram(t, "main_349bd19_team5.py")
	code, out, stderr := runCLI(t, "run", "--team", "team-5", "--tier", "classroom", "--scenario", "team-05-healthcare",
		"--show-output", "--listen", listen, "--", "python3", path)
	if code != 0 || !strings.Contains(out, "  │ new_users:") {
		t.Errorf("exit %d; want 0 and the program's lines prefixed with │\n%s%s", code, out, stderr)
	}
}

// TestAssignProgramIsToldToSubscribe: a program that assigns itself every
// partition with its team's group_id runs as it would in class (kfake
// alone would answer its first OffsetFetch with GROUP_ID_NOT_FOUND, on
// which kafka-python crashes) and sends the right actions. At 349bd19,
// whose leaderboard does not look at groups, it scores in class: it
// passes, advised to subscribe. At 2026-01, whose Connected needs a member
// in the group, it fails, told to subscribe.
func TestAssignProgramIsToldToSubscribe(t *testing.T) {
	needKafkaPython(t)
	t.Parallel()
	code, rep, stderr := runTutorial(t, "team-3", "assign_every_partition_team3.py")
	i := slices.IndexFunc(rep.Diagnostics, func(d diagnose.Diagnostic) bool { return d.Code == diagnose.NoConsumerGroup })
	if code != 0 || !rep.Passed || i < 0 || !rep.Diagnostics[i].Advice {
		t.Fatalf("349bd19: exit %d, passed %v, diagnostics %+v; want 0, passed, no_consumer_group as advice\nlive output:\n%s", code, rep.Passed, rep.Diagnostics, stderr)
	}
	if msg := rep.Diagnostics[i].Message; !strings.Contains(msg, "does not look at groups") || !strings.Contains(msg, "Remove consumer.assign(...)") {
		t.Errorf("349bd19: the advice does not say why it passes and what to change:\n%s", msg)
	}

	// The 2026-01 classroom with 349bd19's PLAIN login, which this
	// program uses.
	code, rep, stderr = runTutorial(t, "team-3", "assign_every_partition_team3.py", "--edition", "2026-01", "--mechanism", "PLAIN")
	if code != 1 || !slices.Equal(codesOf(rep), []diagnose.Code{diagnose.NoConsumerGroup}) {
		t.Fatalf("2026-01: exit %d, codes %v; want 1, [no_consumer_group]\nlive output:\n%s", code, codesOf(rep), stderr)
	}
	if len(rep.Scenarios) == 0 || !rep.Scenarios[0].Passed {
		t.Errorf("2026-01: the first scenario's actions were not all right: %+v", rep.Scenarios)
	}
	if msg := rep.Diagnostics[0].Message; !strings.Contains(msg, "never gives the team Connected") || !strings.Contains(msg, "Remove consumer.assign(...)") {
		t.Errorf("2026-01: the diagnosis does not point at consumer.assign:\n%s", msg)
	}
}

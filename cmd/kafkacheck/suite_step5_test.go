package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/broker/container"
	"github.com/kafkacheck/kafkacheck/harness/report"
)

// suiteStep5 runs kafkacheck suite --format json on the edition's built-in
// scenarios and returns the report.
func suiteStep5(t *testing.T, args ...string) (int, report.Suite, string) {
	t.Helper()
	code, out, stderr := runCLI(t, append([]string{"suite", "--format", "json"}, args...)...)
	var rep report.Suite
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d; stdout is not the JSON report: %v\n%s\n%s", code, err, out, stderr)
	}
	return code, rep, stderr
}

// TestSuiteEditionRunsItsStep5: suite --edition runs the edition's own
// step-5 scenario beside the edition-independent ones, all passing with
// the reference client, and never the other edition's.
func TestSuiteEditionRunsItsStep5(t *testing.T) {
	for _, tt := range []struct{ edition, mine, other, topic string }{
		{"349bd19", "step 5 (349bd19) watchlist by company", "step 5 (2026-01) team_stats per team", "watchlist"},
		{"2026-01", "step 5 (2026-01) team_stats per team", "step 5 (349bd19) watchlist by company", "team_stats"},
	} {
		t.Run(tt.edition, func(t *testing.T) {
			// One edition at a time, two scenarios at once: fifteen
			// teams' clients joining their groups per scenario is the
			// heaviest load of the package (under -race, eight at once
			// took more than the 10 s deadline).
			code, rep, stderr := suiteStep5(t, "--edition", tt.edition, "--parallel", "2")
			if code != 0 || rep.Summary.Failed != 0 {
				for _, s := range rep.Scenarios {
					if !s.Passed {
						t.Errorf("%s failed: settle %+v, %d missing, %d unexpected, errors %v, keyed %+v", s.Name, s.Settle, len(s.Missing), s.UnexpectedTotal, s.Errors, s.Keyed)
					}
				}
				t.Fatalf("exit %d, %+v\n%s", code, rep.Summary, stderr)
			}
			keyed := 0
			for _, s := range rep.Scenarios {
				if s.Name == tt.other {
					t.Errorf("ran %q on the %s classroom", s.Name, tt.edition)
				}
				if s.Keyed != nil {
					keyed++
					if s.Name != tt.mine || s.Keyed.Topic != tt.topic || !s.Keyed.Passed {
						t.Errorf("%s: keyed on %s, passed %v", s.Name, s.Keyed.Topic, s.Keyed.Passed)
					}
				}
			}
			if keyed != 1 {
				t.Errorf("%d scenarios judged a compacted view, want 1 (%s)", keyed, tt.mine)
			}
		})
	}
}

// TestStep5OnKafka: on a real Kafka, the reference client passes each
// edition's step-5 scenario, and a program that sends its watchlist
// records without a key fails: the broker refuses them, so nothing
// reaches watchlist, and the diagnosis says so without claiming to have
// seen a keyless record; the program's own last lines show the refusal.
func TestStep5OnKafka(t *testing.T) {
	container.Require(t)
	for _, ed := range []string{"349bd19", "2026-01"} {
		code, rep, stderr := suiteStep5(t, "--backend", "container", "--edition", ed, "--scenario", "step5*")
		if code != 0 || rep.Summary.Passed != 1 || rep.Scenarios[0].Keyed == nil {
			t.Errorf("suite --edition %s: exit %d, %+v\n%s", ed, code, rep.Summary, stderr)
		}
	}

	needKafkaPython(t)
	// A container publishes a port of its own: the program reads it from
	// BOOTSTRAP_SERVERS, as run tells it.
	src, err := os.ReadFile(filepath.Join("testdata", "tutorial", "step5_349bd19_team5_nokey.py"))
	if err != nil {
		t.Fatal(err)
	}
	prog := filepath.Join(t.TempDir(), "nokey.py")
	env := "import os\nBOOTSTRAP_SERVERS=os.environ[\"BOOTSTRAP_SERVERS\"]"
	if err := os.WriteFile(prog, []byte(strings.Replace(string(src), `BOOTSTRAP_SERVERS="localhost:9092"`, env, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "run", "--backend", "container", "--step", "5", "--team", "team-5", "--scenario", "step5*", "--format", "json", "--", "python3", prog)
	var rep step5Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d: %v\n%s\n%s", code, err, out, stderr)
	}
	if code != 1 || rep.Step5Passed || len(rep.Scenarios) != 1 || rep.Scenarios[0].Keyed == nil {
		t.Fatalf("exit %d, step 5 passed %v, %d scenarios\n%s", code, rep.Step5Passed, len(rep.Scenarios), stderr)
	}
	k := rep.Scenarios[0].Keyed
	if k.Records != 0 || len(k.Problems) != 1 || k.Problems[0].Code != "keyed_nothing" || strings.Contains(k.Problems[0].Message, "this broker kept") {
		t.Errorf("records %d, problems %+v; want none read and keyed_nothing alone", k.Records, k.Problems)
	}
	refused := false
	for _, d := range rep.Diagnostics {
		refused = refused || strings.Contains(d.Message, "Compacted topic cannot accept message without key")
	}
	if !refused {
		t.Errorf("no diagnosis shows the program's own error, the broker's refusal: %+v", rep.Diagnostics)
	}
}

// TestScenariosListsEditionScenarios: kafkacheck scenarios lists the
// step-5 scenarios of each edition after the others, and shows them.
func TestScenariosListsEditionScenarios(t *testing.T) {
	code, out, _ := runCLI(t, "scenarios")
	for _, p := range []string{"And 2 scenarios of one edition each", "step5-349bd19-watchlist.yaml", "step5-2026-01-team-stats.yaml"} {
		if code != 0 || !strings.Contains(out, p) {
			t.Errorf("exit %d; list lacks %q", code, p)
		}
	}
	want, err := os.ReadFile("../../scenarios/builtin/step5-2026-01-team-stats.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := runCLI(t, "scenarios", "show", "step 5 (2026-01) team_stats per team"); code != 0 || out != string(want) {
		t.Errorf("scenarios show: exit %d, stderr %q", code, stderr)
	}
}

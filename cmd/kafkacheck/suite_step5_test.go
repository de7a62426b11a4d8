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

// TestSuiteEditionRunsItsStep5: suite --edition selects the edition's own
// step-5 scenarios, never the other edition's, and judges each on the
// compacted view, passing with the reference client.
// (TestSuitePassesOnEveryEdition runs the whole suite of each edition.)
func TestSuiteEditionRunsItsStep5(t *testing.T) {
	for _, tt := range []struct {
		edition string
		mine    []string
		topic   string
	}{
		{"349bd19", []string{"step 5 (349bd19) watchlist by company, the other 12 teams", "step 5 (349bd19) watchlist by company"}, "watchlist"},
		{"2026-01", []string{"step 5 (2026-01) team_stats, the other 12 teams", "step 5 (2026-01) team_stats per team"}, "team_stats"},
	} {
		t.Run(tt.edition, func(t *testing.T) {
			t.Parallel()
			code, rep, stderr := suiteStep5(t, "--edition", tt.edition, "--scenario", "step5*")
			if code != 0 || rep.Summary.Total != len(tt.mine) || rep.Summary.Failed != 0 {
				t.Fatalf("exit %d, %+v; want the edition's %d step-5 scenarios, passed\n%s", code, rep.Summary, len(tt.mine), stderr)
			}
			for i, s := range rep.Scenarios {
				if s.Name != tt.mine[i] || s.Keyed == nil || s.Keyed.Topic != tt.topic || !s.Keyed.Passed || len(s.Keyed.Entries) == 0 {
					t.Errorf("ran %q, keyed %+v; want %q judged on %s", s.Name, s.Keyed, tt.mine[i], tt.topic)
				}
			}
		})
	}
}

// TestStep5OnKafka: on a real Kafka, the reference client passes both
// step-5 scenarios of each edition, and a program that sends its watchlist
// records without a key fails: the broker refuses them, so nothing
// reaches watchlist, and the diagnosis says so without claiming to have
// seen a keyless record; the program's own last lines show the refusal.
func TestStep5OnKafka(t *testing.T) {
	container.Require(t)
	for _, ed := range []string{"349bd19", "2026-01"} {
		code, rep, stderr := suiteStep5(t, "--backend", "container", "--edition", ed, "--scenario", "step5*")
		if code != 0 || rep.Summary.Passed != 2 || rep.Scenarios[0].Keyed == nil || rep.Scenarios[1].Keyed == nil {
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
	for _, p := range []string{"And 4 scenarios of one edition each", "step5-349bd19-watchlist.yaml", "step5-2026-01-team-stats.yaml", "step5-349bd19-watchlist-other-teams.yaml", "step5-2026-01-team-stats-other-teams.yaml"} {
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

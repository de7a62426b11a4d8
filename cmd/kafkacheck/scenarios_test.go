package main

import (
	"context"
	"encoding/json"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/report"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// TestScenariosList: kafkacheck scenarios lists every built-in scenario
// with its teams, tier, events, expected actions and file.
func TestScenariosList(t *testing.T) {
	code, out, _ := runCLI(t, "scenarios")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	list, err := scenarios.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "NAME ") || !strings.Contains(out, count(len(list), "built-in scenario")+".") {
		t.Errorf("no header or count:\n%s", out)
	}
	lines := strings.Split(out, "\n")
	for _, s := range list {
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, s.Name+"  ") })
		if i < 0 {
			t.Errorf("no line for %q", s.Name)
			continue
		}
		f := strings.Fields(strings.TrimPrefix(lines[i], s.Name))
		want := []string{string(s.Tier), strconv.Itoa(len(s.Events)), strconv.Itoa(len(s.Expect)), path.Base(s.File)}
		if len(f) < 4 || !slices.Equal(f[len(f)-4:], want) || !strings.Contains(lines[i], teamsColumn(s.Teams)) {
			t.Errorf("line %q: want teams %s and %v", lines[i], teamsColumn(s.Teams), want)
		}
	}
	if got := teamsColumn([]string{"team-7", "team-8", "team-11"}); got != "teams 7,8,11" {
		t.Errorf("teamsColumn = %q", got)
	}
}

// TestScenariosShow: scenarios show NAME prints the file as embedded, by
// name or file name, any case; a glob prints each file it matches under a
// header; an unknown name is exit 2 with the close names.
func TestScenariosShow(t *testing.T) {
	want, err := os.ReadFile("../../scenarios/builtin/team-07-vip-boundary.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"team-7 VIP boundary", "team-7 vip BOUNDARY", "team-07-vip-boundary.yaml", "team-07-vip-boundary"} {
		if code, out, stderr := runCLI(t, "scenarios", "show", name); code != 0 || out != string(want) {
			t.Errorf("scenarios show %q: exit %d, stderr %q, stdout:\n%s", name, code, stderr, out)
		}
	}
	code, out, _ := runCLI(t, "scenarios", "show", "team-05*")
	if code != 0 || strings.Count(out, "# ==> scenarios/builtin/team-05-") != 2 {
		t.Errorf("scenarios show team-05*: exit %d, stdout:\n%s", code, out)
	}
	code, out, stderr := runCLI(t, "scenarios", "show", "team-7 VIP boundry")
	if code != 2 || out != "" || !strings.Contains(stderr, `close: "team-7 VIP boundary, edge cases" (team-07-vip-boundary-edge.yaml), "team-7 VIP boundary" (team-07-vip-boundary.yaml)`) {
		t.Errorf("scenarios show with a typo: exit %d, stderr %q", code, stderr)
	}
	for _, args := range [][]string{{"scenarios", "show"}, {"scenarios", "list"}} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("kafkacheck %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}

// TestScenarioSelection: --scenario selects by name, file name or glob,
// several by repeating it or with commas, a name with a comma of its own
// as a whole, * across a slash; each once, in the suite's order.
func TestScenarioSelection(t *testing.T) {
	list, err := scenarios.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		values []string
		want   []string // file base names
	}{
		{[]string{"team-07-vip-boundary"}, []string{"team-07-vip-boundary.yaml"}},
		{[]string{"team-7 VIP boundary, edge cases"}, []string{"team-07-vip-boundary-edge.yaml"}},
		{[]string{"team-08-debt-boundary.yaml,team-7 VIP boundary"}, []string{"team-07-vip-boundary.yaml", "team-08-debt-boundary.yaml"}},
		{[]string{"team-08-debt-boundary.yaml", "team-07*", "team-07-vip-boundary"}, []string{"team-07-vip-boundary-edge.yaml", "team-07-vip-boundary.yaml", "team-08-debt-boundary.yaml"}},
		{[]string{"*Asia/"}, []string{"team-09-asia-prefix.yaml"}},
	} {
		got, err := selectScenarios(list, tt.values, "--scenario", "the built-in suite")
		var files []string
		for _, s := range got {
			files = append(files, path.Base(s.File))
		}
		if err != nil || !slices.Equal(files, tt.want) {
			t.Errorf("--scenario %q: %v, %v; want %v", tt.values, files, err, tt.want)
		}
	}
	for _, values := range [][]string{{"team-99*"}, {","}, {"[team"}} {
		if _, err := selectScenarios(list, values, "--scenario", "the built-in suite"); err == nil {
			t.Errorf("--scenario %q: no error", values)
		}
	}

	// In suite, with --team.
	code, out, stderr := runCLI(t, "suite", "--format", "json", "--scenario", "team-07*", "--scenario", "all-teams-one-user", "--team", "team-7")
	var rep report.Suite
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil || rep.Summary.Total != 3 {
		t.Errorf("suite --scenario: exit %d, %d scenarios, stderr %q", code, rep.Summary.Total, stderr)
	}
	// In run, narrowed to the team.
	cfg, err := parseRun(context.Background(), []string{"--team", "team-7", "--scenario", "team-07-vip-boundary,all-teams-one-user", "--", "true"})
	if err != nil || len(cfg.list) != 2 || slices.ContainsFunc(cfg.list, func(s *scenarios.Scenario) bool { return !slices.Equal(s.Teams, []string{"team-7"}) }) {
		t.Errorf("run --scenario: %d scenarios, %v", len(cfg.list), err)
	}
	code, _, stderr = runCLI(t, "run", "--team", "team-3", "--scenario", "team-07*", "--", "true")
	if code != 2 || !strings.Contains(stderr, "none of the scenarios --scenario selects lists team-3") {
		t.Errorf("run --scenario of another team: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "suite", "--scenario", "team-5 helthcare")
	if code != 2 || !strings.Contains(stderr, `"team-5 healthcare industries" (team-05-healthcare.yaml)`) || !strings.Contains(stderr, "kafkacheck scenarios lists them all") {
		t.Errorf("unknown --scenario: exit %d, stderr %q", code, stderr)
	}
}

// TestScenarioSelectionFromPath: --scenario also selects among the files
// of --scenarios PATH.
func TestScenarioSelectionFromPath(t *testing.T) {
	list, err := loadScenarios(context.Background(), "../../scenarios/builtin", scenarioNames{"team-15*"}, "", "")
	if err != nil || len(list) != 2 {
		t.Errorf("%d scenarios, %v; want team-15's 2", len(list), err)
	}
	_, err = loadScenarios(context.Background(), "../../scenarios/builtin", scenarioNames{"team-16*"}, "", "")
	if err == nil || !strings.Contains(err.Error(), "no scenario in ../../scenarios/builtin") || strings.Contains(err.Error(), "kafkacheck scenarios lists") {
		t.Errorf("err = %v", err)
	}
}

package layers

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/kafkacheck/kafkacheck/"

// imports returns each package of the module with the module packages it
// imports directly, outside its tests, as paths relative to the module.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		pkgs[pkg] = nil
		for _, imp := range fields[1:] {
			if rel, ok := strings.CutPrefix(imp, module); ok {
				pkgs[pkg] = append(pkgs[pkg], rel)
			}
		}
	}
	return pkgs
}

// rule says which module packages a group of packages may not import.
type rule struct {
	why    string
	from   func(pkg string) bool
	banned func(imp string) bool
}

func under(prefixes ...string) func(string) bool {
	return func(p string) bool {
		for _, pre := range prefixes {
			if p == pre || strings.HasPrefix(p, pre+"/") {
				return true
			}
		}
		return false
	}
}

func not(f func(string) bool) func(string) bool { return func(p string) bool { return !f(p) } }

var rules = []rule{
	{"only cmd/ runs the code under test", not(under("cmd", "clients")), under("client")},
	{"the code under test imports nothing of the harness", under("client"), not(under("internal/serdejson"))},
	{"the classroom is the bottom layer", under("classroom"), not(under("internal"))},
	{"scenarios know nothing of the harness", under("scenarios"), under("harness")},
	{"a step does not call up to the runner or the layers above it",
		under("harness/replay", "harness/capture", "harness/settle", "harness/judge", "harness/keyed", "harness/process", "harness/broker"),
		func(p string) bool { return p == "harness" || upper(p) }},
	{"the runner does not call up", func(p string) bool { return p == "harness" },
		upper},
}

// upper are the layers above the runner.
var upper = under("harness/diagnose", "harness/leaderboard", "harness/report", "harness/harnesstest")

// TestImportsRunOneWay fails on any import against the layers.
func TestImportsRunOneWay(t *testing.T) {
	pkgs := imports(t)
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages: %v", len(pkgs), pkgs)
	}
	for pkg, imps := range pkgs {
		for _, imp := range imps {
			for _, r := range rules {
				if r.from(pkg) && r.banned(imp) {
					t.Errorf("%s imports %s: %s", pkg, imp, r.why)
				}
			}
		}
	}
}

// TestRulesCatchAnUpwardImport keeps the test above honest: each rule
// flags one import that breaks it.
func TestRulesCatchAnUpwardImport(t *testing.T) {
	for i, bad := range [][2]string{
		{"harness/diagnose", "client"},
		{"client", "harness/classroom"},
		{"classroom", "scenarios"},
		{"scenarios", "harness/classroom"},
		{"harness/process", "harness"},
		{"harness", "harness/report"},
	} {
		r := rules[i]
		if !r.from(bad[0]) || !r.banned(bad[1]) {
			t.Errorf("rule %q lets %s import %s", r.why, bad[0], bad[1])
		}
	}
}

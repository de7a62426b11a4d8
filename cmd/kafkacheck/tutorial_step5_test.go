package main

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/diagnose"
)

// Step 5 as students write it: testdata/tutorial's step5_*.py are the
// team-5 programs of tutorial_test.go completed with each edition's
// docs/step-5.md, one per reading the docs allow, and one with the
// mistake the docs warn of (no key).

// runStep5Tutorial runs kafkacheck run --step 5 --format json on a
// tutorial program, edited by the replacements (from, to, from, to, …).
func runStep5Tutorial(t *testing.T, program string, flags []string, edits ...string) (int, step5Report, string) {
	t.Helper()
	path, listen := tutorialProgram(t, program)
	if len(edits) > 0 {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(edits); i += 2 {
			if !strings.Contains(string(src), edits[i]) {
				t.Fatalf("%s has no %q", program, edits[i])
			}
			src = []byte(strings.Replace(string(src), edits[i], edits[i+1], 1))
		}
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := append([]string{"run", "--step", "5", "--format", "json", "--team", "team-5", "--listen", listen}, flags...)
	code, out, stderr := runCLI(t, append(args, "--", "python3", path)...)
	var rep step5Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d; stdout is not the JSON report: %v\nstdout:\n%s\nstderr:\n%s", code, err, out, stderr)
	}
	return code, rep, stderr
}

// step5View returns the run's step-5 scenario's compacted view as
// "key=value" lines, "key absent" for an allowed absence.
func step5View(t *testing.T, rep step5Report) (string, []string) {
	t.Helper()
	for _, s := range rep.Scenarios {
		if s.Keyed == nil {
			continue
		}
		var lines []string
		for _, e := range s.Keyed.Entries {
			if e.Missing {
				lines = append(lines, e.Key+" absent")
			} else {
				lines = append(lines, e.Key+"="+e.Value)
			}
		}
		var codes []string
		for _, p := range s.Keyed.Problems {
			codes = append(codes, p.Code)
		}
		return strings.Join(lines, "\n"), codes
	}
	t.Fatalf("no scenario with a compacted view among %d", len(rep.Scenarios))
	return "", nil
}

// TestStep5ReadingsPass: a program written to each reading of each
// edition's docs/step-5.md passes run --step 5 with exit 0 and the
// edition's step-5 achievement, its compacted view as literal here.
func TestStep5ReadingsPass(t *testing.T) {
	needKafkaPython(t)
	for _, tt := range []struct {
		name, program string
		flags         []string
		achievement   string
		view          string
	}{
		{"349bd19 produce on every match", "step5_349bd19_team5_every_match.py", nil, "5️⃣ Watchlist",
			`Hahn LLC={"team": "team-5", "company": "Hahn LLC", "flag_count": 1}
Kub Inc={"team": "team-5", "company": "Kub Inc", "flag_count": 4}
Lind Group={"team": "team-5", "company": "Lind Group", "flag_count": 2}
Toy and Sons={"team": "team-5", "company": "Toy and Sons", "flag_count": 3}`},
		{"349bd19 produce from 3 flags on", "step5_349bd19_team5_threshold.py", nil, "5️⃣ Watchlist",
			`Hahn LLC absent
Kub Inc={"team": "team-5", "company": "Kub Inc", "flag_count": 4}
Lind Group absent
Toy and Sons={"team": "team-5", "company": "Toy and Sons", "flag_count": 3}`},
		{"2026-01 stats on each match", "step5_2026_01_team5.py", []string{"--edition", "2026-01"}, "📊 Stats Published", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, rep, stderr := runStep5Tutorial(t, tt.program, tt.flags)
			if code != 0 || !rep.Passed || !rep.Step5Passed || rep.Achievement != tt.achievement {
				t.Fatalf("exit %d, passed %v, step 5 passed %v, achievement %q; want 0, true, true, %q\ndiagnostics %+v\nlive output:\n%s",
					code, rep.Passed, rep.Step5Passed, rep.Achievement, tt.achievement, rep.Diagnostics, stderr)
			}
			view, _ := step5View(t, rep)
			if tt.view == "" {
				// processed depends on the order the program reads 5
				// partitions in: the judge holds it to a range.
				if !strings.HasPrefix(view, `team-5={"team": "team-5", "processed": `) || !strings.HasSuffix(view, `, "flagged": 4}`) || strings.Contains(view, "\n") {
					t.Errorf("view:\n%s\nwant team-5's stats with flagged 4 only", view)
				}
			} else if view != tt.view {
				t.Errorf("view:\n%s\nwant:\n%s", view, tt.view)
			}
		})
	}
}

// TestStep5MistakesFail: a program that sends no key, the wrong key or a
// stale count fails run --step 5 with exit 1, no achievement, and a
// diagnosis naming the key and the value.
func TestStep5MistakesFail(t *testing.T) {
	needKafkaPython(t)
	for _, tt := range []struct {
		name, program string
		flags, edits  []string
		code          string
		phrases       []string
	}{
		{"no key", "step5_349bd19_team5_nokey.py", nil, nil, "keyed_no_key",
			[]string{"sent without a key, such as the one with value {\"team\": \"team-5\", \"company\": \"", "key=company_name.encode('utf-8')", "this broker kept it"}},
		{"the team as key", "step5_349bd19_team5_every_match.py", nil,
			[]string{"key=company_name.encode('utf-8'),", "key=TEAM_NAME.encode('utf-8'),"}, "keyed_wrong_key",
			[]string{`key "team-5"`, `"flag_count":`, "its company is", "The key must be the company name"}},
		{"stats sent before counting", "step5_2026_01_team5.py", []string{"--edition", "2026-01"},
			[]string{"        flagged_count += 1\n\n", "", "value=bytes(json.dumps(stats_record), 'utf-8'))\n", "value=bytes(json.dumps(stats_record), 'utf-8'))\n        flagged_count += 1\n"},
			"keyed_stale_count", []string{`key "team-5" has flagged 3`, "the count is 4", `"processed": `}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, rep, stderr := runStep5Tutorial(t, tt.program, append([]string{"--tier", "classroom"}, tt.flags...), tt.edits...)
			if code != 1 || rep.Passed || rep.Step5Passed || rep.Achievement != "" {
				t.Fatalf("exit %d, passed %v, step 5 passed %v, achievement %q; want 1, false, false, none\nlive output:\n%s", code, rep.Passed, rep.Step5Passed, rep.Achievement, stderr)
			}
			var msg string
			for _, s := range rep.Scenarios {
				if s.Keyed == nil {
					continue
				}
				if !s.Keyed.Passed || len(s.Missing) > 0 || len(s.Unexpected) > 0 {
					// The actions are right: only the keyed records fail.
					if len(s.Missing)+len(s.Unexpected) > 0 {
						t.Errorf("actions: %d missing, %d unexpected; want none", len(s.Missing), len(s.Unexpected))
					}
				}
				for _, p := range s.Keyed.Problems {
					if p.Code == tt.code {
						msg = p.Message
					}
				}
			}
			if msg == "" {
				_, codes := step5View(t, rep)
				t.Fatalf("no %s among %v", tt.code, codes)
			}
			for _, p := range tt.phrases {
				if !strings.Contains(msg, p) {
					t.Errorf("%s lacks %q:\n%s", tt.code, p, msg)
				}
			}
			if !slices.ContainsFunc(rep.Diagnostics, func(d diagnose.Diagnostic) bool { return string(d.Code) == tt.code && !d.Advice }) {
				t.Errorf("diagnostics %+v lack %s", rep.Diagnostics, tt.code)
			}
		})
	}
}

// TestStep5NoKeyText: the text report of a program that sends no key
// shows the view, the diagnosis and no achievement; the JSON report's
// diagnostics hold the diagnosis too.
func TestStep5NoKeyText(t *testing.T) {
	needKafkaPython(t)
	t.Parallel()
	path, listen := tutorialProgram(t, "step5_349bd19_team5_nokey.py")
	code, out, stderr := runCLI(t, "run", "--step", "5", "--team", "team-5", "--scenario", "step5*", "--listen", listen, "--", "python3", path)
	for _, p := range []string{
		"its actions are right; 1 problem with the keyed records on watchlist (below: why)",
		`❌ key "Kub Inc" absent, want {"company":"Kub Inc","flag_count":4,"team":"team-5"}`,
		"❌ 10 records without a key",
		"❌ keyed_no_key\n   In scenario \"step 5 (349bd19) watchlist by company\": 10 records were sent without a key",
		"No 5️⃣ Watchlist yet",
	} {
		if !strings.Contains(out, p) {
			t.Errorf("report lacks %q", p)
		}
	}
	if code != 1 || t.Failed() {
		t.Errorf("exit %d\n%s%s", code, out, stderr)
	}
}

// TestStep5NeedsAScenario: a choice of scenarios with no step-5 one for
// the team is a usage error that says how to get one.
func TestStep5NeedsAScenario(t *testing.T) {
	code, _, stderr := runCLI(t, "run", "--step", "5", "--team", "team-3", "--scenario", "team-03*", "--listen", "127.0.0.1:0", "--", "true")
	if code != 2 || !strings.Contains(stderr, "no step-5 scenario of the 349bd19 edition lists team-3 among the scenarios chosen") || !strings.Contains(stderr, "team-1 to team-15") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

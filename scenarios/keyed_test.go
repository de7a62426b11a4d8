package scenarios

import (
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// TestBuiltinStep5: the built-in suite's step-5 scenarios are for one
// edition each, classroom tier, and only BuiltinFor their edition has them.
func TestBuiltinStep5(t *testing.T) {
	for _, ed := range []string{"349bd19", "2026-01"} {
		list, err := BuiltinFor(ed)
		if err != nil {
			t.Fatal(err)
		}
		step5 := 0
		for _, s := range list {
			if s.Step != 5 {
				continue
			}
			step5++
			if s.Edition() != ed || s.Tier != TierClassroom || len(s.Keyed) == 0 {
				t.Errorf("%s: edition %q, tier %s (%s), %d keyed; want %s, classroom, some", s.Name, s.Edition(), s.Tier, s.TierReason, len(s.Keyed), ed)
			}
		}
		if step5 == 0 {
			t.Errorf("BuiltinFor(%s) has no step-5 scenario", ed)
		}
	}
	all, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.Step != 3 || len(s.Editions) != 0 {
			t.Errorf("Builtin() has %s (step %d, editions %v): want only edition-independent step-3 scenarios", s.Name, s.Step, s.Editions)
		}
	}
}

// TestKeyedParse: a step-5 scenario's keyed records are read as written,
// and narrowed to a team with the team's actions.
func TestKeyedParse(t *testing.T) {
	s, err := Parse("k.yaml", []byte(`name: k
teams: [team-1, team-5]
editions: ["349bd19"]
step: 5
expect:
  actions: []
  keyed:
    - {key: Kub Inc, value: {team: team-5, company: Kub Inc, flag_count: 3}}
    - {key: Wolf Inc, value: {team: team-1, company: Wolf Inc, flag_count: 1}, if_present: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Step != 5 || s.Edition() != "349bd19" || len(s.Keyed) != 2 {
		t.Fatalf("step %d, edition %q, %d keyed", s.Step, s.Edition(), len(s.Keyed))
	}
	if got, want := string(s.Keyed[0].Value()), `{"company":"Kub Inc","flag_count":3,"team":"team-5"}`; got != want || s.Keyed[0].IfPresent || s.Keyed[0].Line != 8 {
		t.Errorf("keyed 1 = %s (if_present %v, line %d), want %s, false, 8", got, s.Keyed[0].IfPresent, s.Keyed[0].Line, want)
	}
	if !s.Keyed[1].IfPresent || s.Keyed[1].Team != "team-1" {
		t.Errorf("keyed 2 = %+v", s.Keyed[1])
	}
	n, _ := s.ForTeam("team-1")
	if len(n.Keyed) != 1 || n.Keyed[0].Key != "Wolf Inc" {
		t.Errorf("ForTeam(team-1).Keyed = %+v", n.Keyed)
	}
	if s.AppliesTo("2026-01") || !s.AppliesTo("349bd19") {
		t.Error("AppliesTo: want 349bd19 only")
	}
}

// TestKeyedErrors: each mistake in a step-5 scenario is an error at its
// line that says what to write.
func TestKeyedErrors(t *testing.T) {
	head := "name: k\nteams: [team-5]\n"
	for _, tt := range []struct{ name, body, want string }{
		{"keyed without step", "expect:\n  actions: []\n  keyed: []\n", `k.yaml:5: expect.keyed is for a step: 5 scenario`},
		{"step 5 without edition", "step: 5\nexpect:\n  actions: []\n  keyed: []\n", `k.yaml:4: a step: 5 scenario names exactly one edition`},
		{"step 5 without keyed", "step: 5\neditions: [\"2026-01\"]\nexpect:\n  actions: []\n", `k.yaml:5: a step: 5 scenario needs expect.keyed`},
		{"step 4", "step: 4\nexpect:\n  actions: []\n", `k.yaml:3: step must be 3`},
		{"unknown edition", "editions: [2026]\nexpect:\n  actions: []\n", `k.yaml:3: unknown edition 2026: want 349bd19 or 2026-01`},
		{"key differs from company", "step: 5\neditions: [\"349bd19\"]\nexpect:\n  actions: []\n  keyed:\n    - {key: team-5, value: {team: team-5, company: Kub Inc, flag_count: 3}}\n",
			`k.yaml:8: keyed record 1: key "team-5" differs from its company "Kub Inc": on watchlist the key is the value's company`},
		{"unknown field", "step: 5\neditions: [\"2026-01\"]\nexpect:\n  actions: []\n  keyed:\n    - {key: team-5, value: {team: team-5, flaged: 3}}\n",
			`k.yaml:8: keyed record 1: unknown field "flaged": a team_stats record has team, processed, flagged`},
		{"missing count", "step: 5\neditions: [\"349bd19\"]\nexpect:\n  actions: []\n  keyed:\n    - {key: Kub Inc, value: {team: team-5, company: Kub Inc}}\n",
			`keyed record 1: missing field "flag_count"`},
		{"count as text", "step: 5\neditions: [\"349bd19\"]\nexpect:\n  actions: []\n  keyed:\n    - {key: Kub Inc, value: {team: team-5, company: Kub Inc, flag_count: \"3\"}}\n",
			`flag_count must be a count, a whole number ≥ 0, got 3`},
		{"below 3 required", "step: 5\neditions: [\"349bd19\"]\nexpect:\n  actions: []\n  keyed:\n    - {key: Kub Inc, value: {team: team-5, company: Kub Inc, flag_count: 2}}\n",
			`flag_count 2 with if_present: false: the docs put a company on the watchlist from 3 flags`},
		{"3 optional", "step: 5\neditions: [\"349bd19\"]\nexpect:\n  actions: []\n  keyed:\n    - {key: Kub Inc, value: {team: team-5, company: Kub Inc, flag_count: 3}, if_present: true}\n",
			`flag_count 3 with if_present: true`},
		{"flagged optional", "step: 5\neditions: [\"2026-01\"]\nexpect:\n  actions: []\n  keyed:\n    - {key: team-5, value: {team: team-5, flagged: 2}, if_present: true}\n",
			`flagged 2 with if_present: true`},
		{"processed below flagged", "step: 5\neditions: [\"2026-01\"]\nexpect:\n  actions: []\n  keyed:\n    - {key: team-5, value: {team: team-5, flagged: 2, processed: 1}}\n",
			`processed 1 is below flagged 2`},
		{"other team", "step: 5\neditions: [\"2026-01\"]\nexpect:\n  actions: []\n  keyed:\n    - {key: team-7, value: {team: team-7, flagged: 2}}\n",
			`keyed record 1 is from "team-7", which is not in teams [team-5]`},
		{"key twice", "step: 5\neditions: [\"2026-01\"]\nexpect:\n  actions: []\n  keyed:\n    - {key: team-5, value: {team: team-5, flagged: 2}}\n    - {key: team-5, value: {team: team-5, flagged: 3}}\n",
			`keyed record 2: key "team-5" is expected twice`},
		{"no value", "step: 5\neditions: [\"2026-01\"]\nexpect:\n  actions: []\n  keyed:\n    - {key: team-5}\n",
			`keyed record 1: missing value, like {key: …, value: {team, processed, flagged}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("k.yaml", []byte(head+tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

// TestBuiltinKeyedAgreeWithTheRules questions the step-5 scenarios'
// literal expectations with the classroom's rule oracle: each 349bd19
// company's flag_count is the number of its users that match the team's
// rule, every company matched is listed, and each 2026-01 team's flagged
// is the number of its matches.
func TestBuiltinKeyedAgreeWithTheRules(t *testing.T) {
	for _, ed := range []string{"349bd19", "2026-01"} {
		list, err := BuiltinFor(ed)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			if s.Step != 5 {
				continue
			}
			counts := map[string]int64{} // by key
			for _, team := range s.Teams {
				rule, _ := classroom.RuleOf(team)
				for _, e := range s.Events {
					u, err := classroom.ParseNewUser(e.Value)
					if err != nil || !rule.Selects(u) {
						continue
					}
					if ed == "349bd19" {
						counts[u.CompanyName]++
					} else {
						counts[team]++
					}
				}
				if ed == "2026-01" {
					counts[team] += 0 // a team with no match is listed too
				}
			}
			field := map[string]string{"349bd19": "flag_count", "2026-01": "flagged"}[ed]
			for _, k := range s.Keyed {
				if got := k.Fields[field]; got != counts[k.Key] {
					t.Errorf("%s: %s's %s is %v, the rules count %d", s.Where(k.Line), k.Key, field, got, counts[k.Key])
				}
				delete(counts, k.Key)
			}
			for key, n := range counts {
				t.Errorf("%s: %q has %d matches and no keyed record", s.File, key, n)
			}
		}
	}
}

// TestEveryTeamHasStep5: all 15 teams do step 5 in class, so run --step 5
// must find, for each team in each edition, a built-in step-5 scenario
// that judges it: in 349bd19 a company the team must have put on the
// watchlist (3 or more matches) and one it may have (fewer), in 2026-01
// the team's own team_stats record.
func TestEveryTeamHasStep5(t *testing.T) {
	for _, ed := range []string{"349bd19", "2026-01"} {
		list, err := BuiltinFor(ed)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range classroom.Rules() {
			required, optional := 0, 0
			for _, s := range list {
				if s.Step != 5 {
					continue
				}
				n, ok := s.ForTeam(r.Team)
				if !ok {
					continue
				}
				for _, k := range n.Keyed {
					if k.IfPresent {
						optional++
					} else {
						required++
					}
				}
				if ed == "2026-01" && len(n.Keyed) == 0 {
					t.Errorf("%s lists %s but expects no team_stats record of it", s.File, r.Team)
				}
			}
			switch {
			case ed == "349bd19" && (required == 0 || optional == 0):
				t.Errorf("%s: %s has %d required and %d if_present watchlist records in the step-5 scenarios; want at least one of each", ed, r.Team, required, optional)
			case ed == "2026-01" && required+optional == 0:
				t.Errorf("%s: no step-5 scenario judges %s's team_stats record", ed, r.Team)
			}
		}
	}
}

package keyed

import (
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/scenarios"
)

// watchlist349 is a 349bd19 step-5 scenario: Kub Inc matched 3 times
// (required), Toy and Sons once (allowed if present).
const watchlist349 = `name: w
teams: [team-5]
editions: ["349bd19"]
step: 5
expect:
  actions: []
  keyed:
    - {key: Kub Inc, value: {team: team-5, company: Kub Inc, flag_count: 3}}
    - {key: Toy and Sons, value: {team: team-5, company: Toy and Sons, flag_count: 1}, if_present: true}
`

// stats2026 is a 2026-01 step-5 scenario: team-5 flagged 2.
const stats2026 = `name: s
teams: [team-5]
editions: ["2026-01"]
step: 5
expect:
  actions: []
  keyed:
    - {key: team-5, value: {team: team-5, flagged: 2}}
`

func keyedOf(t *testing.T, file string) []scenarios.Keyed {
	t.Helper()
	s, err := scenarios.Parse("k.yaml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	return s.Keyed
}

// rec is a keyed record on partition 0; key "-" means no key.
func rec(key, value string) Record {
	r := Record{Value: []byte(value)}
	if key != "-" {
		r.Key = []byte(key)
	}
	return r
}

func numbered(rs ...Record) []Record {
	for i := range rs {
		rs[i].Offset = int64(i)
	}
	return rs
}

// TestJudgePasses: every reading the docs allow passes.
func TestJudgePasses(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		records    []Record
	}{
		{"349bd19 produce on every match", watchlist349, numbered(
			rec("Kub Inc", `{"team": "team-5", "company": "Kub Inc", "flag_count": 1}`),
			rec("Toy and Sons", `{"team": "team-5", "company": "Toy and Sons", "flag_count": 1}`),
			rec("Kub Inc", `{"team": "team-5", "company": "Kub Inc", "flag_count": 2}`),
			rec("Kub Inc", `{"team": "team-5", "company": "Kub Inc", "flag_count": 3}`))},
		{"349bd19 produce from 3 on", watchlist349, numbered(
			rec("Kub Inc", `{"team": "team-5", "company": "Kub Inc", "flag_count": 3}`))},
		{"349bd19 key order and spacing free", watchlist349, numbered(
			rec("Kub Inc", `{"flag_count":3,"company":"Kub Inc","team":"team-5"}`))},
		{"2026-01 stats on each match", stats2026, numbered(
			rec("team-5", `{"team": "team-5", "processed": 1, "flagged": 1}`),
			rec("team-5", `{"team": "team-5", "processed": 4, "flagged": 2}`))},
		{"2026-01 stats on every user", stats2026, numbered(
			rec("team-5", `{"team": "team-5", "processed": 1, "flagged": 0}`),
			rec("team-5", `{"team": "team-5", "processed": 2, "flagged": 1}`),
			rec("team-5", `{"team": "team-5", "processed": 3, "flagged": 2}`),
			rec("team-5", `{"team": "team-5", "processed": 5, "flagged": 2}`))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ed := "349bd19"
			if tt.file == stats2026 {
				ed = "2026-01"
			}
			v := Judge(ed, keyedOf(t, tt.file), Compact(tt.records), Evidence{Consumed: 5})
			if !v.Passed() {
				t.Errorf("problems: %+v", v.Problems)
			}
		})
	}
}

// TestJudgeCatchesWrongAnswers: each wrong answer fails with the problem
// that names it, and its message names the key and the value.
func TestJudgeCatchesWrongAnswers(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		records    []Record
		code       Code
		phrases    []string
	}{
		{"no key", watchlist349, numbered(rec("-", `{"team": "team-5", "company": "Kub Inc", "flag_count": 3}`)),
			NoKey, []string{"1 record was sent without a key", `value {"team": "team-5", "company": "Kub Inc", "flag_count": 3}`, "key=company_name.encode('utf-8')", "this broker kept it"}},
		{"nothing at all", watchlist349, nil,
			Nothing, []string{"Nothing reached watchlist", `key "Kub Inc"`, `{"company":"Kub Inc","flag_count":3,"team":"team-5"}`}},
		{"team as key", watchlist349, numbered(rec("team-5", `{"team": "team-5", "company": "Kub Inc", "flag_count": 3}`)),
			WrongKey, []string{`key "team-5"`, `its company is "Kub Inc"`, "key=company_name.encode('utf-8')"}},
		{"stale count", watchlist349, numbered(
			rec("Kub Inc", `{"team": "team-5", "company": "Kub Inc", "flag_count": 3}`),
			rec("Kub Inc", `{"team": "team-5", "company": "Kub Inc", "flag_count": 2}`)),
			StaleCount, []string{`key "Kub Inc" has flag_count 2`, "the count is 3"}},
		{"below threshold, wrong count", watchlist349, numbered(
			rec("Kub Inc", `{"team": "team-5", "company": "Kub Inc", "flag_count": 3}`),
			rec("Toy and Sons", `{"team": "team-5", "company": "Toy and Sons", "flag_count": 2}`)),
			WrongCount, []string{`key "Toy and Sons" has flag_count 2, want 1`}},
		{"missing company", watchlist349, numbered(
			rec("Toy and Sons", `{"team": "team-5", "company": "Toy and Sons", "flag_count": 1}`)),
			Missing, []string{`No record with key "Kub Inc"`, `{"company":"Kub Inc","flag_count":3,"team":"team-5"}`}},
		{"unexpected company", watchlist349, numbered(
			rec("Kub Inc", `{"team": "team-5", "company": "Kub Inc", "flag_count": 3}`),
			rec("Green LLC", `{"team": "team-5", "company": "Green LLC", "flag_count": 1}`)),
			Unexpected, []string{`key "Green LLC"`, `"flag_count": 1`}},
		{"wrong team", watchlist349, numbered(rec("Kub Inc", `{"team": "team-7", "company": "Kub Inc", "flag_count": 3}`)),
			WrongTeam, []string{`its team is "team-7", want "team-5"`}},
		{"count as text", watchlist349, numbered(rec("Kub Inc", `{"team": "team-5", "company": "Kub Inc", "flag_count": "3"}`)),
			WrongCount, []string{`flag_count "3", want 3`}},
		{"python str value", watchlist349, numbered(rec("Kub Inc", `{'team': 'team-5', 'company': 'Kub Inc', 'flag_count': 3}`)),
			BadValue, []string{"is not a JSON object"}},
		{"extra field", watchlist349, numbered(rec("Kub Inc", `{"team": "team-5", "company": "Kub Inc", "flag_count": 3, "x": 1}`)),
			BadValue, []string{`has the field "x"`}},
		{"split key", watchlist349, []Record{
			{Partition: 0, Key: []byte("Kub Inc"), Value: []byte(`{"team": "team-5", "company": "Kub Inc", "flag_count": 2}`)},
			{Partition: 1, Key: []byte("Kub Inc"), Value: []byte(`{"team": "team-5", "company": "Kub Inc", "flag_count": 3}`)}},
			Split, []string{`Key "Kub Inc" is in partitions [0 1]`}},
		{"2026-01 no key", stats2026, numbered(rec("-", `{"team": "team-5", "processed": 3, "flagged": 2}`)),
			NoKey, []string{"key=TEAM_NAME.encode('utf-8')", `"processed": 3`}},
		{"2026-01 stale flagged", stats2026, numbered(rec("team-5", `{"team": "team-5", "processed": 3, "flagged": 1}`)),
			StaleCount, []string{`key "team-5" has flagged 1`, "the count is 2"}},
		{"2026-01 processed decreases", stats2026, numbered(
			rec("team-5", `{"team": "team-5", "processed": 4, "flagged": 1}`),
			rec("team-5", `{"team": "team-5", "processed": 3, "flagged": 2}`)),
			Processed, []string{"processed went down from 4 to 3", `key "team-5"`}},
		{"2026-01 processed below flagged", stats2026, numbered(rec("team-5", `{"team": "team-5", "processed": 1, "flagged": 2}`)),
			Processed, []string{"processed 1, below flagged 2"}},
		{"2026-01 processed above consumed", stats2026, numbered(rec("team-5", `{"team": "team-5", "processed": 6, "flagged": 2}`)),
			Processed, []string{"processed 6, but only 5 users reached new_users"}},
		{"2026-01 company as key", stats2026, numbered(rec("Kub Inc", `{"team": "team-5", "processed": 3, "flagged": 2}`)),
			WrongKey, []string{`key "Kub Inc"`, `its team is "team-5"`, "key=TEAM_NAME.encode('utf-8')"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ed := "349bd19"
			if tt.file == stats2026 {
				ed = "2026-01"
			}
			v := Judge(ed, keyedOf(t, tt.file), Compact(tt.records), Evidence{Consumed: 5})
			if v.Passed() {
				t.Fatal("passed")
			}
			var msg string
			for _, p := range v.Problems {
				if p.Code == tt.code {
					msg = p.Message
				}
			}
			if msg == "" {
				t.Fatalf("no %s among %+v", tt.code, v.Problems)
			}
			for _, ph := range tt.phrases {
				if !strings.Contains(msg, ph) {
					t.Errorf("%s message lacks %q:\n%s", tt.code, ph, msg)
				}
			}
		})
	}
}

// TestCompactKeepsTheLatest: the view holds each key's last record, the
// keyless ones aside.
func TestCompactKeepsTheLatest(t *testing.T) {
	v := Compact(numbered(rec("a", "1"), rec("b", "2"), rec("-", "x"), rec("a", "3")))
	if got := string(v.Latest["a"].Value); got != "3" || len(v.History["a"]) != 2 || len(v.Keyless) != 1 || strings.Join(v.Keys, ",") != "a,b" {
		t.Errorf("latest a = %s, history %d, keyless %d, keys %v", got, len(v.History["a"]), len(v.Keyless), v.Keys)
	}
}

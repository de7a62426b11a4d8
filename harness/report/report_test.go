package report_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/harness/report"
	"github.com/kafkacheck/kafkacheck/harness/settle"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden.json from this run")

const goldenFile = "testdata/report.golden.json"

// goldenYAML has one of each kind of mistake: its third event is no user
// (so the scenario is of the edge tier), and its programs will send one
// action twice, one with the wrong reason, and a huge one.
const goldenYAML = `name: golden report
description: one of each kind of mistake
teams: [team-1, team-7]
events:
  - user: {email: a@hotmail.com}
  - user: {email: vip@gmail.com, premium: true, credit: 11}
  - raw: "not json {"
  - user: {email: b@hotmail.com}
expect:
  actions:
    - {customer: a@hotmail.com, type: CONTACT_CUSTOMER, reason: LEGACY_EMAIL_PROVIDER, team: team-1}
    - {customer: vip@gmail.com, type: CONTACT_CUSTOMER, reason: VIP_USER, team: team-7}
    - {customer: b@hotmail.com, type: CONTACT_CUSTOMER, reason: LEGACY_EMAIL_PROVIDER, team: team-1}
`

const passingYAML = `name: golden pass
teams: [team-1]
events:
  - user: {email: ana@hotmail.com}
expect:
  actions:
    - {customer: ana@hotmail.com, type: CONTACT_CUSTOMER, reason: LEGACY_EMAIL_PROVIDER, team: team-1}
`

func parse(t *testing.T, file, yaml string) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Parse(file, []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// whole is a message read whole, with the verdict given.
func whole(p int32, o int64, v string, verdict judge.Verdict) judge.Captured {
	return judge.Captured{Partition: p, Offset: o, Value: []byte(v), Size: len(v), Verdict: verdict, Judged: true}
}

// result builds a scenario's result as the harness would: the diff of
// what was captured, each record's source event named (sources[i] is
// captured[i]'s).
func result(t *testing.T, s *scenarios.Scenario, expected []judge.Expected, captured []judge.Captured, sources []string) *harness.Result {
	t.Helper()
	d, err := judge.Compare(expected, captured)
	if err != nil {
		t.Fatal(err)
	}
	for i := range d.Records {
		if i < len(sources) {
			d.Records[i].Source = sources[i]
		}
	}
	return &harness.Result{Scenario: s, Backend: "kfake", Records: d.Records, Diff: d}
}

// failing is the golden scenario's result: one action missing, one
// unexpected, one duplicate, one cut, two dropped past the capture's bound;
// a flood, and team-7's program failed.
func failing(t *testing.T) *harness.Result {
	s := parse(t, "golden.yaml", goldenYAML)
	expected := []judge.Expected{
		{Value: []byte(`{"customer":"a@hotmail.com","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1","type":"CONTACT_CUSTOMER"}`), Source: "golden.yaml:11, from event 1 (golden.yaml:5)"},
		{Value: []byte(`{"customer":"vip@gmail.com","reason":"VIP_USER","team":"team-7","type":"CONTACT_CUSTOMER"}`), Source: "golden.yaml:12, from event 2 (golden.yaml:6)"},
		{Value: []byte(`{"customer":"b@hotmail.com","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1","type":"CONTACT_CUSTOMER"}`), Source: "golden.yaml:13, from event 4 (golden.yaml:8)"},
	}
	captured := []judge.Captured{
		// Matches the first expected action: other key order and spacing.
		whole(0, 0, `{"team": "team-1", "type": "CONTACT_CUSTOMER", "reason": "LEGACY_EMAIL_PROVIDER", "customer": "a@hotmail.com"}`, judge.Valid),
		// Unexpected: team-7's action with team-1's reason.
		whole(1, 0, `{"customer":"vip@gmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-7"}`, judge.Valid),
		// A duplicate of the first.
		whole(0, 1, `{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`, judge.Valid),
		// Matches the third expected action.
		whole(1, 1, `{"customer":"b@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`, judge.Valid),
		// 70,000 bytes of which the capture kept 41; no team field: ❌.
		{Partition: 0, Offset: 2, Value: []byte(`{"customer":"flood@example.com","pad":"xx`), Size: 70000, Verdict: judge.InvalidJSON},
	}
	sources := []string{"event 1 (golden.yaml:5)", "event 2 (golden.yaml:6)", "event 1 (golden.yaml:5)", "event 4 (golden.yaml:8)", ""}
	r := result(t, s, expected, captured, sources)
	r.Dropped = 2
	r.Diff.Verdicts.Merge(judge.Counts{MissingFields: 2}) // the dropped ones'
	r.Settle = settle.Outcome{Condition: settle.Flood, Detail: "7 actions (0 MB) arrived where 3 were expected: the scenario can no longer pass, so it was ended there"}
	r.ProgramErrors = map[string]error{"team-7": errors.New("exit status 1")}
	r.Duration = 1234567 * time.Microsecond
	return r
}

func passing(t *testing.T) *harness.Result {
	s := parse(t, "pass.yaml", passingYAML)
	action := `{"customer":"ana@hotmail.com","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1","type":"CONTACT_CUSTOMER"}`
	r := result(t, s,
		[]judge.Expected{{Value: []byte(action), Source: "pass.yaml:7, from event 1 (pass.yaml:4)"}},
		[]judge.Captured{whole(0, 0, action, judge.Valid)},
		[]string{"event 1 (pass.yaml:4)"})
	r.Settle = settle.Outcome{Condition: settle.Settled, By: settle.ByCommits}
	r.Duration = 21400 * time.Microsecond
	return r
}

// TestJSONGolden pins the JSON report, a contract that scripts read, byte
// for byte. Rewrite it with go test ./harness/report -update and review
// the diff.
func TestJSONGolden(t *testing.T) {
	var got bytes.Buffer
	if err := report.WriteJSON(&got, report.FromResults([]*harness.Result{failing(t), passing(t)})); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(goldenFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenFile, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatalf("%v (write it with -update)", err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("JSON report differs from %s (-golden +got); if the change is meant, rerun with -update and review it:\n%s", goldenFile, diff)
	}
}

// TestWriteScenario: the text report of a failing scenario says why, line
// by line.
func TestWriteScenario(t *testing.T) {
	var b strings.Builder
	report.WriteScenario(&b, failing(t))
	lines := strings.Split(b.String(), "\n")
	for _, want := range []string{
		"FAIL  golden report                                edge      team-1,team-7             1234.6 ms  ✅ 4  ❌ 1  ❓ 2",
		"      did not settle (flood): 7 actions (0 MB) arrived where 3 were expected: the scenario can no longer pass, so it was ended there",
		"      team-7's program failed: exit status 1",
		`      missing     {"customer":"vip@gmail.com","reason":"VIP_USER","team":"team-7","type":"CONTACT_CUSTOMER"}`,
		"                  expected at golden.yaml:12, from event 2 (golden.yaml:6)",
		`      unexpected  ✅ {"customer":"vip@gmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-7"}  (actions partition 1, offset 0)`,
		"                  about the user of event 2 (golden.yaml:6)",
		`                  instead of the expected action: reason is "LEGACY_EMAIL_PROVIDER", want "VIP_USER"`,
		`      duplicate   ✅ {"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}  (actions partition 0, offset 1)`,
		"                  about the user of event 1 (golden.yaml:5)",
		`      unexpected  ❌ {"customer":"flood@example.com","pad":"xx… (69959 more bytes)  (actions partition 0, offset 2)`,
		"      … and 2 more unexpected messages",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("no line\n%s\nin the report:\n%s", want, b.String())
		}
	}

	b.Reset()
	report.WriteScenario(&b, passing(t))
	want := "PASS  golden pass                                  classroom team-1                      21.4 ms  ✅ 1  ❌ 0  ❓ 0\n"
	if b.String() != want {
		t.Errorf("passing scenario's report:\n%q\nwant\n%q", b.String(), want)
	}
}

// TestListingBounds: a flood of unexpected messages is listed within
// bounds: MaxListed in JSON, 10 in text, and counted in full.
func TestListingBounds(t *testing.T) {
	s := parse(t, "many.yaml", goldenYAML)
	var expected []judge.Expected
	for i := range 12 {
		expected = append(expected, judge.Expected{
			Value:  []byte(fmt.Sprintf(`{"customer":"m%d@hotmail.com","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1","type":"CONTACT_CUSTOMER"}`, i)),
			Source: fmt.Sprintf("many.yaml:%d", 20+i),
		})
	}
	var captured []judge.Captured
	for i := range 150 {
		captured = append(captured, whole(0, int64(i), fmt.Sprintf("junk %d", i), judge.InvalidJSON))
	}
	r := result(t, s, expected, captured, nil)
	r.Dropped = 7
	r.Settle = settle.Outcome{Condition: settle.Settled, By: settle.ByCommits}

	js := report.FromResult(r)
	if len(js.Unexpected) != 100 || js.UnexpectedTotal != 157 || js.Actions != 157 || len(js.Missing) != 12 {
		t.Errorf("JSON lists %d unexpected of %d, %d actions, %d missing; want 100 of 157, 157, 12",
			len(js.Unexpected), js.UnexpectedTotal, js.Actions, len(js.Missing))
	}
	if last := js.Unexpected[len(js.Unexpected)-1]; last.Offset != 99 || last.Value != "junk 99" {
		t.Errorf("last unexpected listed: %+v, want offset 99, the 100th", last)
	}

	var b strings.Builder
	report.WriteScenario(&b, r)
	text := b.String()
	if n := strings.Count(text, "      unexpected  ❌ junk "); n != 10 {
		t.Errorf("text lists %d unexpected messages, want 10:\n%s", n, text)
	}
	if n := strings.Count(text, "      missing     "); n != 10 {
		t.Errorf("text lists %d missing actions, want 10:\n%s", n, text)
	}
	for _, want := range []string{
		"      … and 2 more missing (--format json lists them all)\n",
		"      … and 147 more unexpected messages\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

// TestClip: long values are cut on a character boundary, with a note of
// what was left out.
func TestClip(t *testing.T) {
	for _, tt := range []struct {
		value       string
		size, limit int
		want        string
	}{
		{"short", 0, 10, "short"},
		{"0123456789", 0, 10, "0123456789"},
		{"0123456789ab", 0, 10, "0123456789… (2 more bytes)"},
		{"0123", 5000, 10, "0123… (4996 more bytes)"},
		{"aé", 0, 2, "a… (2 more bytes)"}, // é is 2 bytes: not cut in half
	} {
		if got := report.Clip([]byte(tt.value), tt.size, tt.limit); got != tt.want {
			t.Errorf("Clip(%q, %d, %d) = %q, want %q", tt.value, tt.size, tt.limit, got, tt.want)
		}
	}
}

// TestWriteSummary: the per-team table counts each team's scenarios and
// the actions its team field names, and the last line sums up.
func TestWriteSummary(t *testing.T) {
	var b strings.Builder
	report.WriteSummary(&b, []*harness.Result{failing(t), passing(t)}, 1500*time.Millisecond)
	want := "\n" +
		"team      scenarios  passed  actions\n" +
		"team-1            2       1  ✅ 4  ❌ 0  ❓ 0\n" +
		"team-7            1       0  ✅ 1  ❌ 0  ❓ 0\n" +
		"\n" +
		"2 scenarios: 1 passed, 1 FAILED (kfake, 1.50 s)\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
}

// TestWriteScenarioQuestionsAWrongExpectation: a scenario writer who
// expects an action the classroom's rule does not ask for is told so,
// with the fields the rule reads and the rule.
func TestWriteScenarioQuestionsAWrongExpectation(t *testing.T) {
	s := parse(t, "wrong.yaml", `name: wrong expectation
teams: [team-7]
events:
  - user: {email: vip10@gmail.com, premium: true, credit: 10}
  - user: {email: vip11@gmail.com, premium: true, credit: 11}
expect:
  actions:
    - {customer: vip10@gmail.com, type: CONTACT_CUSTOMER, reason: VIP_USER, team: team-7}
    - {customer: vip11@gmail.com, type: CONTACT_CUSTOMER, reason: VIP_USER, team: team-7}
`)
	var expected []judge.Expected
	for _, a := range s.Expect {
		expected = append(expected, judge.Expected{Value: a.Value, Source: s.Where(a.Line)})
	}
	var b strings.Builder
	report.WriteScenario(&b, result(t, s, expected, nil, nil))
	out := b.String()
	want := "the classroom's rule for team-7 does not select vip10@gmail.com (premium: true, credit: 10; the rule: premium is true and credit > 10)"
	if !strings.Contains(out, want) {
		t.Errorf("report lacks %q:\n%s", want, out)
	}
	if strings.Count(out, "does not select") != 1 {
		t.Errorf("vip11, whom the rule selects, is questioned too:\n%s", out)
	}
}

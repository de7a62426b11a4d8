package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/harness/process"
)

// WriteScenario prints one scenario's line and, when it failed, why.
func WriteScenario(w io.Writer, r *harness.Result) {
	s := WriteLine(w, r)
	if s.Passed {
		return
	}
	if r.Settle.Condition != "settled" {
		fmt.Fprintf(w, "      did not settle (%s): %s\n", r.Settle.Condition, r.Settle.Detail)
	}
	for _, e := range s.Errors {
		fmt.Fprintf(w, "      %s's program failed: %s\n", e.Team, e.Error)
	}
	if r.NotReplayed {
		fmt.Fprintf(w, "      its %d events were never sent, so none of its %d actions could come\n", s.Events, s.Expected)
	} else {
		for _, m := range s.Missing[:min(len(s.Missing), maxShown)] {
			fmt.Fprintf(w, "      missing     %s\n                  expected at %s\n", m.Action, m.Source)
			if note := notSelected(r, m.Action); note != "" {
				fmt.Fprintf(w, "                  %s\n", note)
			}
		}
		if n := len(s.Missing) - maxShown; n > 0 {
			fmt.Fprintf(w, "      … and %d more missing (--format json lists them all)\n", n)
		}
	}
	for i, u := range s.Unexpected[:min(len(s.Unexpected), maxShown)] {
		what := "unexpected"
		if u.Duplicate {
			what = "duplicate "
		}
		fmt.Fprintf(w, "      %s  %s %s  (actions partition %d, offset %d)\n", what, r.Diff.Unexpected[i].Verdict.Emoji(), process.Sanitize(u.Value), u.Partition, u.Offset)
		if u.Source != "" {
			fmt.Fprintf(w, "                  about the user of %s\n", u.Source)
		}
		if hint := nearMiss(r.Diff.Unexpected[i].Value, r.Diff.Missing); hint != "" {
			fmt.Fprintf(w, "                  %s\n", hint)
		}
	}
	if n := s.UnexpectedTotal - min(len(s.Unexpected), maxShown); n > 0 {
		fmt.Fprintf(w, "      … and %d more unexpected messages\n", n)
	}
	WriteKeyed(w, r)
}

// notSelected says, for an expected action, when the classroom's rule
// oracle does not select its user: a scenario writer's mistake more likely
// than the program's (the classroom's rule for team-7 does not select
// vip10@…: credit: 10; the rule: premium is true and credit > 10).
func notSelected(r *harness.Result, action []byte) string {
	var a struct{ Customer, Team string }
	if json.Unmarshal(action, &a) != nil {
		return ""
	}
	rule, ok := classroom.RuleOf(a.Team)
	if !ok {
		return ""
	}
	for _, e := range r.Scenario.Events {
		if e.Email != a.Customer {
			continue
		}
		u, err := classroom.ParseNewUser(e.Value)
		switch {
		case err != nil:
			return fmt.Sprintf("the classroom's simulator cannot read this user (%v): no team acts on it; is the expectation right?", err)
		case !rule.Selects(u):
			return fmt.Sprintf("the classroom's rule for %s does not select %s (%s; the rule: %s): is the expectation right?",
				a.Team, a.Customer, rule.Fields(u), rule.Docs)
		}
		return ""
	}
	return ""
}

// WriteLine prints one scenario's line: PASS or FAIL, its name, tier,
// teams, duration and verdict counts. It returns the scenario's report.
func WriteLine(w io.Writer, r *harness.Result) Scenario { return WriteLineAs(w, r, "") }

// WriteLineAs is WriteLine with mark ("WARN" for a failure that is only
// advice) in place of FAIL; "" keeps FAIL.
func WriteLineAs(w io.Writer, r *harness.Result, failMark string) Scenario {
	s := FromResult(r)
	mark := "PASS"
	if !s.Passed {
		mark = cmp.Or(failMark, "FAIL")
	}
	fmt.Fprintf(w, "%s  %-44s %-9s %-24s %7.1f ms  %s\n", mark, s.Name, s.Tier, strings.Join(s.Teams, ","), s.DurationMS, counts(s.Verdicts))
	return s
}

// maxShown bounds the missing and unexpected actions the text report
// lists per scenario: one mistake must fit on a screen.
const maxShown = 10

// WriteSummary prints the per-team table and the final line.
func WriteSummary(w io.Writer, results []*harness.Result, wall time.Duration) {
	type tally struct {
		scenarios, passed int
		verdicts          judge.Counts
	}
	teams := map[string]*tally{}
	for _, r := range results {
		for _, t := range r.Scenario.Teams {
			if teams[t] == nil {
				teams[t] = &tally{}
			}
			teams[t].scenarios++
			if r.Passed() {
				teams[t].passed++
			}
		}
		for _, c := range r.Records {
			if t := teams[stringField(c.Value, "team")]; t != nil {
				t.verdicts.Add(c.Verdict)
			}
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "team      scenarios  passed  actions")
	for _, name := range classroom.TeamNames() {
		t := teams[name]
		if t == nil {
			continue
		}
		fmt.Fprintf(w, "%-9s %9d  %6d  %s\n", name, t.scenarios, t.passed, counts(t.verdicts))
	}
	sum := FromResults(results).Summary
	backend := ""
	if len(results) > 0 {
		backend = results[0].Backend + ", "
	}
	verdict := "all passed"
	if sum.Failed > 0 {
		verdict = fmt.Sprintf("%d FAILED", sum.Failed)
	}
	noun := "scenarios"
	if sum.Total == 1 {
		noun = "scenario"
	}
	fmt.Fprintf(w, "\n%d %s: %d passed, %s (%s%.2f s)\n", sum.Total, noun, sum.Passed, verdict, backend, wall.Seconds())
}

func counts(c judge.Counts) string {
	return fmt.Sprintf("✅ %d  ❌ %d  ❓ %d", c.Valid, c.InvalidJSON, c.MissingFields)
}

// nearMiss explains an unexpected action that differs from a missing one
// about the same customer only in some fields: "instead of the expected
// action: reason is "VIP_USER", want "LEGACY_EMAIL_PROVIDER"".
func nearMiss(value []byte, missing []judge.Missing) string {
	for _, m := range missing {
		if d := judge.NearMiss(m.Value, value); d != "" {
			return "instead of the expected action: " + d
		}
	}
	return ""
}

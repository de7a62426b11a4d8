package diagnose

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// invalidJSON: actions the leaderboard cannot parse (❌).
func invalidJSON(in Input) string {
	n, first := countVerdict(in, judge.InvalidJSON)
	if n == 0 {
		return ""
	}
	hint := "Each action must be a JSON object whose fields are strings: " +
		`{"customer": ..., "type": ..., "reason": ..., "team": ...}, with "team" present.`
	if v := strings.TrimSpace(string(first)); strings.HasPrefix(v, "{'") || strings.Contains(v, "': ") {
		hint = "It looks like a Python dict printed with str(): send json.dumps(action).encode() " +
			"(or value_serializer=lambda v: json.dumps(v).encode()) instead."
	}
	return fmt.Sprintf("%s on actions %s not valid JSON for the leaderboard (❌). The first: %s\n%s",
		plural(n, "message"), isAre(n), show(first), hint)
}

// missingFields: actions the leaderboard parses but finds incomplete (❓).
func missingFields(in Input) string {
	n, first := countVerdict(in, judge.MissingFields)
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%s on actions %s missing or empty fields (❓). The first: %s lacks %s. "+
		`Every action needs "customer" (the user's email), "type", "reason" and "team".`,
		plural(n, "message"), hasHave(n), show(first), strings.Join(absentFields(first), ", "))
}

func countVerdict(in Input, v judge.Verdict) (n int, first []byte) {
	for _, r := range in.Runs {
		for _, c := range r.Result.Records {
			if c.Verdict == v {
				if n == 0 {
					first = c.Value
				}
				n++
			}
		}
	}
	return n, first
}

// absentFields names the fields of an action that are missing, null or "".
func absentFields(value []byte) []string {
	var m map[string]any
	_ = json.Unmarshal(value, &m)
	var out []string
	for _, f := range []string{"customer", "type", "reason", "team"} {
		if s, _ := m[f].(string); s == "" {
			out = append(out, fmt.Sprintf("%q", f))
		}
	}
	return out
}

// missingActions: expected actions that never arrived, each tied to the
// event it should have come from, with the fields the team's rule reads
// in that user and the near miss the program sent for it, if any. Many
// are grouped by those fields: one mistake misses every user alike.
func missingActions(in Input) string {
	type missing struct{ entry, fields, customer, source string }
	var all []missing
	sentInvalid := map[judge.Verdict]int{} // missing ones sent, but not valid
	for _, r := range in.Runs {
		if r.Result.NotReplayed {
			continue // nothing was sent: program_exited or not_consuming says why
		}
		for _, m := range r.Result.Diff.Missing {
			if v, ok := invalidSent(m.Value, r.Result.Diff.Unexpected); ok {
				sentInvalid[v]++
			}
			e := fmt.Sprintf("%s expected at %s", show(m.Value), m.Source)
			fields := ruleFields(in.Team, r.Result.Scenario, m.Value)
			if fields != "" {
				e += "\nthe user's " + fields
			}
			if near := nearMiss(m.Value, r.Result.Diff.Unexpected); near != "" {
				e += "\n" + near
			}
			all = append(all, missing{e, fields, customerOf(m.Value), m.Source})
		}
	}
	if len(all) == 0 {
		return ""
	}
	if n := sentInvalid[judge.InvalidJSON] + sentInvalid[judge.MissingFields]; n == len(all) {
		// The program picked the right users: only the messages are
		// wrong, which the diagnoses above explain.
		var see []string
		for _, v := range []judge.Verdict{judge.InvalidJSON, judge.MissingFields} {
			if sentInvalid[v] > 0 {
				see = append(see, fmt.Sprintf("%d marked %s (see %s)", sentInvalid[v], v.Emoji(), v))
			}
		}
		return fmt.Sprintf("%s did not arrive as the leaderboard wants them, but your program sent one for each of "+
			"these users: %s. Your filter picked the right users; fix the messages.", plural(len(all), "expected action"), strings.Join(see, " and "))
	}
	var msg string
	if len(all) <= maxListed {
		entries := make([]string, len(all))
		for i, m := range all {
			entries[i] = m.entry
		}
		msg = fmt.Sprintf("%s never arrived on actions:%s", plural(len(all), "expected action"), list(entries))
	} else {
		// Grouped by what the rule reads, biggest group first.
		var order []string
		groups := map[string][]missing{}
		for _, m := range all {
			if _, ok := groups[m.fields]; !ok {
				order = append(order, m.fields)
			}
			groups[m.fields] = append(groups[m.fields], m)
		}
		slices.SortStableFunc(order, func(a, b string) int { return len(groups[b]) - len(groups[a]) })
		entries := make([]string, len(order))
		for i, f := range order {
			g := groups[f]
			what := "users"
			if f != "" {
				what = "users whose " + f
			}
			at, _, _ := strings.Cut(g[0].source, ", from ")
			entries[i] = fmt.Sprintf("%d %s, e.g. %q (%s)", len(g), what, g[0].customer, at)
		}
		msg = fmt.Sprintf("%s never arrived on actions, for:%s", plural(len(all), "expected action"), list(entries))
	}
	if rule, ok := classroom.RuleOf(in.Team); ok {
		// Case means nothing to a rule of booleans and numbers (team-7's
		// premium and credit, team-8's credit): say it only of text.
		text := slices.ContainsFunc(rule.Reads, func(f string) bool { return f != "premium" && f != "credit" })
		switch {
		case rule.Lowered():
			msg += fmt.Sprintf("\n%s's rule: %s (the classroom's simulator lower-cases the field before it compares).", in.Team, rule.Docs)
		case text:
			msg += fmt.Sprintf("\n%s's rule: %s (case-sensitive, as written).", in.Team, rule.Docs)
		default:
			msg += fmt.Sprintf("\n%s's rule: %s.", in.Team, rule.Docs)
		}
	}
	return msg
}

// customerOf returns an action's customer, or "".
func customerOf(action []byte) string {
	var a struct{ Customer string }
	_ = json.Unmarshal(action, &a)
	return a.Customer
}

// ruleFields shows the fields the team's rule reads in the user an
// action is about, or "".
func ruleFields(team string, s *scenarios.Scenario, action []byte) string {
	var a struct{ Customer string }
	_ = json.Unmarshal(action, &a)
	rule, ok := classroom.RuleOf(team)
	u, err := classroom.ParseNewUser(eventOf(s, a.Customer))
	if !ok || err != nil || a.Customer == "" {
		return ""
	}
	return rule.Fields(u)
}

// nearMiss describes an action sent for the same customer as want.
func nearMiss(want []byte, unexpected []judge.Unexpected) string {
	var w struct{ Customer, Team string }
	if json.Unmarshal(want, &w) != nil || w.Customer == "" {
		return ""
	}
	if v, ok := invalidSent(want, unexpected); ok {
		return fmt.Sprintf("you sent one for this user, but the leaderboard marks it %s (see %s)", v.Emoji(), v)
	}
	for _, u := range unexpected {
		if d := judge.NearMiss(want, u.Value); u.Verdict == judge.Valid && d != "" {
			return fmt.Sprintf("you sent one for this user, but %s (%s's rule)", d, w.Team)
		}
	}
	return ""
}

// invalidSent returns the verdict of a message that is not valid and
// names want's customer: the action, sent but unreadable or incomplete.
func invalidSent(want []byte, unexpected []judge.Unexpected) (judge.Verdict, bool) {
	var w struct{ Customer string }
	if json.Unmarshal(want, &w) != nil || w.Customer == "" {
		return judge.Valid, false
	}
	for _, u := range unexpected {
		if u.Verdict != judge.Valid && strings.Contains(string(u.Value), w.Customer) {
			return u.Verdict, true
		}
	}
	return judge.Valid, false
}

// unexpectedActions: valid actions no expected action accounts for, with
// whether the team's rule matches the user at all.
func unexpectedActions(in Input) string {
	var entries []string
	for _, r := range in.Runs {
		for _, u := range r.Result.Diff.Unexpected {
			if u.Verdict != judge.Valid || u.Duplicate {
				continue
			}
			entries = append(entries, show(u.Value)+"\n"+aboutUser(in.Team, r.Result.Scenario, u.Value))
		}
	}
	if len(entries) == 0 {
		return ""
	}
	return fmt.Sprintf("%s on actions %s not expected:%s", plural(len(entries), "valid message"), isAre(len(entries)), list(entries))
}

// aboutUser ties an action to the event of its customer and says whether
// the team's rule matches that user.
func aboutUser(team string, s *scenarios.Scenario, value []byte) string {
	var a struct{ Customer, Team string }
	_ = json.Unmarshal(value, &a)
	src := s.SourceOf(a.Customer)
	if src == "" {
		return fmt.Sprintf("no user of the scenario has the email %q: customer must be the user's email", a.Customer)
	}
	ev := eventOf(s, a.Customer)
	rule, ok := classroom.RuleOf(team)
	u, perr := classroom.ParseNewUser(ev)
	switch {
	case !ok:
		return "about the user of " + src
	case perr != nil:
		return fmt.Sprintf("about the user of %s, which the classroom's simulator cannot read (%v): it skips such a value, so no action is expected", src, perr)
	case !rule.Selects(u):
		return fmt.Sprintf("about the user of %s, which %s's rule does not match (%s; the rule: %s)", src, team, rule.Fields(u), rule.Docs)
	case a.Team != team:
		return fmt.Sprintf("about the user of %s: the team field is %q, want %q", src, a.Team, team)
	}
	return fmt.Sprintf("about the user of %s, which matches, but type or reason differ: want %q / %q", src, rule.Type, rule.Reason)
}

func eventOf(s *scenarios.Scenario, email string) []byte {
	for _, e := range s.Events {
		if e.Email == email {
			return e.Value
		}
	}
	return nil
}

// duplicateActions: expected actions that arrived more than once.
func duplicateActions(in Input) string {
	var entries []string
	for _, r := range in.Runs {
		for _, u := range r.Result.Diff.Unexpected {
			if !u.Duplicate {
				continue
			}
			var a struct{ Customer string }
			_ = json.Unmarshal(u.Value, &a)
			e := show(u.Value)
			if src := r.Result.Scenario.SourceOf(a.Customer); src != "" {
				e += "\nfor the user of " + src
			}
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 {
		return ""
	}
	return fmt.Sprintf("Expected actions arrived more than once (%s): send exactly one action per matching user (one producer.send per user).%s",
		plural(len(entries), "extra copy"), list(entries))
}

// show quotes a message for a message line, cut if long.
func show(v []byte) string {
	s := string(v)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return "`" + s + "`"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func hasHave(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

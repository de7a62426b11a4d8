package scenarios

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// Keyed is one record expected in the compacted view of an edition's
// step-5 topic (the latest record of each key): 349bd19's watchlist or
// 2026-01's team_stats.
type Keyed struct {
	// Key is the record's key, as text.
	Key string
	// Fields are the value's expected fields: strings and integers. A
	// 2026-01 team_stats expectation may leave processed out: the
	// program counts every user it reads, probe users included, so the
	// check holds it to a range instead (see harness/keyed).
	Fields map[string]any
	// IfPresent allows the key to be absent from the view: a 349bd19
	// company with fewer than 3 matches, which a program may publish
	// (on every match) or not (only from 3 on), or a 2026-01 team that
	// flagged nobody (the docs publish on each match; a program may
	// publish on every user). Present, it must match.
	IfPresent bool
	// Line is the expectation's line in File.
	Line int
	// Team is the value's team field.
	Team string
}

// Value returns the expected fields as a JSON object, keys sorted.
func (k Keyed) Value() []byte {
	b, _ := json.Marshal(k.Fields) // strings and int64s only
	return b
}

// keyedFields are the fields of each edition's step-5 record, as its
// docs/step-5.md writes them; the first is the key's field.
var keyedFields = map[string][]string{
	classroom.Edition349:  {"company", "team", "flag_count"},
	classroom.Edition2026: {"team", "processed", "flagged"},
}

// KeyedFields returns the fields of edition's step-5 record, the key's
// field first, or nil for an unknown edition.
func KeyedFields(edition string) []string { return slices.Clone(keyedFields[edition]) }

// AppliesTo reports whether s runs on edition's classroom: a scenario
// that names no edition runs on every one.
func (s *Scenario) AppliesTo(edition string) bool {
	return len(s.Editions) == 0 || slices.Contains(s.Editions, edition)
}

// Edition returns the one edition a step-5 scenario is for, "" for any
// other scenario.
func (s *Scenario) Edition() string {
	if s.Step != 5 || len(s.Editions) != 1 {
		return ""
	}
	return s.Editions[0]
}

func (p *fileParser) editions(kv pair) error {
	seq := unwrap(kv.v)
	names := classroom.EditionNames()
	if seq.Kind != yaml.SequenceNode || len(seq.Content) == 0 {
		return p.errorf(kv.k, "editions must be a list of one or more editions, like [%s]", names[0])
	}
	for _, v := range seq.Content {
		e, ok := str(v)
		if !ok || !slices.Contains(names, e) {
			return p.errorf(v, "unknown edition %s: want %s (quote it: \"2026-01\" reads as text either way)", show(v), strings.Join(names, " or "))
		}
		if slices.Contains(p.s.Editions, e) {
			return p.errorf(v, "edition %q is listed twice", e)
		}
		p.s.Editions = append(p.s.Editions, e)
	}
	return nil
}

func (p *fileParser) step(kv pair) error {
	v := unwrap(kv.v)
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" || (v.Value != "3" && v.Value != "5") {
		return p.errorf(kv.k, "step must be 3 (actions only, the default) or 5 (keyed records too), got %s", show(v))
	}
	p.s.Step = int(v.Value[0] - '0')
	return nil
}

// checkStep checks what a step-5 scenario needs once the whole file is
// read: one edition, and expect.keyed.
func (p *fileParser) checkStep(body *yaml.Node, keyed *yaml.Node) error {
	switch {
	case p.s.Step == 5 && len(p.s.Editions) != 1:
		return p.errorf(body, "a step: 5 scenario names exactly one edition, whose step-5 topic it checks: editions: [%s] or [%s]", classroom.Edition349, classroom.Edition2026)
	case p.s.Step == 5 && keyed == nil:
		return p.errorf(body, "a step: 5 scenario needs expect.keyed: the records expected on the edition's step-5 topic (or [] for none)")
	case p.s.Step != 5 && keyed != nil:
		return p.errorf(keyed, "expect.keyed is for a step: 5 scenario: add step: 5 and editions: [...] at the top")
	}
	return nil
}

// keyed reads expect.keyed: the compacted view expected on the step-5
// topic of the scenario's edition.
func (p *fileParser) keyed(k, v *yaml.Node) error {
	seq := unwrap(v)
	if seq.Kind != yaml.SequenceNode {
		return p.errorf(k, "expect.keyed must be a list of keyed records, each {key: …, value: {…}}, or [] for none")
	}
	ed := p.s.Edition()
	if ed == "" {
		return nil // checkStep reports it
	}
	profile, _ := classroom.EditionNamed(ed)
	p.s.Keyed = make([]Keyed, 0, len(seq.Content))
	seen := map[string]bool{}
	for i, item := range seq.Content {
		kr, err := p.keyedRecord(i+1, item, ed, profile.Step5)
		if err != nil {
			return err
		}
		if seen[kr.Key] {
			return p.errorf(item, "keyed record %d: key %q is expected twice; the compacted view keeps one record per key", i+1, kr.Key)
		}
		seen[kr.Key] = true
		p.s.Keyed = append(p.s.Keyed, kr)
	}
	return nil
}

func (p *fileParser) keyedRecord(n int, item *yaml.Node, edition string, step5 classroom.Step5) (Keyed, error) {
	fields := keyedFields[edition]
	shape := fmt.Sprintf("{key: …, value: {%s}}", strings.Join(fields, ", "))
	kvs, ok := pairs(item)
	if !ok {
		return Keyed{}, p.errorf(item, "keyed record %d must be a mapping %s", n, shape)
	}
	kr := Keyed{Line: item.Line}
	var value *yaml.Node
	for _, kv := range kvs {
		switch kv.key {
		case "key":
			s, ok := str(kv.v)
			if !ok {
				return Keyed{}, p.errorf(kv.k, "keyed record %d: key must be text, got %s", n, show(kv.v))
			}
			kr.Key = s
		case "value":
			value = kv.v
		case "if_present":
			v := unwrap(kv.v)
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
				return Keyed{}, p.errorf(kv.k, "keyed record %d: if_present must be true or false", n)
			}
			kr.IfPresent = v.Value == "true"
		default:
			return Keyed{}, p.errorf(kv.k, "keyed record %d: unknown field %q (a keyed record has key, value and optionally if_present)", n, kv.key)
		}
	}
	if value == nil {
		return Keyed{}, p.errorf(item, "keyed record %d: missing value, like %s", n, shape)
	}
	vkvs, ok := pairs(value)
	if !ok {
		return Keyed{}, p.errorf(value, "keyed record %d: value must be a mapping %s", n, shape)
	}
	kr.Fields = map[string]any{}
	for _, kv := range vkvs {
		if !slices.Contains(fields, kv.key) {
			return Keyed{}, p.errorf(kv.k, "keyed record %d: unknown field %q: a %s record has %s", n, kv.key, step5.Topic, strings.Join(fields, ", "))
		}
		if _, dup := kr.Fields[kv.key]; dup {
			return Keyed{}, p.errorf(kv.k, "keyed record %d: field %q appears twice", n, kv.key)
		}
		v := unwrap(kv.v)
		switch {
		case kv.key == "team" || kv.key == "company":
			s, ok := str(v)
			if !ok {
				return Keyed{}, p.errorf(kv.k, "keyed record %d: %s must be text, got %s", n, kv.key, show(v))
			}
			kr.Fields[kv.key] = s
		default:
			var i int64
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" || v.Decode(&i) != nil || i < 0 {
				return Keyed{}, p.errorf(kv.k, "keyed record %d: %s must be a count, a whole number ≥ 0, got %s", n, kv.key, show(v))
			}
			kr.Fields[kv.key] = i
		}
	}
	for _, f := range fields {
		_, ok := kr.Fields[f]
		if !ok && !(edition == classroom.Edition2026 && f == "processed") {
			return Keyed{}, p.errorf(value, "keyed record %d: missing field %q (a %s record has %s)", n, f, step5.Topic, strings.Join(fields, ", "))
		}
	}
	kr.Team, _ = kr.Fields["team"].(string)
	if !slices.Contains(p.s.Teams, kr.Team) {
		return Keyed{}, p.errorf(value, "keyed record %d is from %q, which is not in teams %v: only listed teams' programs run", n, kr.Team, p.s.Teams)
	}
	if want, _ := kr.Fields[step5.Key].(string); kr.Key != want {
		return Keyed{}, p.errorf(item, "keyed record %d: key %q differs from its %s %q: on %s the key is the value's %s", n, kr.Key, step5.Key, want, step5.Topic, step5.Key)
	}
	if fc, ok := kr.Fields["flag_count"].(int64); ok && kr.IfPresent != (fc < 3) {
		return Keyed{}, p.errorf(item, "keyed record %d: flag_count %d with if_present: %v: the docs put a company on the watchlist from 3 flags, so a company with 3 or more must be present (no if_present) and one with fewer may be (if_present: true)", n, fc, kr.IfPresent)
	}
	if fl, ok := kr.Fields["flagged"].(int64); ok && kr.IfPresent != (fl == 0) {
		return Keyed{}, p.errorf(item, "keyed record %d: flagged %d with if_present: %v: a team that flags users publishes its stats, so only a team with flagged 0 may be absent (if_present: true)", n, fl, kr.IfPresent)
	}
	if edition == classroom.Edition2026 {
		if pr, ok := kr.Fields["processed"].(int64); ok && pr < kr.Fields["flagged"].(int64) {
			return Keyed{}, p.errorf(value, "keyed record %d: processed %d is below flagged %d: every flagged user was processed", n, pr, kr.Fields["flagged"])
		}
	}
	return kr, nil
}

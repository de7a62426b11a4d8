// Package judge gives each captured action the classroom leaderboard's
// verdict and compares what a program produced with what a scenario
// expects.
package judge

import "github.com/kafkacheck/kafkacheck/internal/serdejson"

// Verdict is the leaderboard's judgement of one action message.
type Verdict int

const (
	// Valid: parsed, with customer, type, reason and team all non-empty.
	Valid Verdict = iota
	// InvalidJSON (❌): not JSON, not an object, a known field of the wrong
	// type or repeated, or team missing or null.
	InvalidJSON
	// MissingFields (❓): parsed, but customer, type or reason is missing,
	// null or empty, or team is "".
	MissingFields
)

// String returns the verdict's name as JSON reports spell it.
func (v Verdict) String() string {
	switch v {
	case Valid:
		return "valid"
	case InvalidJSON:
		return "invalid_json"
	default:
		return "missing_fields"
	}
}

// Emoji returns the leaderboard's mark: ✅, ❌ or ❓.
func (v Verdict) Emoji() string {
	switch v {
	case Valid:
		return "✅"
	case InvalidJSON:
		return "❌"
	default:
		return "❓"
	}
}

// Judge returns the verdict the leaderboard (PierreZ/kafka-tutorial at
// commit 349bd19, leaderboard/src/validation/rules.rs) gives value. The
// leaderboard decodes with serde_json into
//
//	struct Action { customer: Option<String>, type: Option<String>,
//	                reason: Option<String>, team: String }
//
// so the rules are serde's, not encoding/json's: field names match exactly,
// a repeated known field is an error, unknown fields are ignored, invalid
// UTF-8 and lone surrogate escapes in a known field are errors.
func Judge(value []byte) Verdict {
	fields, ok := parseAction(value)
	if !ok {
		return InvalidJSON
	}
	team, ok := fields["team"]
	if !ok || team == nil {
		return InvalidJSON
	}
	for _, name := range []string{"customer", "type", "reason"} {
		if s := fields[name]; s == nil || *s == "" {
			return MissingFields
		}
	}
	if *team == "" {
		return MissingFields
	}
	return Valid
}

// parseAction decodes the known fields of an action object: a present
// field maps to its string, or to nil when it is null. It reports false where
// serde would fail.
func parseAction(value []byte) (map[string]*string, bool) {
	raw, err := serdejson.Object(value, "customer", "type", "reason", "team")
	if err != nil {
		return nil, false
	}
	fields := make(map[string]*string, len(raw))
	for name, r := range raw {
		if string(r) == "null" {
			fields[name] = nil
			continue
		}
		s, err := serdejson.String(r)
		if err != nil {
			return nil, false
		}
		fields[name] = &s
	}
	return fields, true
}

// Package judge gives each captured action the classroom leaderboard's
// verdict and compares what a program produced with what a scenario
// expects.
package judge

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

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

// known are the fields of the leaderboard's Action struct.
var known = map[string]bool{"customer": true, "type": true, "reason": true, "team": true}

// parseAction decodes the known fields of an action object: a present
// field maps to its string, or to nil when it is null. It reports false where
// serde would fail.
func parseAction(value []byte) (map[string]*string, bool) {
	if !utf8.Valid(value) || !json.Valid(value) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(value))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	fields := map[string]*string{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		name := tok.(string) // json.Valid holds, so an object key is a string
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, false
		}
		if !known[name] {
			continue
		}
		if _, dup := fields[name]; dup {
			return nil, false
		}
		switch {
		case string(raw) == "null":
			fields[name] = nil
		case raw[0] == '"' && !hasLoneSurrogate(raw):
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, false
			}
			fields[name] = &s
		default:
			return nil, false
		}
	}
	return fields, true
}

// hasLoneSurrogate reports whether a JSON string literal holds a \u escape
// of a UTF-16 surrogate that is not part of a pair. encoding/json turns one
// into U+FFFD; serde_json refuses it.
func hasLoneSurrogate(lit []byte) bool {
	for i := 0; i < len(lit); i++ {
		if lit[i] != '\\' {
			continue
		}
		i++
		if i >= len(lit) || lit[i] != 'u' {
			continue
		}
		r := hex4(lit[i+1:])
		i += 4
		switch {
		case r >= 0xDC00 && r <= 0xDFFF:
			return true
		case r >= 0xD800 && r <= 0xDBFF:
			if i+6 >= len(lit) || lit[i+1] != '\\' || lit[i+2] != 'u' {
				return true
			}
			if lo := hex4(lit[i+3:]); lo < 0xDC00 || lo > 0xDFFF {
				return true
			}
			i += 6
		}
	}
	return false
}

// hex4 decodes four hex digits; json.Valid has checked they are there.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		default:
			r |= rune(c - 'A' + 10)
		}
	}
	return r
}

// Package serdejson decodes JSON objects the way the tutorial's Rust
// programs do (serde_json into a struct), where that differs from
// encoding/json: invalid UTF-8 is an error, not replaced; a field of the
// struct given twice is an error, not "last wins"; field names match
// exactly, not case-insensitively; and a string holding an unpaired UTF-16
// surrogate escape (\ud800) is an error, not U+FFFD.
//
// Both the reference client (reading users, like the classroom simulator)
// and the judge (reading actions, like the leaderboard) need exactly this.
package serdejson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Object decodes value as one JSON object and returns the raw values of the
// fields named in fields that are present (null included). Other fields are
// checked for syntax and ignored.
func Object(value []byte, fields ...string) (map[string]json.RawMessage, error) {
	if !utf8.Valid(value) {
		return nil, errors.New("invalid UTF-8")
	}
	if !json.Valid(value) {
		return nil, errors.New("invalid JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(value))
	if tok, _ := dec.Token(); tok != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	out := make(map[string]json.RawMessage, len(fields))
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name := tok.(string) // json.Valid holds, so a key is a string
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		if !wanted(name, fields) {
			continue
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("duplicate field %q", name)
		}
		out[name] = raw
	}
	return out, nil
}

func wanted(name string, fields []string) bool {
	for _, f := range fields {
		if f == name {
			return true
		}
	}
	return false
}

// String decodes raw, which must be a JSON string literal.
func String(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", errors.New("not a string")
	}
	if hasLoneSurrogate(raw) {
		return "", errors.New("lone surrogate escape in string")
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// hasLoneSurrogate reports whether a JSON string literal holds a \u escape
// of a UTF-16 surrogate that is not part of a high-low pair.
func hasLoneSurrogate(lit []byte) bool {
	for i := 0; i < len(lit); i++ {
		if lit[i] != '\\' {
			continue
		}
		i++
		if i >= len(lit) || lit[i] != 'u' || i+4 >= len(lit) {
			continue
		}
		r := hex4(lit[i+1 : i+5])
		i += 4
		switch {
		case r >= 0xDC00 && r <= 0xDFFF:
			return true
		case r >= 0xD800 && r <= 0xDBFF:
			if i+6 >= len(lit) || lit[i+1] != '\\' || lit[i+2] != 'u' {
				return true
			}
			if lo := hex4(lit[i+3 : i+7]); lo < 0xDC00 || lo > 0xDFFF {
				return true
			}
			i += 6
		}
	}
	return false
}

// hex4 decodes four hex digits; json.Valid has checked they are digits.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
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

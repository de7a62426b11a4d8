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
	// json.Valid has checked the syntax, so a plain scan of the top level
	// can split it into keys and values: much faster than json.Decoder's
	// tokens, which was a quarter of a suite's time.
	b := skipSpace(value)
	if len(b) == 0 || b[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	out := make(map[string]json.RawMessage, len(fields))
	b = skipSpace(b[1:])
	for len(b) > 0 && b[0] != '}' {
		if b[0] == ',' {
			b = skipSpace(b[1:])
		}
		n := stringEnd(b)
		name, err := key(b[:n])
		if err != nil {
			return nil, err
		}
		b = skipSpace(b[n:])
		b = skipSpace(b[1:]) // the colon
		n = valueEnd(b)
		raw := b[:n]
		b = skipSpace(b[n:])
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

// key decodes an object key, a string literal.
func key(lit []byte) (string, error) {
	if bytes.IndexByte(lit, '\\') < 0 {
		return string(lit[1 : len(lit)-1]), nil
	}
	var s string
	err := json.Unmarshal(lit, &s)
	return s, err
}

func skipSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
		b = b[1:]
	}
	return b
}

// stringEnd returns the length of the string literal b starts with.
func stringEnd(b []byte) int {
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// valueEnd returns the length of the JSON value b starts with.
func valueEnd(b []byte) int {
	switch b[0] {
	case '"':
		return stringEnd(b)
	case '{', '[':
		depth := 0
		for i := 0; i < len(b); i++ {
			switch b[i] {
			case '"':
				i += stringEnd(b[i:]) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	default: // a number, true, false or null
		i := 0
		for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
			i++
		}
		return i
	}
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
	if bytes.IndexByte(raw, '\\') < 0 {
		// No escapes: the bytes between the quotes are the string
		// (Object checked they are valid UTF-8 and valid JSON).
		return string(raw[1 : len(raw)-1]), nil
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

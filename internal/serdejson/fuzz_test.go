package serdejson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"testing"
	"unicode/utf8"
)

// reference is the obvious, slow way to do what Object does, with
// json.Decoder's tokens; the fuzz test holds Object's scan to it.
func reference(value []byte, fields ...string) (map[string]json.RawMessage, error) {
	if !utf8.Valid(value) || !json.Valid(value) {
		return nil, fmt.Errorf("invalid")
	}
	dec := json.NewDecoder(bytes.NewReader(value))
	if tok, _ := dec.Token(); tok != json.Delim('{') {
		return nil, fmt.Errorf("not an object")
	}
	out := map[string]json.RawMessage{}
	for dec.More() {
		tok, _ := dec.Token()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		name := tok.(string)
		if !wanted(name, fields) {
			continue
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("duplicate")
		}
		out[name] = raw
	}
	return out, nil
}

func FuzzObject(f *testing.F) {
	for _, seed := range []string{
		`{"a":"x","b":null}`,
		`{"a":{"b":"}","c":[1,{"d":"]"}]},"b":"\"}"}`,
		` { "b" : [ ] , "a" : -1.5e3 , "z" : { } } `,
		`{"a\u0062":1,"\u0061":true}`,
		`{"a":"x","a":"y"}`,
		`{"z":"\\","a":"\\\""}`,
		`[1]`, `"s"`, `null`, `{}`, ``, `{"a":1}x`,
		"{\"a\":\"\xff\"}",
		`{"a":"😀","b":"\ud83d\ude00"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, value []byte) {
		got, gotErr := Object(value, "a", "b")
		want, wantErr := reference(value, "a", "b")
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("Object(%q) error = %v, reference error = %v", value, gotErr, wantErr)
		}
		if gotErr != nil {
			return
		}
		// Compare values compacted: the reference keeps no surrounding
		// space either, but spell-checks nothing inside.
		norm := func(m map[string]json.RawMessage) map[string]string {
			out := map[string]string{}
			for k, v := range m {
				var b bytes.Buffer
				if err := json.Compact(&b, v); err != nil {
					t.Fatalf("field %s = %q is not JSON: %v", k, v, err)
				}
				out[k] = b.String()
			}
			return out
		}
		if g, w := norm(got), norm(want); !maps.Equal(g, w) {
			t.Fatalf("Object(%q) = %v, reference = %v", value, g, w)
		}
		for k, v := range got {
			if !bytes.Equal(bytes.TrimSpace(v), v) {
				t.Fatalf("field %s = %q keeps surrounding space", k, v)
			}
		}
	})
}

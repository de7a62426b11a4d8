package serdejson

import (
	"strings"
	"testing"
)

func TestObject(t *testing.T) {
	tests := []struct {
		name, value string
		want        map[string]string // field → raw value; nil means an error
		err         string
	}{
		{"known fields", `{"a":"x","b":null,"c":1}`, map[string]string{"a": `"x"`, "b": "null"}, ""},
		{"unknown fields ignored, even repeated", `{"a":"x","z":1,"z":2}`, map[string]string{"a": `"x"`}, ""},
		{"whitespace", " \n{ \"a\" : \"x\" }\t", map[string]string{"a": `"x"`}, ""},
		{"names are case-sensitive", `{"A":"x"}`, map[string]string{}, ""},
		{"escaped key", `{"\u0061":"x"}`, map[string]string{"a": `"x"`}, ""},
		{"duplicate known field", `{"a":"x","a":"y"}`, nil, `duplicate field "a"`},
		{"invalid UTF-8", "{\"a\":\"\xff\"}", nil, "invalid UTF-8"},
		{"not JSON", `{'a': 'x'}`, nil, "invalid JSON"},
		{"trailing data", `{"a":"x"} {}`, nil, "invalid JSON"},
		{"empty", ``, nil, "invalid JSON"},
		{"array", `["a"]`, nil, "not a JSON object"},
		{"null", `null`, nil, "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Object([]byte(tt.value), "a", "b")
			if tt.want == nil {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Object(%q) error = %v, want %q", tt.value, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Object(%q): %v", tt.value, err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Object(%q) = %s, want %v", tt.value, got, tt.want)
			}
			for k, v := range tt.want {
				if string(got[k]) != v {
					t.Errorf("field %s = %s, want %s", k, got[k], v)
				}
			}
		})
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		raw, want string
		ok        bool
	}{
		{`"plain"`, "plain", true},
		{`"jos\u00e9"`, "josé", true},
		{`"\ud83d\ude00"`, "😀", true},
		{`"\\ud800"`, `\ud800`, true}, // an escaped backslash, not an escape
		{`"\ud800"`, "", false},
		{`"\ud800x"`, "", false},
		{`"\udc00"`, "", false},
		{`"\ud800\u0041"`, "", false},
		{`12`, "", false},
		{`null`, "", false},
	}
	for _, tt := range tests {
		got, err := String([]byte(tt.raw))
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("String(%s) = %q, %v; want %q, ok %v", tt.raw, got, err, tt.want, tt.ok)
		}
	}
}

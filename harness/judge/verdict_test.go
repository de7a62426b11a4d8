package judge

import "testing"

func TestJudge(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  Verdict
	}{
		{"complete", `{"customer":"a@b.c","type":"T","reason":"R","team":"team-1"}`, Valid},
		{"python spacing", `{"customer": "a@b.c", "type": "T", "reason": "R", "team": "team-1"}`, Valid},
		{"unknown field ignored", `{"customer":"a","type":"T","reason":"R","team":"team-1","extra":{"x":[1]}}`, Valid},
		{"unicode", `{"customer":"jos\u00e9@gmail.com","type":"T","reason":"R","team":"team-1"}`, Valid},
		{"surrogate pair", `{"customer":"\ud83d\ude00","type":"T","reason":"R","team":"team-1"}`, Valid},

		{"not json", `{'customer': 'a'}`, InvalidJSON},
		{"python str(dict)", `{'customer': 'a@b.c', 'type': 'T', 'reason': 'R', 'team': 'team-1'}`, InvalidJSON},
		{"empty value", ``, InvalidJSON},
		{"array", `[{"team":"team-1"}]`, InvalidJSON},
		{"string", `"team-1"`, InvalidJSON},
		{"trailing data", `{"customer":"a","type":"T","reason":"R","team":"team-1"} x`, InvalidJSON},
		{"team missing", `{"customer":"a","type":"T","reason":"R"}`, InvalidJSON},
		{"team null", `{"customer":"a","type":"T","reason":"R","team":null}`, InvalidJSON},
		{"team number", `{"customer":"a","type":"T","reason":"R","team":1}`, InvalidJSON},
		{"customer object", `{"customer":{"email":"a"},"type":"T","reason":"R","team":"team-1"}`, InvalidJSON},
		{"type bool", `{"customer":"a","type":true,"reason":"R","team":"team-1"}`, InvalidJSON},
		{"duplicate team", `{"customer":"a","type":"T","reason":"R","team":"team-1","team":"team-2"}`, InvalidJSON},
		{"field names are case-sensitive", `{"customer":"a","type":"T","reason":"R","Team":"team-1"}`, InvalidJSON},
		{"invalid utf-8", "{\"customer\":\"\xff\",\"type\":\"T\",\"reason\":\"R\",\"team\":\"team-1\"}", InvalidJSON},
		{"lone surrogate", `{"customer":"\ud800x","type":"T","reason":"R","team":"team-1"}`, InvalidJSON},

		{"customer missing", `{"type":"T","reason":"R","team":"team-1"}`, MissingFields},
		{"type null", `{"customer":"a","type":null,"reason":"R","team":"team-1"}`, MissingFields},
		{"reason empty", `{"customer":"a","type":"T","reason":"","team":"team-1"}`, MissingFields},
		{"team empty", `{"customer":"a","type":"T","reason":"R","team":""}`, MissingFields},
		{"only team", `{"team":"team-1"}`, MissingFields},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Judge([]byte(tt.value)); got != tt.want {
				t.Errorf("Judge(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}

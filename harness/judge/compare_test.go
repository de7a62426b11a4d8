package judge

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	actA = `{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`
	actB = `{"customer":"b@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`
)

func expect(values ...string) []Expected {
	var out []Expected
	for i, v := range values {
		out = append(out, Expected{Value: []byte(v), Source: string(rune('A' + i))})
	}
	return out
}

func captured(values ...string) []Captured {
	var out []Captured
	for i, v := range values {
		out = append(out, Read(int32(i%2), int64(i/2), []byte(v)))
	}
	return out
}

// summary is what a test asserts of a Diff: which sources are missing and
// which offsets are unexpected, with their verdict and duplicate mark.
type summary struct {
	Matched    int
	Missing    []string
	Unexpected []string
}

func summarize(d Diff) summary {
	s := summary{Matched: d.Matched}
	for _, m := range d.Missing {
		s.Missing = append(s.Missing, m.Source)
	}
	for _, u := range d.Unexpected {
		mark := u.Verdict.String()
		if u.Duplicate {
			mark += " duplicate"
		}
		s.Unexpected = append(s.Unexpected, string(u.Value)+" "+mark)
	}
	return s
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name     string
		expected []Expected
		actual   []Captured
		want     summary
	}{
		{
			name:     "exact match in another order and spacing",
			expected: expect(actA, actB),
			actual:   captured(`{"team": "team-1", "customer": "b@hotmail.com", "reason": "LEGACY_EMAIL_PROVIDER", "type": "CONTACT_CUSTOMER"}`, actA),
			want:     summary{Matched: 2},
		},
		{
			name:     "missing action",
			expected: expect(actA, actB),
			actual:   captured(actA),
			want:     summary{Matched: 1, Missing: []string{"B"}},
		},
		{
			name:     "extra action",
			expected: expect(actA),
			actual:   captured(actA, actB),
			want:     summary{Matched: 1, Unexpected: []string{actB + " valid"}},
		},
		{
			name:     "duplicate action",
			expected: expect(actA),
			actual:   captured(actA, actA),
			want:     summary{Matched: 1, Unexpected: []string{actA + " valid duplicate"}},
		},
		{
			name:     "expected twice, sent twice",
			expected: expect(actA, actA),
			actual:   captured(actA, actA),
			want:     summary{Matched: 2},
		},
		{
			name:     "wrong field value",
			expected: expect(actA),
			actual:   captured(`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"VIP_USER","team":"team-1"}`),
			want: summary{Missing: []string{"A"}, Unexpected: []string{
				`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"VIP_USER","team":"team-1"} valid`}},
		},
		{
			name:     "extra field",
			expected: expect(actA),
			actual:   captured(`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1","score":1}`),
			want: summary{Missing: []string{"A"}, Unexpected: []string{
				`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1","score":1} valid`}},
		},
		{
			name:     "invalid JSON",
			expected: expect(actA),
			actual:   captured(`{'customer': 'a@hotmail.com', 'type': 'CONTACT_CUSTOMER', 'reason': 'LEGACY_EMAIL_PROVIDER', 'team': 'team-1'}`),
			want: summary{Missing: []string{"A"}, Unexpected: []string{
				`{'customer': 'a@hotmail.com', 'type': 'CONTACT_CUSTOMER', 'reason': 'LEGACY_EMAIL_PROVIDER', 'team': 'team-1'} invalid_json`}},
		},
		{
			name:     "missing fields",
			expected: expect(actA),
			actual:   captured(`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","team":"team-1"}`),
			want: summary{Missing: []string{"A"}, Unexpected: []string{
				`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","team":"team-1"} missing_fields`}},
		},
		{
			name:     "a repeated key never matches, even with the right values",
			expected: expect(actA),
			actual:   captured(`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-2","team":"team-1"}`),
			want: summary{Missing: []string{"A"}, Unexpected: []string{
				`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-2","team":"team-1"} invalid_json`}},
		},
		{
			name: "nothing expected, nothing sent",
			want: summary{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Compare(tt.expected, tt.actual)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, summarize(d)); diff != "" {
				t.Errorf("Compare mismatch (-want +got):\n%s", diff)
			}
			if got, want := d.Passed(), len(tt.want.Missing)+len(tt.want.Unexpected) == 0; got != want {
				t.Errorf("Passed() = %v, want %v", got, want)
			}
		})
	}
}

func TestCompareCountsVerdicts(t *testing.T) {
	d, err := Compare(nil, captured(actA, `nope`, `{"team":"team-1"}`, actB))
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{Valid: 2, InvalidJSON: 1, MissingFields: 1}
	if d.Verdicts != want {
		t.Errorf("Verdicts = %+v, want %+v", d.Verdicts, want)
	}
}

func TestCompareRejectsBadExpectation(t *testing.T) {
	if _, err := Compare(expect(`{nope`), nil); err == nil {
		t.Error("Compare accepted an expected action that is not JSON")
	}
}

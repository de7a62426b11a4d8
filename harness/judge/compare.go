package judge

import (
	"encoding/json"
	"fmt"
)

// Expected is one action a scenario expects.
type Expected struct {
	// Value is the action as a JSON object.
	Value []byte
	// Source says where the action comes from, for the diff: the scenario
	// file and line, and the event whose user it is about.
	Source string
}

// Captured is one message read from actions.
type Captured struct {
	Partition int32
	Offset    int64
	Value     []byte
	// Size, when larger than len(Value), is the length of a message of
	// which only the first bytes were kept, and Verdict is then its
	// verdict, judged on the whole message.
	Size    int
	Verdict Verdict
}

// Cut reports whether Value holds only the first bytes of the message.
func (c Captured) Cut() bool { return c.Size > len(c.Value) }

// verdict is the leaderboard's verdict on the whole message.
func (c Captured) verdict() Verdict {
	if c.Cut() {
		return c.Verdict
	}
	return Judge(c.Value)
}

// Counts tallies verdicts.
type Counts struct {
	Valid         int `json:"valid"`
	InvalidJSON   int `json:"invalid_json"`
	MissingFields int `json:"missing_fields"`
}

// Add counts one more v.
func (c *Counts) Add(v Verdict) {
	switch v {
	case Valid:
		c.Valid++
	case InvalidJSON:
		c.InvalidJSON++
	default:
		c.MissingFields++
	}
}

// Merge adds o's counts to c.
func (c *Counts) Merge(o Counts) {
	c.Valid += o.Valid
	c.InvalidJSON += o.InvalidJSON
	c.MissingFields += o.MissingFields
}

// Missing is an expected action that never arrived.
type Missing struct {
	Expected
}

// Unexpected is a captured action that no expected action accounts for.
type Unexpected struct {
	Captured
	Verdict Verdict
	// Duplicate is set when the value equals an expected action that an
	// earlier message already matched.
	Duplicate bool
}

// Diff is the comparison of a program's actions with a scenario's.
type Diff struct {
	Matched    int
	Missing    []Missing
	Unexpected []Unexpected
	Verdicts   Counts
}

// Passed reports whether the actions were exactly those expected.
func (d Diff) Passed() bool { return len(d.Missing) == 0 && len(d.Unexpected) == 0 }

// Compare matches actual against expected as multisets of JSON values: key
// order and spacing do not matter, every field does, and each expected action
// accounts for one message only, so a second copy is unexpected. Only a
// message the leaderboard judges valid can match. Missing actions keep the
// order of expected; unexpected ones the order of actual.
func Compare(expected []Expected, actual []Captured) (Diff, error) {
	want := make(map[string][]int, len(expected)) // canonical → indexes still unmatched
	for i, e := range expected {
		key, err := Canonical(e.Value)
		if err != nil {
			return Diff{}, fmt.Errorf("expected action %s: %w", e.Source, err)
		}
		want[key] = append(want[key], i)
	}
	matchedOnce := map[string]bool{}
	var d Diff
	for _, a := range actual {
		v := a.verdict()
		d.Verdicts.Add(v)
		if a.Cut() { // longer than any expected action
			d.Unexpected = append(d.Unexpected, Unexpected{Captured: a, Verdict: v})
			continue
		}
		key, err := Canonical(a.Value)
		if v != Valid || err != nil {
			d.Unexpected = append(d.Unexpected, Unexpected{Captured: a, Verdict: v})
			continue
		}
		if idx := want[key]; len(idx) > 0 {
			want[key] = idx[1:]
			matchedOnce[key] = true
			d.Matched++
			continue
		}
		d.Unexpected = append(d.Unexpected, Unexpected{Captured: a, Verdict: v, Duplicate: matchedOnce[key]})
	}
	left := map[int]bool{}
	for _, idx := range want {
		for _, i := range idx {
			left[i] = true
		}
	}
	for i, e := range expected {
		if left[i] {
			d.Missing = append(d.Missing, Missing{Expected: e})
		}
	}
	return d, nil
}

// Canonical returns a JSON value re-encoded with sorted keys and no spaces,
// so that two encodings of the same value compare equal as strings.
func Canonical(value []byte) (string, error) {
	var v any
	if err := json.Unmarshal(value, &v); err != nil {
		return "", err
	}
	b, err := json.Marshal(v) // maps encode with sorted keys
	if err != nil {
		return "", err
	}
	return string(b), nil
}

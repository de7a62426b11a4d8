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

// Captured is one message read from actions, judged once, as it was read.
type Captured struct {
	Partition int32
	Offset    int64
	// Value is the message, or its first bytes when Size is larger.
	Value []byte
	Size  int
	// Verdict is the leaderboard's verdict on the whole message, once
	// Judged; Compare judges the others.
	Verdict Verdict
	Judged  bool
}

// Read returns the captured form of a whole message, judged.
func Read(partition int32, offset int64, value []byte) Captured {
	return Captured{Partition: partition, Offset: offset, Value: value, Size: len(value), Verdict: Judge(value), Judged: true}
}

// Cut reports whether Value holds only the first bytes of the message.
func (c Captured) Cut() bool { return c.Size > len(c.Value) }

// Record is one message of a scenario with what the comparison made of it.
type Record struct {
	Captured
	// Expected is set when an expected action accounts for the message;
	// Duplicate when it equals one that an earlier message matched.
	Expected, Duplicate bool
	// Source names the event whose user the message is about, when one
	// is ("event 3 (file:line)"); the harness fills it.
	Source string
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
	Matched int
	Missing []Missing
	// Records are all the messages, in arrival order; Unexpected are
	// those no expected action accounts for.
	Records    []Record
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
		if !a.Judged {
			a.Verdict, a.Judged = Judge(a.Value), true
		}
		v := a.Verdict
		d.Verdicts.Add(v)
		rec := Record{Captured: a}
		key, err := "", error(nil)
		if !a.Cut() { // a cut message is longer than any expected action
			key, err = Canonical(a.Value)
		}
		switch idx := want[key]; {
		case a.Cut() || v != Valid || err != nil:
		case len(idx) > 0:
			want[key] = idx[1:]
			matchedOnce[key] = true
			d.Matched++
			rec.Expected = true
		default:
			rec.Duplicate = matchedOnce[key]
		}
		d.Records = append(d.Records, rec)
		if !rec.Expected {
			d.Unexpected = append(d.Unexpected, Unexpected{Captured: a, Verdict: v, Duplicate: rec.Duplicate})
		}
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

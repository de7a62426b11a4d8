package report

import (
	"fmt"
	"io"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/keyed"
	"github.com/kafkacheck/kafkacheck/harness/process"
)

// Keyed is a step-5 scenario's compacted view in the JSON report.
type Keyed struct {
	Edition  string         `json:"edition"`
	Topic    string         `json:"topic"`
	Passed   bool           `json:"passed"`
	Records  int            `json:"records"`
	Keyless  int            `json:"keyless"`
	Entries  []keyed.Entry  `json:"entries"`
	Problems []KeyedProblem `json:"problems"`
}

// KeyedProblem is one thing wrong with the view, naming key and value.
type KeyedProblem struct {
	Code    string `json:"code"`
	Key     string `json:"key,omitempty"`
	Value   string `json:"value,omitempty"`
	Message string `json:"message"`
}

// fromKeyed is the JSON of a step-5 verdict; nil for another scenario.
func fromKeyed(v *keyed.Verdict) *Keyed {
	if v == nil {
		return nil
	}
	k := &Keyed{Edition: v.Edition, Topic: v.Topic, Passed: v.Passed(), Records: v.Records, Keyless: v.Keyless,
		Entries: append([]keyed.Entry{}, v.Entries...), Problems: []KeyedProblem{}}
	for _, p := range v.Problems {
		k.Problems = append(k.Problems, KeyedProblem{Code: string(p.Code), Key: p.Key, Value: Clip([]byte(p.Value), 0, MaxValue), Message: p.Message})
	}
	return k
}

// WriteKeyed prints a step-5 scenario's compacted view (WriteKeyedView),
// then its problems; nothing for another scenario.
func WriteKeyed(w io.Writer, r *harness.Result) {
	WriteKeyedView(w, r)
	if r.Keyed == nil {
		return
	}
	for _, p := range r.Keyed.Problems {
		fmt.Fprintf(w, "      %s: %s\n", p.Code, process.Sanitize(p.Message))
	}
}

// WriteKeyedView prints a step-5 scenario's compacted view, a line per
// key (✅ right, ❌ wrong, · absent and allowed to be); nothing for
// another scenario.
func WriteKeyedView(w io.Writer, r *harness.Result) {
	v := r.Keyed
	if v == nil {
		return
	}
	fmt.Fprintf(w, "      step 5: the compacted view of %s (latest record per key), %d records read:\n", v.Topic, v.Records)
	for _, e := range v.Entries[:min(len(v.Entries), maxShown)] {
		switch {
		case e.Missing && e.Optional:
			fmt.Fprintf(w, "        ·  key %q absent (allowed: want %s if present)\n", e.Key, e.Want)
		case e.Missing:
			fmt.Fprintf(w, "        ❌ key %q absent, want %s\n", e.Key, e.Want)
		case e.OK:
			fmt.Fprintf(w, "        ✅ key %q  %s\n", e.Key, process.Sanitize(e.Value))
		default:
			fmt.Fprintf(w, "        ❌ key %q  %s\n", e.Key, process.Sanitize(e.Value))
		}
	}
	if n := len(v.Entries) - maxShown; n > 0 {
		fmt.Fprintf(w, "        … and %d more keys (--format json lists them all)\n", n)
	}
	if v.Keyless > 0 {
		fmt.Fprintf(w, "        ❌ %d records without a key\n", v.Keyless)
	}
}

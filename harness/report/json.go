// Package report prints scenario results for people (text) and for
// programs (JSON).
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/judge"
)

// Scenario is one scenario's result in JSON reports. Its fields are a
// contract: scripts read them.
type Scenario struct {
	Name  string   `json:"name"`
	File  string   `json:"file"`
	Teams []string `json:"teams"`
	// Tier is "classroom" (every event a user the tutorial's producer
	// could send) or "edge"; TierReason says why a scenario is edge.
	Tier       string    `json:"tier"`
	TierReason string    `json:"tier_reason,omitempty"`
	Backend    string    `json:"backend"`
	Passed     bool      `json:"passed"`
	DurationMS float64   `json:"duration_ms"`
	Missing    []Missing `json:"missing"`
	// Unexpected lists at most MaxListed messages; UnexpectedTotal
	// counts them all, those past the capture's bound included.
	Unexpected      []Unexpected   `json:"unexpected"`
	UnexpectedTotal int            `json:"unexpected_total"`
	Verdicts        judge.Counts   `json:"verdicts"`
	Settle          Settle         `json:"settle"`
	Errors          []ProgramError `json:"errors,omitempty"`
	// Events is how many events the scenario has; a settled scenario
	// means every team's program consumed all of them. NotReplayed says
	// they were never sent: the programs stopped, or never got ready.
	Events      int  `json:"events"`
	NotReplayed bool `json:"not_replayed,omitempty"`
	Actions     int  `json:"actions"`
	Expected    int  `json:"expected"`
	// Keyed is a step-5 scenario's compacted view, judged.
	Keyed *Keyed `json:"keyed,omitempty"`
}

// Missing is an expected action that never arrived.
type Missing struct {
	Action json.RawMessage `json:"action"`
	Source string          `json:"source"`
}

// Unexpected is a message on actions that no expected action accounts for.
type Unexpected struct {
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
	Value     string `json:"value"`
	Verdict   string `json:"verdict"`
	Duplicate bool   `json:"duplicate"`
	// Source is the event whose user the message names, when one does.
	Source string `json:"source,omitempty"`
}

// Settle says what ended the wait for the programs.
type Settle struct {
	Condition string `json:"condition"`
	Detail    string `json:"detail,omitempty"`
	// By names the evidence of a settled scenario: "commits" (the groups
	// committed every event) or "positions" (the consumers fetched every
	// event, then the program stayed idle).
	By string `json:"by,omitempty"`
}

// ProgramError is a program that failed.
type ProgramError struct {
	Team  string `json:"team"`
	Error string `json:"error"`
}

// Summary counts scenarios.
type Summary struct {
	Total  int `json:"total"`
	Passed int `json:"passed"`
	Failed int `json:"failed"`
}

// Suite is the JSON report of kafkacheck suite.
type Suite struct {
	Scenarios []Scenario `json:"scenarios"`
	Summary   Summary    `json:"summary"`
}

// FromResults builds the JSON report of results.
func FromResults(results []*harness.Result) Suite {
	out := Suite{Scenarios: []Scenario{}}
	for _, r := range results {
		s := FromResult(r)
		out.Scenarios = append(out.Scenarios, s)
		out.Summary.Total++
		if s.Passed {
			out.Summary.Passed++
		} else {
			out.Summary.Failed++
		}
	}
	return out
}

// FromResult builds the JSON report of one scenario.
func FromResult(r *harness.Result) Scenario {
	s := Scenario{
		Name: r.Scenario.Name, File: r.Scenario.File, Teams: r.Scenario.Teams,
		Tier: string(r.Scenario.Tier), TierReason: r.Scenario.TierReason,
		Backend: r.Backend, Passed: r.Passed(),
		DurationMS: float64(r.Duration.Microseconds()) / 1000,
		Missing:    []Missing{}, Unexpected: []Unexpected{},
		Verdicts: r.Diff.Verdicts,
		Settle:   Settle{Condition: string(r.Settle.Condition), Detail: r.Settle.Detail, By: r.Settle.By},
		Events:   len(r.Scenario.Events), NotReplayed: r.NotReplayed,
		Actions: len(r.Records) + r.Dropped, Expected: len(r.Scenario.Expect),
		Keyed: fromKeyed(r.Keyed),
	}
	for _, m := range r.Diff.Missing {
		s.Missing = append(s.Missing, Missing{Action: json.RawMessage(m.Value), Source: m.Source})
	}
	s.UnexpectedTotal = len(r.Diff.Unexpected) + r.Dropped
	for _, rec := range r.Records {
		if rec.Expected || len(s.Unexpected) == MaxListed {
			continue
		}
		s.Unexpected = append(s.Unexpected, Unexpected{
			Partition: rec.Partition, Offset: rec.Offset, Value: Clip(rec.Value, rec.Size, MaxValue),
			Verdict: rec.Verdict.String(), Duplicate: rec.Duplicate, Source: rec.Source,
		})
	}
	for team, err := range r.ProgramErrors {
		s.Errors = append(s.Errors, ProgramError{Team: team, Error: err.Error()})
	}
	sort.Slice(s.Errors, func(i, j int) bool { return s.Errors[i].Team < s.Errors[j].Team })
	return s
}

// MaxListed bounds the unexpected messages a report lists, and MaxValue
// the bytes it shows of one: a program can write without end.
const (
	MaxListed = 100
	MaxValue  = 1024
)

// Clip returns value for a report, cut to limit bytes (on a character
// boundary) with a note of how many bytes were left out; size is the
// message's whole length when value holds only its start (0 otherwise).
func Clip(value []byte, size, limit int) string {
	size = max(size, len(value))
	if size <= limit {
		return string(value)
	}
	n := min(len(value), limit)
	for n > 0 && n < len(value) && !utf8.RuneStart(value[n]) {
		n-- // not inside a character
	}
	return fmt.Sprintf("%s… (%d more bytes)", value[:n], size-n)
}

// WriteJSON writes the suite report as one indented JSON object.
func WriteJSON(w io.Writer, s Suite) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// stringField returns the string field name of a JSON object, or "" when
// value is not an object or the field is absent or not a string.
func stringField(value []byte, name string) string {
	var m map[string]any
	if json.Unmarshal(value, &m) != nil {
		return ""
	}
	s, _ := m[name].(string)
	return s
}

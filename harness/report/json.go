// Package report prints scenario results for people (text) and for
// programs (JSON).
package report

import (
	"encoding/json"
	"io"
	"sort"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/judge"
)

// Scenario is one scenario's result in JSON reports. Its fields are a
// contract: scripts read them.
type Scenario struct {
	Name       string         `json:"name"`
	File       string         `json:"file"`
	Teams      []string       `json:"teams"`
	Backend    string         `json:"backend"`
	Passed     bool           `json:"passed"`
	DurationMS float64        `json:"duration_ms"`
	Missing    []Missing      `json:"missing"`
	Unexpected []Unexpected   `json:"unexpected"`
	Verdicts   judge.Counts   `json:"verdicts"`
	Settle     Settle         `json:"settle"`
	Errors     []ProgramError `json:"errors,omitempty"`
	// Events is how many events were replayed; a settled scenario means
	// every team's group consumed and committed all of them.
	Events   int `json:"events"`
	Actions  int `json:"actions"`
	Expected int `json:"expected"`
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
		Backend: r.Backend, Passed: r.Passed(),
		DurationMS: float64(r.Duration.Microseconds()) / 1000,
		Missing:    []Missing{}, Unexpected: []Unexpected{},
		Verdicts: r.Diff.Verdicts,
		Settle:   Settle{Condition: string(r.Settle.Condition), Detail: r.Settle.Detail},
		Events:   len(r.Scenario.Events),
		Actions:  len(r.Captured), Expected: len(r.Scenario.Expect),
	}
	for _, m := range r.Diff.Missing {
		s.Missing = append(s.Missing, Missing{Action: json.RawMessage(m.Value), Source: m.Source})
	}
	for _, u := range r.Diff.Unexpected {
		s.Unexpected = append(s.Unexpected, Unexpected{
			Partition: u.Partition, Offset: u.Offset, Value: string(u.Value),
			Verdict: u.Verdict.String(), Duplicate: u.Duplicate,
			Source: r.Scenario.SourceOf(stringField(u.Value, "customer")),
		})
	}
	for team, err := range r.ProgramErrors {
		s.Errors = append(s.Errors, ProgramError{Team: team, Error: err.Error()})
	}
	sort.Slice(s.Errors, func(i, j int) bool { return s.Errors[i].Team < s.Errors[j].Team })
	return s
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

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/harness/report"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// runReport is the JSON report of kafkacheck run; its fields are a
// contract.
type runReport struct {
	Passed      bool                  `json:"passed"`
	Team        string                `json:"team"`
	Edition     string                `json:"edition"`
	Diagnostics []diagnose.Diagnostic `json:"diagnostics"`
	Scenarios   []report.Scenario     `json:"scenarios"`
	// Skipped names the scenarios not run after a setup problem.
	Skipped []string `json:"skipped"`
	// Note says which diagnoses the backend cannot make; only on
	// --backend container.
	Note string `json:"note,omitempty"`
}

func writeRunJSON(w io.Writer, cfg runConfig, v runVerdict, runs []diagnose.Run, skipped []string) error {
	rep := buildRunReport(cfg, v, runs, skipped)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// buildRunReport is the JSON report of a run.
func buildRunReport(cfg runConfig, v runVerdict, runs []diagnose.Run, skipped []string) runReport {
	rep := runReport{Passed: v.passed, Team: cfg.team, Edition: cfg.profile.Edition, Note: cfg.note(), Diagnostics: v.diags, Scenarios: []report.Scenario{}, Skipped: skipped}
	if rep.Diagnostics == nil {
		rep.Diagnostics = []diagnose.Diagnostic{}
	}
	if rep.Skipped == nil {
		rep.Skipped = []string{}
	}
	for _, r := range runs {
		rep.Scenarios = append(rep.Scenarios, report.FromResult(r.Result))
	}
	return rep
}

// writeRunText prints the diagnoses and the final verdict; the scenarios'
// diffs were printed live.
func writeRunText(w io.Writer, cfg runConfig, v runVerdict, runs []diagnose.Run, skipped []string) {
	team, passed, diags := cfg.team, v.passed, v.diags
	fmt.Fprintln(w)
	if note := cfg.note(); note != "" {
		fmt.Fprintf(w, "ℹ️  %s\n\n", note)
	}
	if len(skipped) > 0 {
		fmt.Fprintf(w, "%s not run: fix the problem below first, the others would only repeat it.\n\n",
			count(len(skipped), "more scenario"))
	}
	if len(diags) > 0 {
		fmt.Fprintln(w, "What went wrong, and what to try:")
		for _, d := range diags {
			mark := "❌"
			if d.Advisory() {
				mark = "⚠️ "
			}
			fmt.Fprintf(w, "\n%s %s\n   %s\n", mark, d.Code, strings.ReplaceAll(d.Message, "\n", "\n   "))
		}
		fmt.Fprintln(w)
	}
	tally := map[scenarios.Tier]*[2]int{scenarios.TierClassroom: {}, scenarios.TierEdge: {}} // passed, run
	for _, r := range runs {
		t := tally[r.Result.Scenario.Tier]
		if t == nil {
			t = tally[scenarios.TierClassroom]
		}
		t[1]++
		if r.Result.Passed() {
			t[0]++
		}
	}
	class, edge := tally[scenarios.TierClassroom], tally[scenarios.TierEdge]
	word := "FAILED"
	if passed {
		word = "PASSED"
	}
	ran := "" // with scenarios not run, the counts are of those that ran
	if len(skipped) > 0 {
		ran = " run"
	}
	fmt.Fprintf(w, "%s: %s's program passed %d of %s%s.", word, team, class[0], count(class[1], "classroom scenario"), ran)
	if edge[1] > 0 {
		fmt.Fprintf(w, " Edge cases: %d of %d passed", edge[0], edge[1])
		if !cfg.strict && edge[0] < edge[1] {
			fmt.Fprint(w, " (advice only: in class the producer never sends such values; --strict makes them count)")
		}
		fmt.Fprint(w, ".")
	}
	if len(skipped) > 0 {
		fmt.Fprintf(w, " %s not run.", count(len(skipped), "scenario"))
	}
	fmt.Fprintln(w)
}

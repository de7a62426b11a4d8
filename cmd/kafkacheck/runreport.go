package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/harness/report"
)

// runReport is the JSON report of kafkacheck run; its fields are a
// contract.
type runReport struct {
	Passed      bool                  `json:"passed"`
	Team        string                `json:"team"`
	Diagnostics []diagnose.Diagnostic `json:"diagnostics"`
	Scenarios   []report.Scenario     `json:"scenarios"`
	// Skipped names the scenarios not run after a setup problem.
	Skipped []string `json:"skipped"`
	// Note says which diagnoses the backend cannot make; only on
	// --backend container.
	Note string `json:"note,omitempty"`
}

func writeRunJSON(w io.Writer, cfg runConfig, passed bool, diags []diagnose.Diagnostic, runs []diagnose.Run, skipped []string) error {
	rep := runReport{Passed: passed, Team: cfg.team, Note: cfg.note(), Diagnostics: diags, Scenarios: []report.Scenario{}, Skipped: skipped}
	if rep.Diagnostics == nil {
		rep.Diagnostics = []diagnose.Diagnostic{}
	}
	if rep.Skipped == nil {
		rep.Skipped = []string{}
	}
	for _, r := range runs {
		rep.Scenarios = append(rep.Scenarios, report.FromResult(r.Result))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// writeRunText prints the diagnoses and the final verdict; the scenarios'
// diffs were printed live.
func writeRunText(w io.Writer, cfg runConfig, passed bool, diags []diagnose.Diagnostic, runs []diagnose.Run, skipped []string) {
	team := cfg.team
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
	ok := 0
	for _, r := range runs {
		if r.Result.Passed() {
			ok++
		}
	}
	total := len(runs) + len(skipped)
	if passed && total == 1 {
		fmt.Fprintf(w, "PASSED: %s's program passed its 1 scenario.\n", team)
		return
	}
	if passed {
		fmt.Fprintf(w, "PASSED: %s's program passed all %d scenarios.\n", team, total)
		return
	}
	fmt.Fprintf(w, "FAILED: %s's program passed %d of %s.\n", team, ok, count(total, "scenario"))
}

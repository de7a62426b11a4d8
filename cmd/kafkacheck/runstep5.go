package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/harness/report"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// forStep orders and keeps the scenarios step checks: for step 5, the
// step-5 scenarios first (each starts the program afresh, its counts from
// zero), then the others, which check steps 1 to 3 as before; for any
// other step, all but the step-5 scenarios.
func forStep(list []*scenarios.Scenario, step int) []*scenarios.Scenario {
	isStep5 := func(s *scenarios.Scenario) bool { return s.Step == 5 }
	if step != 5 {
		return slices.DeleteFunc(slices.Clone(list), isStep5)
	}
	var out []*scenarios.Scenario
	for _, s := range list {
		if isStep5(s) {
			out = append(out, s)
		}
	}
	for _, s := range list {
		if !isStep5(s) {
			out = append(out, s)
		}
	}
	return out
}

// checkStep5 refuses a run --step 5 with no step-5 scenario for the
// team in the edition: it would check nothing of step 5. The built-in
// suite has some for every team in each edition (TestEveryTeamHasStep5),
// so only a --scenarios or --scenario choice can leave none.
func checkStep5(cfg runConfig) error {
	if !slices.ContainsFunc(cfg.list, func(s *scenarios.Scenario) bool { return s.Step == 5 }) {
		return usageError("run: --step 5: no step-5 scenario of the %s edition lists %s among the scenarios chosen (the built-in suite has step-5 scenarios for team-1 to team-15 in each edition: drop --scenarios/--scenario, or choose one with step: 5 that lists %s)", cfg.profile.Edition, cfg.team, cfg.team)
	}
	return nil
}

// writeStep5JSON writes run's JSON report with step 5's outcome.
func writeStep5JSON(w io.Writer, cfg runConfig, v runVerdict, runs []diagnose.Run, skipped []string) error {
	step5 := passedStep5(runs)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(step5Report{runReport: buildRunReport(cfg, v, runs, skipped), Step: 5, Topic: cfg.profile.Step5.Topic, Step5Passed: step5, Achievement: cfg.achievement(step5 && earnedStep5(runs))})
}

// step5Report is the JSON report of run --step 5: run's (its edition
// included), and step 5's outcome (each scenario's compacted view is in
// scenarios[].keyed).
type step5Report struct {
	runReport
	Step        int    `json:"step"`
	Topic       string `json:"topic"`
	Step5Passed bool   `json:"step5_passed"`
	// Achievement is the leaderboard's step-5 icon and name, earned when
	// every step-5 scenario passed; "" otherwise.
	Achievement string `json:"achievement"`
}

// keyedDiagnoses are the problems of the step-5 scenarios' compacted
// views, as run's diagnoses: each names its scenario, key and value.
// Those of an edge-tier scenario are advice, unless --strict.
func keyedDiagnoses(cfg runConfig, runs []diagnose.Run) []diagnose.Diagnostic {
	var out []diagnose.Diagnostic
	for _, r := range runs {
		k := r.Result.Keyed
		if k == nil {
			continue
		}
		for _, p := range k.Problems {
			out = append(out, diagnose.Diagnostic{Code: diagnose.Code(p.Code),
				Message: fmt.Sprintf("In scenario %q: %s", r.Result.Scenario.Name, p.Message),
				Advice:  !cfg.strict && r.Result.Scenario.Tier == scenarios.TierEdge})
		}
	}
	return out
}

// passedStep5 reports whether every step-5 scenario ran and passed.
func passedStep5(runs []diagnose.Run) bool {
	n := 0
	for _, r := range runs {
		if r.Result.Scenario.Step == 5 {
			n++
			if !r.Result.Passed() {
				return false
			}
		}
	}
	return n > 0
}

// earnedStep5 reports whether the program wrote a record the step-5
// scenarios' views hold: the leaderboard's icon comes with the first one,
// and a view whose every expectation may be absent passes without any.
func earnedStep5(runs []diagnose.Run) bool {
	for _, r := range runs {
		if k := r.Result.Keyed; r.Result.Scenario.Step == 5 && k != nil {
			for _, e := range k.Entries {
				if !e.Missing {
					return true
				}
			}
		}
	}
	return false
}

// achievement is the edition's step-5 icon and name, when earned.
func (cfg runConfig) achievement(earned bool) string {
	a := cfg.profile.Achievement(5)
	if !earned || a.Icon == "" {
		return ""
	}
	return a.Icon + " " + a.Name
}

// writeStep5Text prints each step-5 scenario's compacted view and the
// achievement it earns, before run's diagnoses and verdict.
func writeStep5Text(w io.Writer, cfg runConfig, runs []diagnose.Run, passed bool) {
	fmt.Fprintf(w, "\nStep 5 (%s edition): records keyed by %s on %s, judged by the latest record per key:\n", cfg.profile.Edition, cfg.profile.Step5.Key, cfg.profile.Step5.Topic)
	for _, r := range runs {
		if r.Result.Scenario.Step != 5 {
			continue
		}
		mark := "PASS"
		if !r.Result.Passed() {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "  %s %s\n", mark, r.Result.Scenario.Name)
		if r.Result.NotReplayed {
			fmt.Fprintf(w, "      its users were never sent, so nothing on %s could be judged (see below)\n", cfg.profile.Step5.Topic)
		}
		report.WriteKeyedView(w, r.Result)
	}
	switch {
	case passed && earnedStep5(runs):
		fmt.Fprintf(w, "  %s: the leaderboard would show it in your Progress column.\n", cfg.achievement(true))
	case passed:
		a := cfg.profile.Achievement(5)
		fmt.Fprintf(w, "  Nothing wrong, but no %s %s either: your program wrote no record to %s, and the leaderboard shows the icon on the first one.\n",
			a.Icon, a.Name, cfg.profile.Step5.Topic)
	default:
		a := cfg.profile.Achievement(5)
		fmt.Fprintf(w, "  No %s %s yet: fix what is below first.\n", a.Icon, a.Name)
	}
}

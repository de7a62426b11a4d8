package main

import (
	"slices"

	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// runVerdict is the outcome of kafkacheck run: whether the program
// passed, and the diagnoses that explain it.
type runVerdict struct {
	passed bool
	diags  []diagnose.Diagnostic
}

// judgeRuns decides kafkacheck run. A program passes when it passes every
// classroom-tier scenario: those are what it meets in class. Edge-tier
// scenarios send values the classroom's producer never sends (malformed
// JSON, wrong types, words outside its vocabulary); their failures are
// advice, listed after the classroom's diagnoses, unless --strict makes
// them count.
func judgeRuns(cfg runConfig, bootstrap string, runs []diagnose.Run, skipped []string) runVerdict {
	var classroom, edge []diagnose.Run
	for _, r := range runs {
		if r.Result.Scenario.Tier == scenarios.TierEdge {
			edge = append(edge, r)
		} else {
			classroom = append(classroom, r)
		}
	}
	v := runVerdict{passed: true}
	if len(classroom) > 0 {
		v.diags = diagnose.Diagnose(cfg.diagnoseInput(bootstrap, classroom))
		v.passed = passedAll(classroom) && !diagnose.Failed(v.diags)
	}
	if len(edge) > 0 {
		in := cfg.diagnoseInput(bootstrap, edge)
		in.Edge = true
		for _, d := range diagnose.Diagnose(in) {
			if slices.ContainsFunc(v.diags, func(c diagnose.Diagnostic) bool { return c.Code == d.Code }) {
				continue // the same kind of mistake, said of a scenario that counts
			}
			d.Advice = d.Advice || !cfg.strict
			d.Message = "In the edge cases (values the classroom's producer never sends): " + d.Message
			v.diags = append(v.diags, d)
		}
		if cfg.strict {
			v.passed = v.passed && passedAll(edge) && !diagnose.Failed(v.diags)
		}
	}
	for _, name := range skipped {
		v.passed = v.passed && !cfg.counts(name)
	}
	return v
}

func passedAll(runs []diagnose.Run) bool {
	for _, r := range runs {
		if !r.Result.Passed() {
			return false
		}
	}
	return true
}

// counts reports whether the scenario named name decides the run: every
// classroom-tier one, and with --strict every one.
func (cfg runConfig) counts(name string) bool {
	for _, s := range cfg.list {
		if s.Name == name {
			return cfg.strict || s.Tier != scenarios.TierEdge
		}
	}
	return true
}

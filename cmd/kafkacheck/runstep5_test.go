package main

import (
	"testing"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/harness/keyed"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// TestEarnedStep5: the leaderboard's step-5 icon needs a record on the
// topic; a view whose every expectation may be absent passes with none,
// and earns nothing.
func TestEarnedStep5(t *testing.T) {
	run := func(step int, entries ...keyed.Entry) diagnose.Run {
		return diagnose.Run{Result: &harness.Result{Scenario: &scenarios.Scenario{Step: step}, Keyed: &keyed.Verdict{Entries: entries}}}
	}
	absent := keyed.Entry{Key: "Bode LLC", Optional: true, Missing: true, OK: true}
	present := keyed.Entry{Key: "Kub Inc", OK: true}
	for _, tt := range []struct {
		name string
		runs []diagnose.Run
		want bool
	}{
		{"only absent optional companies", []diagnose.Run{run(5, absent)}, false},
		{"a record present", []diagnose.Run{run(5, absent, present)}, true},
		{"a record in a step-3 scenario does not count", []diagnose.Run{run(3, present), run(5, absent)}, false},
		{"no run", nil, false},
	} {
		if got := earnedStep5(tt.runs); got != tt.want {
			t.Errorf("%s: earnedStep5 = %t, want %t", tt.name, got, tt.want)
		}
	}
}

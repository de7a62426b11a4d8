// Package harnesstest runs scenarios as Go subtests, so that go test checks
// a program against a suite with one subtest per scenario. RunTeam is the
// entry point for a Go developer testing a team's program in a module of
// their own: it runs exactly that team's built-in scenarios.
package harnesstest

import (
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/report"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// Run runs the scenarios of list with s (harness.Suite.Run, the one loop
// over scenarios: with s.Fresh every scenario on a broker of its own, in
// parallel), then reports each as a subtest of t, named after the
// scenario. A subtest fails with the scenario's report: what was missing,
// what was unexpected, and why the wait ended. A harness error (a broker
// that did not start) fails t.
func Run(t *testing.T, s harness.Suite, list []*scenarios.Scenario) {
	t.Helper()
	results, err := s.Run(t.Context(), list)
	for _, r := range results {
		t.Run(r.Scenario.Name, func(t *testing.T) { Check(t, r) })
	}
	if err != nil {
		t.Fatalf("harness: %v", err)
	}
	if len(results) < len(list) {
		t.Errorf("%d of %d scenarios ran", len(results), len(list))
	}
}

// Check fails t with the scenario's report unless r passed.
func Check(t testing.TB, r *harness.Result) {
	t.Helper()
	if !r.Passed() {
		var b strings.Builder
		report.WriteScenario(&b, r)
		t.Errorf("scenario %s failed:\n%s", r.Scenario.File, b.String())
	}
}

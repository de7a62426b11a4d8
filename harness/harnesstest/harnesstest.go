// Package harnesstest runs scenarios as Go subtests, so that go test checks
// a program against a suite with one subtest per scenario.
package harnesstest

import (
	"context"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/report"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// Run runs each scenario of list as a subtest of t, named after the
// scenario, with s's program and broker. With s.Fresh every subtest starts
// its own broker and the subtests run in parallel; otherwise one broker,
// started here and closed by t.Cleanup, serves them one after the other and
// is reset between them. A subtest fails with the scenario's report: what
// was missing, what was unexpected, and why the wait ended.
func Run(t *testing.T, s harness.Suite, list []*scenarios.Scenario) {
	t.Helper()
	if s.Fresh {
		for _, sc := range list {
			t.Run(sc.Name, func(t *testing.T) {
				t.Parallel()
				b, err := s.Start(t.Context())
				if err != nil {
					t.Fatalf("start broker: %v", err)
				}
				t.Cleanup(func() { b.Close() })
				r, err := harness.Run(t.Context(), b, sc, s.Program, s.Options)
				check(t, r, err)
			})
		}
		return
	}
	b, err := s.Start(context.Background())
	if err != nil {
		t.Fatalf("start broker: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	for i, sc := range list {
		t.Run(sc.Name, func(t *testing.T) {
			if i > 0 {
				if err := b.Reset(t.Context()); err != nil {
					t.Fatalf("reset the broker: %v", err)
				}
			}
			r, err := harness.Run(t.Context(), b, sc, s.Program, s.Options)
			check(t, r, err)
		})
	}
}

func check(t *testing.T, r *harness.Result, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("harness: %v", err)
	}
	if !r.Passed() {
		var b strings.Builder
		report.WriteScenario(&b, r)
		t.Errorf("scenario %s failed:\n%s", r.Scenario.File, b.String())
	}
}

package harness_test

import (
	"testing"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/harnesstest"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// TestBuiltinSuiteOnKfake checks the reference client against every
// built-in scenario, each on a fresh embedded broker.
func TestBuiltinSuiteOnKfake(t *testing.T) {
	list, err := scenarios.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	harnesstest.Run(t, harness.Suite{Start: startKfake, Fresh: true, Program: harness.Reference}, list)
}

// TestBuiltinSuiteOnOneKfake runs the same suite on one embedded broker
// reset between scenarios, the way a real broker serves it, to prove the
// reset isolates scenarios.
func TestBuiltinSuiteOnOneKfake(t *testing.T) {
	list, err := scenarios.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	harnesstest.Run(t, harness.Suite{Start: startKfake, Program: harness.Reference}, list)
}

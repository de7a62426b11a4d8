package harness_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
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
	harnesstest.Run(t, harness.Suite{Start: startKfake, Fresh: true, Program: reference}, list)
}

// TestBuiltinSuiteOnOneKfake runs the same suite on one embedded broker
// reset between scenarios, the way a real broker serves it, to prove the
// reset isolates scenarios.
func TestBuiltinSuiteOnOneKfake(t *testing.T) {
	list, err := scenarios.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	harnesstest.Run(t, harness.Suite{Start: startKfake, Program: reference}, list)
}

// TestSuiteCancelledReturnsWhatRan: a suite cancelled between scenarios
// returns the results of those that ran, in order and none nil, with an
// error; the CLI used to get nil results and no error, and panicked.
func TestSuiteCancelledReturnsWhatRan(t *testing.T) {
	list, err := scenarios.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	list = list[:4]
	for _, fresh := range []bool{true, false} {
		ctx, cancel := context.WithCancel(t.Context())
		s := harness.Suite{Start: startKfake, Fresh: fresh, Parallel: 1, Program: reference,
			Observer: harness.Observer{Result: func(*harness.Result) { cancel() }}}
		results, err := s.Run(ctx, list)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("fresh %v: error %v, want context.Canceled", fresh, err)
		}
		if len(results) == 0 || len(results) >= len(list) {
			t.Errorf("fresh %v: %d results, want some but not all %d", fresh, len(results), len(list))
		}
		for i, r := range results {
			if r == nil {
				t.Fatalf("fresh %v: result %d is nil", fresh, i)
			}
		}
	}
}

// noReset is a broker that says up front that it cannot be reset, as an
// external cluster without AllowWrite does.
type noReset struct{ broker.Broker }

func (noReset) CanReset() error { return errors.New("pass --allow-write") }

// TestSuiteRefusesAResetItCannotDo: a suite of several scenarios on one
// broker that cannot be reset is refused before the first scenario, not
// failed at the second.
func TestSuiteRefusesAResetItCannotDo(t *testing.T) {
	list, err := scenarios.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var ran atomic.Bool // set by the program's goroutine
	s := harness.Suite{
		Start: func(ctx context.Context) (broker.Broker, error) {
			b, err := startKfake(ctx)
			return noReset{b}, err
		},
		Program: func(context.Context, string, broker.Broker) error { ran.Store(true); return nil },
	}
	results, err := s.Run(t.Context(), list[:2])
	if !errors.Is(err, harness.ErrCannotReset) || len(results) != 0 || ran.Load() {
		t.Fatalf("error %v, %d results, program ran %v; want ErrCannotReset before any scenario", err, len(results), ran.Load())
	}
	if _, err := s.Run(t.Context(), list[:1]); err != nil {
		t.Errorf("one scenario needs no reset, got %v", err)
	}
}

package container_test

import (
	"context"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/container"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/harnesstest"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// This file is an external test package so that the harness may one day
// import package container without an import cycle.

// skipWithoutEngine is container.Require, as another module calls it.
func skipWithoutEngine(tb testing.TB) {
	tb.Helper()
	container.Require(tb)
}

// TestBuiltinSuiteOnKafka runs every built-in scenario with the reference
// client on one real broker, reset between scenarios: what passes on kfake
// must pass on the classroom's Kafka.
func TestBuiltinSuiteOnKafka(t *testing.T) {
	skipWithoutEngine(t)
	list, err := scenarios.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	harnesstest.Run(t, harness.Suite{Start: container.Config{}.Starter(), Program: reference}, list)
	t.Logf("%d scenarios on %s, start included: %s", len(list), container.ResolveImage(""), time.Since(start).Round(time.Millisecond))
}

// BenchmarkBuiltinSuite times the built-in suite, start included, on one
// real broker and on one kfake broker, both reset between scenarios, so the
// two numbers come from the same run. Target on Kafka: 60 s.
func BenchmarkBuiltinSuite(b *testing.B) {
	list, err := scenarios.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	backends := []struct {
		name  string
		start broker.Starter
	}{
		{"kfake", func(ctx context.Context) (broker.Broker, error) { return embedded.Start(ctx, embedded.Config{}) }},
		{"kafka", container.Config{}.Starter()},
	}
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			if be.name == "kafka" {
				skipWithoutEngine(b)
			}
			for b.Loop() {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
				results, err := harness.Suite{Start: be.start, Program: reference}.Run(ctx, list)
				cancel()
				if err != nil {
					b.Fatal(err)
				}
				if len(results) != len(list) {
					b.Fatalf("got %d results, want %d", len(results), len(list))
				}
			}
		})
	}
}

package container_test

import (
	"context"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
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
// client on one real broker per edition, reset between scenarios: what
// passes on kfake must pass on the classroom's Kafka, with PLAIN and with
// 2026-01's SCRAM-SHA-256 and 5 partitions.
func TestBuiltinSuiteOnKafka(t *testing.T) {
	skipWithoutEngine(t)
	list, err := scenarios.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range editions(t) {
		t.Run(p.Edition, func(t *testing.T) {
			start := time.Now()
			harnesstest.Run(t, harness.Suite{Start: container.Config{Profile: p}.Starter(), Program: reference}, list)
			t.Logf("%d scenarios of %s on %s, start included: %s", len(list), p.Edition, container.ResolveImage(""), time.Since(start).Round(time.Millisecond))
		})
	}
}

// editions returns the editions of the classroom, named as in --edition.
func editions(tb testing.TB) []classroom.Profile {
	tb.Helper()
	var out []classroom.Profile
	for _, name := range []string{"349bd19", "2026-01"} {
		p, err := classroom.EditionNamed(name)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// BenchmarkBuiltinSuite times the built-in suite, start included, on one
// real broker and on one kfake broker per edition, both reset between
// scenarios, so the numbers come from the same run. Target on Kafka: 60 s.
func BenchmarkBuiltinSuite(b *testing.B) {
	list, err := scenarios.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range editions(b) {
		backends := []struct {
			name  string
			start broker.Starter
		}{
			{"kfake", embedded.Config{Profile: p}.Starter()},
			{"kafka", container.Config{Profile: p}.Starter()},
		}
		for _, be := range backends {
			b.Run(p.Edition+"/"+be.name, func(b *testing.B) {
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
}

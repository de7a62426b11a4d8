package harness_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/capture"
	"github.com/kafkacheck/kafkacheck/harness/replay"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

func builtinScenario(b *testing.B, name string) *scenarios.Scenario {
	b.Helper()
	list, err := scenarios.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range list {
		if s.Name == name {
			return s
		}
	}
	b.Fatalf("no built-in scenario %q", name)
	return nil
}

// BenchmarkScenario measures one scenario end to end on kfake, from broker
// start to verdict, and the verdict's latency after the last action.
func BenchmarkScenario(b *testing.B) {
	s := builtinScenario(b, "team-7 VIP boundary")
	ctx := context.Background()
	var latency time.Duration
	for b.Loop() {
		br, err := embedded.Start(ctx, embedded.Config{})
		if err != nil {
			b.Fatal(err)
		}
		r, err := harness.Run(ctx, br, s, reference, harness.Options{})
		br.Close()
		if err != nil || !r.Passed() {
			b.Fatalf("run: %v, passed %v", err, r != nil && r.Passed())
		}
		latency += r.Verdict.Sub(r.LastAction)
	}
	b.ReportMetric(float64(latency.Microseconds())/1000/float64(b.N), "verdict-latency-ms")
}

// BenchmarkSuite measures the whole built-in suite on kfake, as kafkacheck
// runs it.
func BenchmarkSuite(b *testing.B) {
	list, err := scenarios.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	s := harness.Suite{Start: startKfake, Fresh: true, Parallel: 4, Program: reference}
	for b.Loop() {
		results, err := s.Run(context.Background(), list)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range results {
			if !r.Passed() {
				b.Fatalf("%s failed", r.Scenario.Name)
			}
		}
	}
}

// BenchmarkReplayCapture100k replays 100,000 producer-like users into
// new_users and captures them back, reporting both rates and the heap.
func BenchmarkReplayCapture100k(b *testing.B) {
	const n = 100_000
	values := make([][]byte, n)
	for i := range values {
		values[i] = fmt.Appendf(nil, `{"email":"user%d@gmail.com","credit_card_number":"4111111111111111","company_name":"Quiet Fields LLC","company_slogan":"Harvest the calm","industry":"Farming","user_name":"u%d","avatar":"https://robohash.org/u.png?size=50x50","name":"Jane Roe","profession":"teacher","field":"Marketing","premium":false,"credit":0,"time_zone":"America/Chicago","user_agent":"Mozilla/5.0","pack":"small"}`, i, i)
	}
	ctx := context.Background()
	var replayTime, captureTime time.Duration
	var peak uint64
	for b.Loop() {
		br, err := embedded.Start(ctx, embedded.Config{})
		if err != nil {
			b.Fatal(err)
		}
		opts := broker.ClientOpts(br, classroom.AdminUser, classroom.AdminPassword)
		cl, err := kgo.NewClient(append(opts, replay.Opts()...)...)
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if err := replay.Replay(ctx, cl, classroom.NewUsers, 2, values); err != nil {
			b.Fatal(err)
		}
		replayTime += time.Since(t0)
		cl.Close()

		t1 := time.Now()
		capt, err := capture.Start(classroom.NewUsers, map[int32]int64{0: 0, 1: 0}, nil, capture.Limits{}, opts...)
		if err != nil {
			b.Fatal(err)
		}
		if err := capt.WaitOffsets(ctx, map[int32]int64{0: n / 2, 1: n / 2}); err != nil {
			b.Fatal(err)
		}
		captureTime += time.Since(t1)
		// The live heap with everything still held: the input values,
		// the broker's copy, and the capture's.
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
		capt.Close()
		br.Close()
	}
	b.ReportMetric(float64(n*b.N)/replayTime.Seconds(), "replayed/s")
	b.ReportMetric(float64(n*b.N)/captureTime.Seconds(), "captured/s")
	b.ReportMetric(float64(peak)/(1<<20), "live-heap-MB")
}

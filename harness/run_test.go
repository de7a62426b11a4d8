package harness_test

import (
	"context"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

func startKfake(ctx context.Context) (broker.Broker, error) {
	return embedded.Start(ctx, embedded.Config{})
}

func TestRunReferenceGood(t *testing.T) {
	list, err := scenarios.Load("../scenarios/testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b, err := startKfake(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	r, err := harness.Run(ctx, b, list[0], reference, harness.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Passed() {
		t.Fatalf("scenario failed: settle %+v, diff %+v, errors %v", r.Settle, r.Diff, r.ProgramErrors)
	}
	// Passed implies settled; what settled it, and what was judged, can
	// still be wrong: the reference client commits what it handled, and
	// sends the scenario's two actions, both valid, and nothing else.
	if r.Settle.By != "commits" {
		t.Errorf("settled by %q, want commits", r.Settle.By)
	}
	if want := (judge.Counts{Valid: 2}); r.Diff.Matched != 2 || r.Diff.Verdicts != want || r.Dropped != 0 {
		t.Errorf("matched %d, verdicts %+v, dropped %d; want 2, %+v, 0", r.Diff.Matched, r.Diff.Verdicts, r.Dropped, want)
	}
	if r.NotReplayed || len(r.Scenario.Events) != 5 {
		t.Errorf("not replayed %t, %d events; want the 5 events replayed", r.NotReplayed, len(r.Scenario.Events))
	}
	t.Logf("duration %v, verdict latency %v", r.Duration, r.Verdict.Sub(r.LastAction))
}

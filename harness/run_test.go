package harness_test

import (
	"context"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/settle"
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
	r, err := harness.Run(ctx, b, list[0], harness.Reference, harness.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Passed() {
		t.Fatalf("scenario failed: settle %+v, diff %+v, errors %v", r.Settle, r.Diff, r.ProgramErrors)
	}
	if r.Settle.Condition != settle.Settled {
		t.Errorf("settle = %v", r.Settle)
	}
	t.Logf("duration %v, verdict latency %v", r.Duration, r.Verdict.Sub(r.LastAction))
}

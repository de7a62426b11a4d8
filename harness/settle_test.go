package harness_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/settle"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

func goodScenario(t *testing.T) *scenarios.Scenario {
	t.Helper()
	list, err := scenarios.Load("../scenarios/testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return list[0]
}

func runOn(t *testing.T, s *scenarios.Scenario, prog harness.Program, opts harness.Options) *harness.Result {
	t.Helper()
	b, err := startKfake(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	r, err := harness.Run(t.Context(), b, s, prog, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// neverCommits consumes in the team's group but never commits, like a
// program that forgot to: the scenario must end at the deadline, saying
// which group was still behind.
func neverCommits(ctx context.Context, team string, b broker.Broker) error {
	cl, err := kgo.NewClient(append(broker.ClientOpts(b, team, classroom.TeamPassword(team)),
		kgo.ConsumerGroup(team), kgo.ConsumeTopics(classroom.NewUsers),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.DisableAutoCommit())...)
	if err != nil {
		return err
	}
	defer cl.Close()
	for ctx.Err() == nil {
		cl.PollFetches(ctx)
	}
	return nil
}

func TestSettleDeadlineSaysWhatWasPending(t *testing.T) {
	r := runOn(t, goodScenario(t), neverCommits, harness.Options{Deadline: 300 * time.Millisecond})
	if r.Passed() {
		t.Fatal("a program that never commits passed")
	}
	if r.Settle.Condition != settle.Deadline {
		t.Fatalf("settle = %v, want a deadline", r.Settle)
	}
	for _, want := range []string{"consumer groups to commit new_users", "group team-1:", "no commit"} {
		if !strings.Contains(r.Settle.Detail, want) {
			t.Errorf("deadline detail %q lacks %q", r.Settle.Detail, want)
		}
	}
}

func TestSettleEndsWhenAProgramExits(t *testing.T) {
	crash := func(ctx context.Context, team string, b broker.Broker) error {
		return errors.New("crashed on the first malformed value")
	}
	start := time.Now()
	r := runOn(t, goodScenario(t), crash, harness.Options{Deadline: 5 * time.Second})
	if r.Passed() || r.Settle.Condition != settle.ProgramExited {
		t.Fatalf("settle = %v, passed %v; want program exited", r.Settle, r.Passed())
	}
	if time.Since(start) > 4*time.Second {
		t.Errorf("the wait went on after the program exited: %v", time.Since(start))
	}
	if err := r.ProgramErrors["team-1"]; err == nil || !strings.Contains(err.Error(), "crashed") {
		t.Errorf("program errors = %v", r.ProgramErrors)
	}
	if len(r.Diff.Missing) != 2 {
		t.Errorf("missing = %d, want the 2 expected actions", len(r.Diff.Missing))
	}
}

// TestLateActionIsJudged proves the drain: a message a program writes while
// it is being stopped is still captured and judged.
func TestLateActionIsJudged(t *testing.T) {
	late := func(ctx context.Context, team string, b broker.Broker) error {
		if err := reference(ctx, team, b); err != nil {
			return err
		}
		cl, err := kgo.NewClient(broker.ClientOpts(b, team, classroom.TeamPassword(team))...)
		if err != nil {
			return err
		}
		defer cl.Close()
		return cl.ProduceSync(context.Background(), &kgo.Record{Topic: classroom.Actions, Value: []byte(`{"team":"` + team + `"}`)}).FirstErr()
	}
	r := runOn(t, goodScenario(t), late, harness.Options{})
	if r.Passed() {
		t.Fatal("a late extra action went unnoticed")
	}
	if r.Diff.Verdicts.MissingFields != 2 || len(r.Diff.Unexpected) != 2 {
		t.Errorf("verdicts %+v, unexpected %d; want the two late ❓ messages judged", r.Diff.Verdicts, len(r.Diff.Unexpected))
	}
}

package harnesstest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/harnesstest"
)

// team5 is a team's franz-go consumer as its own package would hold it:
// for each user on new_users whose industry names health care, one action
// on actions. It commits each poll once its actions are acknowledged,
// which is also what ends a scenario quickly: franz-go's auto-commit
// would come only every 5 s.
func team5(ctx context.Context, team string, b broker.Broker) error {
	cl, err := kgo.NewClient(append(broker.ClientOpts(b, team, classroom.TeamPassword(team)),
		kgo.ConsumerGroup(team), kgo.ConsumeTopics("new_users"), kgo.DefaultProduceTopic("actions"),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.DisableAutoCommit())...)
	if err != nil {
		return err
	}
	defer cl.Close()
	for {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var actions []*kgo.Record
		for _, r := range fetches.Records() {
			var u struct{ Email, Industry string }
			if json.Unmarshal(r.Value, &u) == nil && healthcare(u.Industry) {
				a, _ := json.Marshal(map[string]string{"customer": u.Email, "type": "CONTACT_CUSTOMER", "reason": "HEALTHCARE_COMPLIANCE", "team": team})
				actions = append(actions, &kgo.Record{Value: a})
			}
		}
		if err := cl.ProduceSync(ctx, actions...).FirstErr(); err != nil {
			return stopped(ctx, err)
		}
		if err := cl.CommitRecords(ctx, fetches.Records()...); err != nil {
			return stopped(ctx, err)
		}
	}
}

// stopped is nil when err comes from the program being stopped (ctx done
// mid-produce or mid-commit), else err.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// healthcare is team-5's rule: the industry contains one of these words,
// in any case.
func healthcare(industry string) bool {
	for _, w := range []string{"health", "hospital", "medical", "pharma", "biotech", "veterinary"} {
		if strings.Contains(strings.ToLower(industry), w) {
			return true
		}
	}
	return false
}

// In a test of your own package, one line checks team5 on every built-in
// scenario that lists team-5, each on a fresh embedded broker:
//
//	func TestTeam5(t *testing.T) {
//		harnesstest.RunTeam(t, "team-5", team5, harnesstest.TeamOptions{})
//	}
//
// and TeamOptions{Start: container.Config{}.Starter()} runs the same test
// on Apache Kafka in a container (after container.Require(t)). An example
// has no *testing.T, so this one asks TeamResults, which runs the same
// scenarios, and prints what would fail.
func ExampleRunTeam() {
	results, err := harnesstest.TeamResults(context.Background(), "team-5", team5, harnesstest.TeamOptions{})
	if err != nil {
		fmt.Println("harness:", err)
		return
	}
	failed := 0
	for _, r := range results {
		if !r.Passed() {
			failed++
			fmt.Println("FAIL", r.Scenario.Name)
		}
	}
	fmt.Printf("team-5: %d failed\n", failed)
	// Output:
	// team-5: 0 failed
}

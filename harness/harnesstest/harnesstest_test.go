package harnesstest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/harnesstest"
	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/harness/settle"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// hotmail is a fake team program, not the reference client: it reads
// new_users from the start in its team's group and, for every user whose
// email ends in @hotmail.com, writes team-1's action; it commits what it
// handled after each poll.
func hotmail(ctx context.Context, team string, b broker.Broker) error {
	cl, err := kgo.NewClient(append(broker.ClientOpts(b, team, classroom.TeamPassword(team)),
		kgo.ConsumerGroup(team), kgo.ConsumeTopics(classroom.NewUsers),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.DisableAutoCommit(),
		kgo.DefaultProduceTopic(classroom.Actions))...)
	if err != nil {
		return err
	}
	defer cl.Close()
	for {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var actions []*kgo.Record
		fs.EachRecord(func(r *kgo.Record) {
			var u struct{ Email string }
			if json.Unmarshal(r.Value, &u) == nil && strings.HasSuffix(u.Email, "@hotmail.com") {
				v := fmt.Sprintf(`{"customer":%q,"type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":%q}`, u.Email, team)
				actions = append(actions, &kgo.Record{Value: []byte(v)})
			}
		})
		if err := cl.ProduceSync(ctx, actions...).FirstErr(); err != nil {
			return err
		}
		if err := cl.CommitUncommittedOffsets(ctx); err != nil && ctx.Err() == nil {
			return err
		}
	}
}

// tiny is two scenarios the fake program passes: one user it acts on
// among others, and none.
func tiny(t *testing.T) []*scenarios.Scenario {
	t.Helper()
	var list []*scenarios.Scenario
	for i, yaml := range []string{`name: one hotmail user
teams: [team-1]
events:
  - user: {email: ana@hotmail.com}
  - user: {email: ben@gmail.com}
  - raw: "not json"
expect:
  actions:
    - {customer: ana@hotmail.com, type: CONTACT_CUSTOMER, reason: LEGACY_EMAIL_PROVIDER, team: team-1}
`, `name: no hotmail user
teams: [team-1]
events:
  - user: {email: dora@yahoo.com}
expect:
  actions: []
`} {
		s, err := scenarios.Parse(fmt.Sprintf("tiny-%d.yaml", i), []byte(yaml))
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, s)
	}
	return list
}

func startKfake(ctx context.Context) (broker.Broker, error) {
	return embedded.Start(ctx, embedded.Config{})
}

// TestRunTinyList runs the list on fresh brokers and on one broker reset
// between scenarios; each scenario's subtest must pass, and each scenario
// must have been judged.
func TestRunTinyList(t *testing.T) {
	for _, fresh := range []bool{true, false} {
		t.Run(fmt.Sprintf("fresh=%t", fresh), func(t *testing.T) {
			var judged []string
			s := harness.Suite{Start: startKfake, Fresh: fresh, Program: hotmail,
				Observer: harness.Observer{Result: func(r *harness.Result) {
					judged = append(judged, fmt.Sprintf("%s: %s by %s, %d matched", r.Scenario.Name, r.Settle.Condition, r.Settle.By, r.Diff.Matched))
				}}}
			harnesstest.Run(t, s, tiny(t))
			slices.Sort(judged)
			want := []string{"no hotmail user: settled by commits, 0 matched", "one hotmail user: settled by commits, 1 matched"}
			if strings.Join(judged, "\n") != strings.Join(want, "\n") {
				t.Errorf("judged:\n%s\nwant:\n%s", strings.Join(judged, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// recorder is a testing.TB that records failures instead of failing: the
// test of a failing scenario must not fail itself.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestCheckFailsAFailingScenario: Check, which harnesstest.Run calls for
// each subtest, fails a scenario whose action is missing, with its
// report, and lets a passing one pass.
func TestCheckFailsAFailingScenario(t *testing.T) {
	s := tiny(t)[0]
	d, err := judge.Compare([]judge.Expected{{Value: s.Expect[0].Value, Source: "tiny-0.yaml:9"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	failed := &harness.Result{Scenario: s, Backend: "kfake", Diff: d, Duration: time.Millisecond,
		Settle: settle.Outcome{Condition: settle.Settled, By: settle.ByCommits}}
	rec := &recorder{TB: t}
	harnesstest.Check(rec, failed)
	if len(rec.errors) != 1 {
		t.Fatalf("Check of a failing scenario reported %d errors, want 1: %q", len(rec.errors), rec.errors)
	}
	for _, want := range []string{
		"scenario tiny-0.yaml failed:\nFAIL  one hotmail user ",
		"\n      missing     " + `{"customer":"ana@hotmail.com","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1","type":"CONTACT_CUSTOMER"}` + "\n",
		"\n                  expected at tiny-0.yaml:9\n",
	} {
		if !strings.Contains(rec.errors[0], want) {
			t.Errorf("Check's failure lacks %q:\n%s", want, rec.errors[0])
		}
	}

	d, err = judge.Compare(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	passed := &harness.Result{Scenario: tiny(t)[1], Backend: "kfake", Diff: d,
		Settle: settle.Outcome{Condition: settle.Settled, By: settle.ByCommits}}
	rec = &recorder{TB: t}
	harnesstest.Check(rec, passed)
	if len(rec.errors) != 0 {
		t.Errorf("Check of a passing scenario reported %q", rec.errors)
	}
}

package harness_test

import (
	"context"
	"path"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// scaleUpOn runs a ScaleUp of two instances of prog on a fresh kfake with
// a connection tap, on team-3's part of the producer corpus.
func scaleUpOn(t *testing.T, prog harness.Program) *harness.ScaleUpResult {
	t.Helper()
	col := tap.NewCollector()
	b, err := embedded.Start(t.Context(), embedded.Config{Listen: col.Listen(nil), OnAuth: col.OnAuth})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	all, err := scenarios.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(all, func(s *scenarios.Scenario) bool { return path.Base(s.File) == "producer-corpus.yaml" })
	sc, _ := all[i].ForTeam("team-3")
	up := harness.ScaleUp{
		Team: "team-3", Instances: 2,
		Program:  func(int) harness.Program { return prog },
		Fetchers: col.FetchersSince,
		Options:  harness.Options{Poll: 10 * time.Millisecond},
	}
	r, err := up.Run(t.Context(), b, sc)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestScaleUpReference: two reference clients in team-3's group share the
// partitions; one stopped as by Ctrl-C (no Kill: its context is
// cancelled, it leaves the group) hands its partition to the other, and
// every expected action arrives, with no duplicate but the take-over's.
func TestScaleUpReference(t *testing.T) {
	t.Parallel()
	r := scaleUpOn(t, reference)
	if !r.Passed() {
		t.Fatalf("not passed: settle %+v, %d missing, %d unexpected, duplicates %+v, took over %v, errors %v",
			r.Settle, len(r.Diff.Missing), len(r.Diff.Unexpected), r.Duplicates, r.TookOver, r.ProgramErrors)
	}
	if len(r.Before.Members) != 2 || r.Before.Instance(0) == nil || r.Before.Instance(1) == nil {
		t.Errorf("before the stop: %s; want instances 1 and 2 as members", r.Before)
	}
	if r.Signal != "SIGINT" || r.Stopped < 0 {
		t.Errorf("stopped instance %d with %q; want one with SIGINT", r.Stopped, r.Signal)
	}
	if len(r.After.Members) != 1 || len(r.After.Members[0].Partitions) != 2 || len(r.Moved) != 1 {
		t.Errorf("after the take-over: %s, moved %v; want one member with both partitions, one moved", r.After, r.Moved)
	}
	for p, n := range r.Fetchers {
		if n != 1 {
			t.Errorf("partition %d fetched by %d connections before the stop, want 1", p, n)
		}
	}
	if r.Duplicates.Other != 0 || r.Duplicates.Everywhere != 0 {
		t.Errorf("duplicates %+v, want none but the take-over's", r.Duplicates)
	}
}

// TestScaleUpCatchesEveryPartition: two instances that each read every
// partition outside the group, committing to it as kafka-python does with
// consumer.assign, send each action twice: ScaleUp fails them and shows
// why (no member, each partition fetched by two connections, duplicates
// no take-over explains).
func TestScaleUpCatchesEveryPartition(t *testing.T) {
	t.Parallel()
	r := scaleUpOn(t, everyPartition)
	if r.Passed() {
		t.Fatal("passed a program whose instances each read every partition")
	}
	if r.MostMembers != 0 || r.Duplicates.Other == 0 || r.Duplicates.TakeOver != 0 || len(r.Diff.Missing) != 0 {
		t.Errorf("most members %d, duplicates %+v, %d missing; want no member, duplicates none explained, none missing",
			r.MostMembers, r.Duplicates, len(r.Diff.Missing))
	}
	if r.Fetchers[0] != 2 || r.Fetchers[1] != 2 {
		t.Errorf("fetchers %v, want both partitions fetched by 2 connections", r.Fetchers)
	}
}

// everyPartition is a team program that reads every partition of
// new_users itself (no group membership), acts on each user with the
// reference rule, and commits to its team's group after each poll.
func everyPartition(ctx context.Context, team string, b broker.Broker) error {
	rule, err := client.RuleFor(team)
	if err != nil {
		return err
	}
	parts := map[int32]kgo.Offset{}
	for p := range int32(2) {
		parts[p] = kgo.NewOffset().AtStart()
	}
	cl, err := kgo.NewClient(append(broker.ClientOpts(b, team, classroom.TeamPassword(team)),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{classroom.NewUsers: parts}),
		kgo.DefaultProduceTopic(classroom.Actions))...)
	if err != nil {
		return err
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	for {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return nil
		}
		offsets := kadm.Offsets{}
		for _, rec := range fetches.Records() {
			if u, err := client.ParseUser(rec.Value); err == nil {
				if a, ok := rule.Act(team, u); ok {
					if err := cl.ProduceSync(ctx, &kgo.Record{Value: a.Encode()}).FirstErr(); err != nil {
						return err
					}
				}
			}
			offsets.Add(kadm.Offset{Topic: rec.Topic, Partition: rec.Partition, At: rec.Offset + 1, LeaderEpoch: -1})
		}
		if len(offsets) > 0 {
			if err := adm.CommitAllOffsets(ctx, team, offsets); err != nil && ctx.Err() == nil {
				return err
			}
		}
	}
}

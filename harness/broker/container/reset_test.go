package container

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
)

// TestResetOnRealKafka checks that Reset gives the next scenario a clean
// classroom on a real broker, where topic deletion is asynchronous, in each
// edition: topics empty with the edition's partitions, the team's
// committed offsets gone, the ACLs still in force, and the team still able
// to log in (2026-01's SCRAM users live in the cluster's metadata, which
// Reset does not touch).
func TestResetOnRealKafka(t *testing.T) {
	for _, e := range []struct {
		profile    classroom.Profile
		partitions int // of actions, as the edition's setup script creates it
	}{
		{classroom.Default(), 2},
		{edition2026(t), 5},
	} {
		t.Run(e.profile.Edition, func(t *testing.T) {
			b := sharedEdition(t, e.profile)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()

			team := classroom.TeamName(3)
			cl, err := kgo.NewClient(broker.ClientOpts(b, team, classroom.TeamPassword(team))...)
			if err != nil {
				t.Fatal(err)
			}
			if err := cl.ProduceSync(ctx, &kgo.Record{Topic: classroom.Actions, Value: []byte(`{"team":"team-3"}`)}).FirstErr(); err != nil {
				t.Fatalf("produce before Reset: %v", err)
			}
			// A commit outside any generation, as a program's last commit
			// leaves the group: empty, with offsets.
			var offsets kadm.Offsets
			offsets.Add(kadm.Offset{Topic: classroom.NewUsers, Partition: 0, At: 0, LeaderEpoch: -1})
			if err := kadm.NewClient(cl).CommitAllOffsets(ctx, team, offsets); err != nil {
				t.Fatalf("commit before Reset: %v", err)
			}
			cl.Close()

			start := time.Now()
			if err := b.Reset(ctx); err != nil {
				t.Fatal(err)
			}
			t.Logf("Reset took %s", time.Since(start).Round(time.Millisecond))

			adm, err := b.Admin()
			if err != nil {
				t.Fatal(err)
			}
			defer adm.Close()
			ends, err := adm.ListEndOffsets(ctx, classroom.Actions)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(ends[classroom.Actions]); n != e.partitions {
				t.Errorf("%s after Reset: got %d partitions, want %d", classroom.Actions, n, e.partitions)
			}
			ends.Each(func(o kadm.ListedOffset) {
				if o.Err != nil || o.Offset != 0 {
					t.Errorf("%s[%d] after Reset: got end offset %d (err %v), want 0", o.Topic, o.Partition, o.Offset, o.Err)
				}
			})
			groups, err := adm.ListGroups(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := groups[team]; ok {
				t.Errorf("group %q still exists after Reset", team)
			}
			acls, err := adm.DescribeACLs(ctx, kadm.NewACLs().Allow("User:"+team).AllowHosts().AnyResource().Operations(kadm.OpAny).ResourcePatternType(kadm.ACLPatternAny))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(acls[0].Described); n == 0 {
				t.Errorf("ACLs of %s after Reset: got none, want the classroom's", team)
			}

			after, err := kgo.NewClient(broker.ClientOpts(b, team, classroom.TeamPassword(team))...)
			if err != nil {
				t.Fatal(err)
			}
			defer after.Close()
			if err := after.ProduceSync(ctx, &kgo.Record{Topic: classroom.Actions, Value: []byte(`{"team":"team-3"}`)}).FirstErr(); err != nil {
				t.Errorf("%s producing with %s after Reset: %v", team, b.Listener().Mechanism, err)
			}
		})
	}
}

// TestResetBeforeAnyGroup: on a fresh real broker no group has ever
// existed, so there is no offsets topic and DeleteGroups is answered
// COORDINATOR_NOT_AVAILABLE; Reset must still succeed (it used to fail).
func TestResetBeforeAnyGroup(t *testing.T) {
	requireEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	b, err := Start(ctx, Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Reset(ctx); err != nil {
		t.Fatalf("Reset on a broker that never had a group: %v", err)
	}
}

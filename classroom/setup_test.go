package classroom_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// bareCluster starts a kfake cluster with SASL/PLAIN and ACLs on, the
// admin and team-3 as users, and nothing else: no topic, no ACL. It
// returns an admin client.
func bareCluster(t *testing.T) (*kfake.Cluster, *kgo.Client) {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.EnableSASL(), kfake.EnableACLs(),
		kfake.Superuser("PLAIN", "admin", "admin-secret"),
		kfake.User("PLAIN", "team-3", "team-3-secret"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c, login(t, c, "admin", "admin-secret")
}

func login(t *testing.T, c *kfake.Cluster, user, password string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(c.ListenAddrs()...),
		kgo.SASL(plain.Auth{User: user, Pass: password}.AsMechanism())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

func ctx10s(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// topics returns each topic's partition count.
func topics(t *testing.T, adm *kadm.Client) map[string]int {
	t.Helper()
	td, err := adm.ListTopics(ctx10s(t))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for name, d := range td {
		got[name] = len(d.Partitions)
	}
	return got
}

// cleanupPolicies returns each classroom topic's cleanup.policy.
func cleanupPolicies(t *testing.T, adm *kadm.Client) map[string]string {
	t.Helper()
	rcs, err := adm.DescribeTopicConfigs(ctx10s(t), classroom.NewUsers, classroom.Actions, classroom.Watchlist, classroom.ScorerState)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, rc := range rcs {
		if rc.Err != nil {
			t.Fatalf("configs of %s: %v", rc.Name, rc.Err)
		}
		for _, kv := range rc.Configs {
			if kv.Key == "cleanup.policy" {
				got[rc.Name] = kv.MaybeValue()
			}
		}
	}
	return got
}

// acls returns every ACL the broker lists, one line each.
func acls(t *testing.T, adm *kadm.Client) []string {
	t.Helper()
	b := kadm.NewACLs().AnyResource().Allow().Deny().AllowHosts().DenyHosts().
		Operations(kadm.OpAny).ResourcePatternType(kadm.ACLPatternAny)
	res, err := adm.DescribeACLs(ctx10s(t), b)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range res {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		for _, d := range r.Described {
			out = append(out, fmt.Sprintf("%s %s %s %s %s %s", d.Principal, d.Permission, d.Operation, d.Type, d.Pattern, d.Name))
		}
	}
	slices.Sort(out)
	return out
}

var wantTopics = map[string]int{"new_users": 2, "actions": 2, "watchlist": 2, "scorer_state": 1}

var wantPolicies = map[string]string{"new_users": "delete", "actions": "delete", "watchlist": "compact", "scorer_state": "compact"}

// wantACLs: 15 teams with 8 each (new_users Read+Describe, actions and
// watchlist Write+Describe, their group Read+Describe), and the
// leaderboard's 9.
const wantACLs = 15*8 + 9

func TestSetup(t *testing.T) {
	c, cl := bareCluster(t)
	if err := classroom.Setup(ctx10s(t), cl, classroom.Default()); err != nil {
		t.Fatal(err)
	}
	adm := kadm.NewClient(cl)
	if diff := cmp.Diff(wantTopics, topics(t, adm)); diff != "" {
		t.Errorf("topics and partitions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantPolicies, cleanupPolicies(t, adm)); diff != "" {
		t.Errorf("cleanup.policy (-want +got):\n%s", diff)
	}
	got := acls(t, adm)
	if len(got) != wantACLs {
		t.Errorf("%d ACLs listed, want %d", len(got), wantACLs)
	}
	for _, want := range []string{
		"User:team-3 ALLOW READ TOPIC LITERAL new_users",
		"User:team-3 ALLOW DESCRIBE TOPIC LITERAL new_users",
		"User:team-3 ALLOW WRITE TOPIC LITERAL actions",
		"User:team-3 ALLOW WRITE TOPIC LITERAL watchlist",
		"User:team-3 ALLOW READ GROUP LITERAL team-3",
		"User:leaderboard ALLOW WRITE TOPIC LITERAL scorer_state",
		"User:leaderboard ALLOW READ GROUP PREFIXED leaderboard",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("ACL %q not listed", want)
		}
	}
	for _, never := range []string{
		"User:team-3 ALLOW WRITE TOPIC LITERAL new_users",
		"User:team-3 ALLOW READ TOPIC LITERAL actions",
		"User:team-3 ALLOW READ GROUP LITERAL team-4",
	} {
		if slices.Contains(got, never) {
			t.Errorf("ACL %q listed; a team must not have it", never)
		}
	}

	// The ACLs hold: team-3 writes actions, and may not write new_users.
	team := login(t, c, "team-3", "team-3-secret", kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err := team.ProduceSync(ctx10s(t), &kgo.Record{Topic: classroom.Actions, Value: []byte("{}")}).FirstErr(); err != nil {
		t.Errorf("team-3 writing actions: %v", err)
	}
	err := team.ProduceSync(ctx10s(t), &kgo.Record{Topic: classroom.NewUsers, Value: []byte("{}")}).FirstErr()
	if !errors.Is(err, kerr.TopicAuthorizationFailed) {
		t.Errorf("team-3 writing new_users: %v, want TOPIC_AUTHORIZATION_FAILED", err)
	}

	// Setup again keeps what is there, and adds nothing twice.
	if err := classroom.Setup(ctx10s(t), cl, classroom.Default()); err != nil {
		t.Fatalf("second Setup: %v", err)
	}
	if n := len(acls(t, adm)); n != wantACLs {
		t.Errorf("%d ACLs after a second Setup, want %d", n, wantACLs)
	}
	if diff := cmp.Diff(wantTopics, topics(t, adm)); diff != "" {
		t.Errorf("topics after a second Setup (-want +got):\n%s", diff)
	}
}

func TestReset(t *testing.T) {
	_, cl := bareCluster(t)
	ctx := ctx10s(t)
	if err := classroom.Setup(ctx, cl, classroom.Default()); err != nil {
		t.Fatal(err)
	}
	adm := kadm.NewClient(cl)
	for _, topic := range []string{classroom.NewUsers, classroom.Actions, classroom.Watchlist, classroom.ScorerState} {
		r := &kgo.Record{Topic: topic, Key: []byte("k"), Value: []byte("v")}
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatalf("produce to %s: %v", topic, err)
		}
	}
	for _, g := range []string{"team-1", "team-15", "leaderboard"} {
		var offs kadm.Offsets
		offs.Add(kadm.Offset{Topic: classroom.NewUsers, Partition: 0, At: 1, LeaderEpoch: -1})
		if resp, err := adm.CommitOffsets(ctx, g, offs); err != nil || resp.Error() != nil {
			t.Fatalf("commit for %s: %v %v", g, err, resp.Error())
		}
	}

	if err := classroom.Reset(ctx, cl, classroom.Default()); err != nil {
		t.Fatal(err)
	}
	// Every topic is empty again, with its partitions and configs.
	ends, err := adm.ListEndOffsets(ctx, classroom.NewUsers, classroom.Actions, classroom.Watchlist, classroom.ScorerState)
	if err != nil {
		t.Fatal(err)
	}
	records := map[string]int64{}
	ends.Each(func(o kadm.ListedOffset) { records[o.Topic] += o.Offset })
	want := map[string]int64{"new_users": 0, "actions": 0, "watchlist": 0, "scorer_state": 0}
	if diff := cmp.Diff(want, records); diff != "" {
		t.Errorf("records after Reset (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantTopics, topics(t, adm)); diff != "" {
		t.Errorf("topics after Reset (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantPolicies, cleanupPolicies(t, adm)); diff != "" {
		t.Errorf("cleanup.policy after Reset (-want +got):\n%s", diff)
	}
	// The groups and their commits are gone; the ACLs stay.
	listed, err := adm.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if groups := listed.Groups(); len(groups) != 0 {
		t.Errorf("groups after Reset: %v, want none", groups)
	}
	if n := len(acls(t, adm)); n != wantACLs {
		t.Errorf("%d ACLs after Reset, want %d", n, wantACLs)
	}
}

func TestResetRefusesAGroupWithMembers(t *testing.T) {
	c, cl := bareCluster(t)
	ctx := ctx10s(t)
	if err := classroom.Setup(ctx, cl, classroom.Default()); err != nil {
		t.Fatal(err)
	}
	member := login(t, c, "admin", "admin-secret", kgo.ConsumerGroup("team-2"), kgo.ConsumeTopics(classroom.NewUsers))
	go member.PollFetches(ctx) // joins the group
	adm := kadm.NewClient(cl)
	retry := time.NewTicker(10 * time.Millisecond)
	defer retry.Stop()
	for {
		described, err := adm.DescribeGroups(ctx, "team-2")
		if err == nil && len(described["team-2"].Members) > 0 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the consumer never joined team-2: %v", err)
		case <-retry.C:
		}
	}
	err := classroom.Reset(ctx, cl, classroom.Default())
	if !errors.Is(err, kerr.NonEmptyGroup) || !strings.Contains(err.Error(), `reset: delete group "team-2"`) {
		t.Errorf("Reset with a member in team-2 = %v, want NON_EMPTY_GROUP naming the group", err)
	}
}

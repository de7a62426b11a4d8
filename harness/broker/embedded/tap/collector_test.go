package tap_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/harness/settle"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// start runs an embedded classroom broker observed by a new collector.
func start(t *testing.T) (*embedded.Broker, *tap.Collector) {
	t.Helper()
	col := tap.NewCollector()
	b, err := embedded.Start(t.Context(), embedded.Config{Listen: col.Listen(nil), OnAuth: col.OnAuth})
	if err != nil {
		t.Fatalf("start broker: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b, col
}

// consume starts a consumer of new_users as user with group and client
// id, polling in the background until the test ends.
func consume(t *testing.T, b *embedded.Broker, user, password, group, clientID string) {
	t.Helper()
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(b.Bootstrap()...),
		kgo.SASL(plain.Auth{User: user, Pass: password}.AsMechanism()),
		kgo.ClientID(clientID), kgo.ConsumerGroup(group), kgo.ConsumeTopics(classroom.NewUsers),
		// A partition whose start offset comes after a fetch was sent
		// joins the next fetch, which franz-go sends when the one in
		// flight returns: on an empty topic, after its 5 s long poll.
		kgo.FetchMaxWait(200*time.Millisecond),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			cl.PollFetches(ctx)
		}
	}()
	t.Cleanup(func() { cancel(); <-done; cl.Close() })
}

// waitFor waits until the collector's evidence satisfies ok, or fails
// with the evidence it saw.
func waitFor(t *testing.T, col *tap.Collector, what string, ok func(tap.Evidence) bool) tap.Evidence {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ev := col.Evidence()
		if ok(ev) {
			return ev
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 5s for %s; evidence: %+v", what, ev)
		}
		select {
		case <-t.Context().Done():
		case <-time.After(5 * time.Millisecond): // polling a condition with a deadline
		}
	}
}

func TestCollectorSeesAJoinAndIgnoresTheAdmin(t *testing.T) {
	b, col := start(t)
	adm, err := b.Admin() // the harness's kind of client
	if err != nil {
		t.Fatal(err)
	}
	if _, err := adm.ListTopics(t.Context()); err != nil {
		t.Fatal(err)
	}
	adm.Close()
	if ev := col.Evidence(); ev.Connections != 0 || len(ev.Auth) != 0 {
		t.Fatalf("after admin traffic only: %+v, want no evidence", ev)
	}
	consume(t, b, "team-3", "team-3-secret", "team-3", "team-3")
	ev := waitFor(t, col, "a join of group team-3", func(ev tap.Evidence) bool { return len(ev.Joined) > 0 })
	if want := []tap.Member{{Group: "team-3", ClientID: "team-3"}}; !slices.Equal(ev.Joined, want) {
		t.Errorf("joined = %v, want %v", ev.Joined, want)
	}
	if !ev.Authenticated() || ev.Connections == 0 || len(ev.Denials) != 0 {
		t.Errorf("evidence = %+v, want authenticated connections and no denial", ev)
	}
	if !slices.Equal(ev.AskedToJoin, []string{"team-3"}) {
		t.Errorf("asked to join %v, want [team-3]", ev.AskedToJoin)
	}
	if !slices.Equal(ev.ClientIDs, []string{"team-3"}) || !slices.Contains(ev.Groups, "team-3") {
		t.Errorf("client ids %v, groups %v: want only team-3's", ev.ClientIDs, ev.Groups)
	}
	select {
	case <-col.Fatal():
		t.Error("Fatal closed on a correct client")
	default:
	}
}

func TestCollectorSeesAGroupRefused(t *testing.T) {
	b, col := start(t)
	consume(t, b, "team-3", "team-3-secret", "team3", "team-3")
	ev := waitFor(t, col, "a denial", func(ev tap.Evidence) bool { return len(ev.Denials) > 0 })
	if d := ev.Denials[0]; d.Resource != "group" || d.Name != "team3" {
		t.Errorf("denial = %+v, want group team3", d)
	}
	<-col.Fatal() // closed, or the test times out
}

func TestCollectorSeesAWrongPassword(t *testing.T) {
	b, col := start(t)
	consume(t, b, "team-3", "wrong", "team-3", "team-3")
	ev := waitFor(t, col, "an auth attempt", func(ev tap.Evidence) bool { return len(ev.Auth) > 0 })
	if a := ev.Auth[0]; a.OK || a.User != "team-3" {
		t.Errorf("auth = %v, want a failure for team-3", a)
	}
	<-col.Fatal()
}

func TestCollectorSeesAPlaintextClient(t *testing.T) {
	b, col := start(t)
	cl, err := kgo.NewClient(kgo.SeedBrokers(b.Bootstrap()...), kgo.ConsumerGroup("team-3"), kgo.ConsumeTopics(classroom.NewUsers))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	go cl.PollFetches(t.Context())
	<-col.Fatal()
	ev := waitFor(t, col, "a request without login", func(ev tap.Evidence) bool { return ev.Unauthenticated > 0 })
	ds := diagnose.Diagnose(diagnose.Input{Team: "team-3", Runs: []diagnose.Run{{Result: emptyResult(t), Evidence: ev}}})
	if len(ds) == 0 || ds[0].Code != diagnose.AuthFailed {
		t.Errorf("diagnoses = %v, want auth_failed first", ds)
	}
}

// emptyResult is a passed result of an empty scenario.
func emptyResult(t *testing.T) *harness.Result {
	t.Helper()
	s, err := scenarios.Parse("empty.yaml", []byte("name: empty\nteams: [team-3]\nexpect:\n  actions: []\n"))
	if err != nil {
		t.Fatal(err)
	}
	return &harness.Result{Scenario: s, Settle: settle.Outcome{Condition: settle.Settled}}
}

// TestCollectorNamesTopicsSentByID: franz-go produces with Produce v13+
// and fetches with Fetch v13+, which name topics by ID. A team writing to
// new_users must be told "new_users", not `topic ""`, and its consumer's
// positions must be seen under the topic's name.
func TestCollectorNamesTopicsSentByID(t *testing.T) {
	b, col := start(t)
	consume(t, b, "team-3", "team-3-secret", "team-3", "team-3")
	ev := waitFor(t, col, "positions on every partition of new_users", func(ev tap.Evidence) bool {
		return len(ev.Positions) == 2
	})
	if ev.Positions[0] != 0 || ev.Positions[1] != 0 {
		t.Errorf("positions = %v, want both partitions at 0 on an empty topic", ev.Positions)
	}

	cl, err := kgo.NewClient(kgo.SeedBrokers(b.Bootstrap()...),
		kgo.SASL(plain.Auth{User: "team-3", Pass: "team-3-secret"}.AsMechanism()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: classroom.NewUsers, Value: []byte("{}")}).FirstErr(); err == nil {
		t.Fatal("a team could write to new_users")
	}
	ev = waitFor(t, col, "a topic denial", func(ev tap.Evidence) bool {
		return slices.ContainsFunc(ev.Denials, func(d tap.Denial) bool { return d.Resource == "topic" })
	})
	for _, d := range ev.Denials {
		if d.Resource == "topic" && d.Name != classroom.NewUsers {
			t.Errorf("denial names topic %q, want %q", d.Name, classroom.NewUsers)
		}
	}
}

// TestCollectorAttributesProducedRecords: the broker knows who wrote each
// record on actions, whatever its team field says; franz-go writes with
// Produce v13+, naming the topic by ID.
func TestCollectorAttributesProducedRecords(t *testing.T) {
	col := tap.NewCollector()
	var (
		mu       sync.Mutex
		produced []tap.Produced
	)
	col.OnProduce = func(p tap.Produced) {
		mu.Lock()
		defer mu.Unlock()
		produced = append(produced, p)
	}
	b, err := embedded.Start(t.Context(), embedded.Config{Listen: col.Listen(nil), OnAuth: col.OnAuth})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cl, err := kgo.NewClient(kgo.SeedBrokers(b.Bootstrap()...), kgo.DefaultProduceTopic(classroom.Actions),
		kgo.SASL(plain.Auth{User: "team-3", Pass: "team-3-secret"}.AsMechanism()),
		kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	var records []*kgo.Record
	for i := range 3 {
		records = append(records, &kgo.Record{Partition: 1, Value: []byte(fmt.Sprintf(`{"team": "team-4", "n": %d}`, i))})
	}
	if err := cl.ProduceSync(t.Context(), records...).FirstErr(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	total := 0
	for _, p := range produced {
		if p.User != "team-3" || p.Topic != classroom.Actions || p.Partition != 1 || p.Offset != int64(total) {
			t.Errorf("produced %+v, want team-3's records on actions partition 1 from offset %d", p, total)
		}
		total += p.Count
	}
	if total != 3 {
		t.Errorf("%d records attributed, want 3: %+v", total, produced)
	}
}

package embedded_test

import (
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
)

// The 2026-01 edition on kfake: SCRAM-SHA-256 logins, 5 partitions, and a
// team that may write team_stats but not watchlist, which the edition
// does not have.
func TestStart2026Edition(t *testing.T) {
	p, err := classroom.EditionNamed(classroom.Edition2026)
	if err != nil {
		t.Fatal(err)
	}
	b, err := embedded.Start(t.Context(), embedded.Config{Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if want := (broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: "SCRAM-SHA-256"}); b.Listener() != want {
		t.Errorf("Listener = %+v, want %+v", b.Listener(), want)
	}
	adm, err := b.Admin()
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	td, err := adm.ListTopics(ctx10s(t))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for name, d := range td {
		got[name] = len(d.Partitions)
	}
	for name, n := range map[string]int{"new_users": 5, "actions": 5, "team_stats": 5, "scorer_state": 1} {
		if got[name] != n {
			t.Errorf("topic %s has %d partitions, want %d (all: %v)", name, got[name], n, got)
		}
	}
	if _, ok := got["watchlist"]; ok {
		t.Errorf("the 2026-01 classroom has a watchlist topic; setup-redpanda.sh creates none")
	}

	login := func(user, pass string, scramLogin bool) *kgo.Client {
		mech := plain.Auth{User: user, Pass: pass}.AsMechanism()
		if scramLogin {
			mech = scram.Auth{User: user, Pass: pass}.AsSha256Mechanism()
		}
		cl, err := kgo.NewClient(kgo.SeedBrokers(b.Bootstrap()...), kgo.SASL(mech), kgo.RequestRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(cl.Close)
		return cl
	}
	for _, user := range []string{"team-3", "team-admin"} {
		cl := login(user, user+"-secret", true)
		if err := cl.ProduceSync(ctx10s(t), &kgo.Record{Topic: "team_stats", Key: []byte(user), Value: []byte(`{}`)}).FirstErr(); err != nil {
			t.Errorf("%s with SCRAM-SHA-256: produce to team_stats: %v", user, err)
		}
	}
	if err := login("team-3", "team-3-secret", false).Ping(ctx10s(t)); err == nil {
		t.Errorf("team-3 logged in with PLAIN; the 2026-01 classroom takes SCRAM-SHA-256 only")
	}
}

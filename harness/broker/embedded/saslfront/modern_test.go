package saslfront_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"
)

// client returns a franz-go client of b authenticated as user.
func client(t testing.TB, b *embedded.Broker, user, pass string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append(broker.ClientOpts(b, user, pass), opts...)...)
	if err != nil {
		t.Fatalf("new client as %s: %v", user, err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// The v1 flow (SaslHandshake v1 + SaslAuthenticate) goes through the front
// with the ACLs enforced for the authenticated principal: team-3 reads
// new_users but may not join group "team3" (only "team-3").
func TestModernFlowEnforcesACLs(t *testing.T) {
	for _, mech := range []string{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"} {
		t.Run(mech, func(t *testing.T) {
			b, ev := startBroker(t, mech)
			ctx, cancel := context.WithTimeout(context.Background(), patience)
			defer cancel()
			from := ev.count()

			admin := client(t, b, classroom.AdminUser, classroom.AdminPassword)
			rec := &kgo.Record{Topic: classroom.NewUsers, Value: []byte(`{"email":"a@hotmail.com"}`)}
			if err := admin.ProduceSync(ctx, rec).FirstErr(); err != nil {
				t.Fatalf("produce as admin: %v", err)
			}

			reader := client(t, b, "team-3", "team-3-secret",
				kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{classroom.NewUsers: {
					rec.Partition: kgo.NewOffset().AtStart(),
				}}))
			fs := reader.PollFetches(ctx)
			if err := fs.Err(); err != nil {
				t.Fatalf("team-3 reads new_users: %v", err)
			}
			if got := fs.Records(); len(got) != 1 || string(got[0].Value) != string(rec.Value) {
				t.Fatalf("team-3 read %d records, want the one produced", len(got))
			}

			joiner := client(t, b, "team-3", "team-3-secret",
				kgo.ConsumerGroup("team3"), kgo.ConsumeTopics(classroom.NewUsers))
			fs = joiner.PollFetches(ctx)
			if err := fs.Err(); !errors.Is(err, kerr.GroupAuthorizationFailed) {
				t.Fatalf("team-3 joins group team3: got %v, want GROUP_AUTHORIZATION_FAILED", err)
			}

			got, _ := ev.waitFor(t, from, "for team-3", func(e saslfront.AuthEvent) bool { return e.User == "team-3" })
			if !got.OK || got.Legacy || got.Mechanism != mech {
				t.Errorf("event: got %+v, want a v1-flow success with %s", got, mech)
			}
			for _, e := range ev.since(from) {
				if !e.OK {
					t.Errorf("unexpected failed authentication: %v", e)
				}
			}
		})
	}
}

// A refused password in the v1 flow reaches the client as Kafka's
// SASL_AUTHENTICATION_FAILED with Kafka's message, where kfake alone would
// just drop the connection.
func TestModernFlowBadPassword(t *testing.T) {
	for _, tc := range []struct{ mech, message string }{
		{"PLAIN", plainRefused},
		{"SCRAM-SHA-256", "invalid credentials with SASL mechanism SCRAM-SHA-256"},
	} {
		t.Run(tc.mech, func(t *testing.T) {
			b, ev := startBroker(t, tc.mech)
			ctx, cancel := context.WithTimeout(context.Background(), patience)
			defer cancel()
			from := ev.count()
			cl := client(t, b, "team-1", "wrong-secret", kgo.RequestRetries(0))
			err := cl.Ping(ctx)
			if !errors.Is(err, kerr.SaslAuthenticationFailed) || !strings.Contains(err.Error(), tc.message) {
				t.Fatalf("ping with a wrong password: got %v, want SASL_AUTHENTICATION_FAILED saying %q", err, tc.message)
			}
			got, _ := ev.waitFor(t, from, "for team-1", func(e saslfront.AuthEvent) bool { return e.User == "team-1" })
			if got.OK || got.Legacy || !strings.Contains(got.Reason, tc.message) {
				t.Errorf("event: got %+v, want a v1-flow failure saying %q", got, tc.message)
			}
			if strings.Contains(got.String(), "wrong-secret") {
				t.Errorf("event shows the password: %v", got)
			}
		})
	}
}

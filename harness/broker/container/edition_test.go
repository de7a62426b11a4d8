package container

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
)

// edition2026 is the 2026-01 classroom, the edition these tests start.
func edition2026(tb testing.TB) classroom.Profile {
	tb.Helper()
	p, err := classroom.EditionNamed(classroom.Edition2026)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// TestEditionLogins checks each edition's mechanism on a real broker: a
// team logs in with it, and is refused with the other edition's mechanism
// (before its password is checked: UNSUPPORTED_SASL_MECHANISM, as the
// classroom's broker says) or with a wrong password. The admin logs in as
// the classroom's admin does, with the edition's mechanism.
func TestEditionLogins(t *testing.T) {
	editions := []struct {
		profile  classroom.Profile
		listener broker.Listener
	}{
		{classroom.Default(), broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: "PLAIN"}},
		{edition2026(t), broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: "SCRAM-SHA-256"}},
	}
	for _, e := range editions {
		t.Run(e.profile.Edition, func(t *testing.T) {
			b := sharedEdition(t, e.profile)
			if got := b.Listener(); got != e.listener {
				t.Fatalf("Listener() = %+v, want %+v", got, e.listener)
			}
			cases := []struct {
				name, mechanism, user, password string
				want                            error // nil: must log in
			}{
				{"team-5 with PLAIN", "PLAIN", "team-5", "team-5-secret", nil},
				{"team-5 with SCRAM-SHA-256", "SCRAM-SHA-256", "team-5", "team-5-secret", nil},
				{"team-5 with SCRAM-SHA-512", "SCRAM-SHA-512", "team-5", "team-5-secret", kerr.UnsupportedSaslMechanism},
				{"team-5 with a wrong password", e.listener.Mechanism, "team-5", "team-5-wrong", kerr.SaslAuthenticationFailed},
				{"admin", e.listener.Mechanism, "admin", "admin-secret", nil},
			}
			for _, c := range cases {
				want := c.want
				if c.want == nil && c.mechanism != e.listener.Mechanism {
					want = kerr.UnsupportedSaslMechanism
				}
				t.Run(c.name, func(t *testing.T) {
					ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
					defer cancel()
					l := broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: c.mechanism}
					err := login(ctx, []kgo.Opt{kgo.SeedBrokers(b.Bootstrap()...), kgo.SASL(broker.SASL(l, c.user, c.password))})
					switch {
					case want == nil && err != nil:
						t.Fatalf("got %v, want a login", err)
					case want != nil && !errors.Is(err, want):
						t.Fatalf("got %v, want %v", err, want)
					}
				})
			}
		})
	}
}

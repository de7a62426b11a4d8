package container

import (
	"context"
	"errors"
	"maps"
	"slices"
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

// TestAdminListenerKnowsOnlyTheAdmin: the 2026-01 broker's PLAIN listener,
// which the harness's admin uses to create the SCRAM users, lets no one
// else in: a team with its right password is refused there.
func TestAdminListenerKnowsOnlyTheAdmin(t *testing.T) {
	b := sharedEdition(t, edition2026(t))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	plain := broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: "PLAIN"}
	if err := login(ctx, []kgo.Opt{kgo.SeedBrokers(b.admin), kgo.SASL(broker.SASL(plain, "team-5", "team-5-secret"))}); !errors.Is(err, kerr.SaslAuthenticationFailed) {
		t.Errorf("team-5 on the admin listener: got %v, want %v", err, kerr.SaslAuthenticationFailed)
	}
	if err := login(ctx, b.AdminOpts()); err != nil {
		t.Errorf("admin through AdminOpts: got %v, want a login", err)
	}
}

// TestEdition2026Topics: the topics of setup-redpanda.sh, on the real
// broker: partitions and the configs it sets, written out here as the
// script writes them.
func TestEdition2026Topics(t *testing.T) {
	b := sharedEdition(t, edition2026(t))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	want := map[string]struct {
		partitions int
		configs    map[string]string
	}{
		"new_users":    {5, map[string]string{"retention.ms": "3600000", "cleanup.policy": "delete"}},
		"actions":      {5, map[string]string{"retention.ms": "3600000", "cleanup.policy": "delete"}},
		"team_stats":   {5, map[string]string{"cleanup.policy": "compact", "segment.ms": "60000"}},
		"scorer_state": {1, map[string]string{"cleanup.policy": "compact", "segment.ms": "60000"}},
	}
	adm, err := b.Admin()
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	topics, err := adm.ListTopics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, wantNames := topics.Names(), slices.Sorted(maps.Keys(want)); !slices.Equal(got, wantNames) {
		t.Errorf("topics: got %q, want %q", got, wantNames)
	}
	described, err := adm.DescribeTopicConfigs(ctx, slices.Sorted(maps.Keys(want))...)
	if err != nil {
		t.Fatal(err)
	}
	for name, w := range want {
		if got := len(topics[name].Partitions); got != w.partitions {
			t.Errorf("%s: got %d partitions, want %d", name, got, w.partitions)
		}
		rc, err := described.On(name, nil)
		if err != nil {
			t.Errorf("%s: describe configs: %v", name, err)
			continue
		}
		got := map[string]string{}
		for _, c := range rc.Configs {
			if _, ok := w.configs[c.Key]; ok {
				got[c.Key] = c.MaybeValue()
			}
		}
		if !maps.Equal(got, w.configs) {
			t.Errorf("%s: got configs %v, want %v", name, got, w.configs)
		}
	}
}

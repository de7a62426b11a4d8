package container

import (
	"context"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/external"
)

// TestExternalOnRealKafka drives the real broker through the external
// backend, read-only, as a maintainer would a classroom cluster, in each
// edition (2026-01's admin logs in with SCRAM-SHA-256, as on the
// classroom's Redpanda): it must find the classroom's topics and refuse to
// reset them.
func TestExternalOnRealKafka(t *testing.T) {
	for _, p := range []classroom.Profile{classroom.Default(), edition2026(t)} {
		t.Run(p.Edition, func(t *testing.T) {
			b := sharedEdition(t, p)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cfg := external.Config{Bootstrap: b.Bootstrap(), Mechanism: b.Listener().Mechanism, Password: classroom.AdminPassword, Profile: p}
			ext, err := external.Start(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer ext.Close()
			if err := ext.Reset(ctx); err == nil {
				t.Error("Reset of a read-only external cluster: got nil, want a refusal")
			}
			cfg.Password = "wrong"
			if _, err := external.Start(ctx, cfg); err == nil {
				t.Error("external.Start with a wrong admin password: got nil, want an authentication error")
			} else {
				t.Logf("wrong admin password: %v", err)
			}
		})
	}
}

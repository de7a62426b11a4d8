package container

import (
	"context"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/external"
)

// TestExternalOnRealKafka drives the real broker through the external
// backend, read-only, as a maintainer would a classroom cluster: it must
// find the classroom's topics and refuse to reset them.
func TestExternalOnRealKafka(t *testing.T) {
	b := sharedBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ext, err := external.Start(ctx, external.Config{Bootstrap: b.Bootstrap(), Password: classroom.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	defer ext.Close()
	if err := ext.Reset(ctx); err == nil {
		t.Error("Reset of a read-only external cluster: got nil, want a refusal")
	}
	if _, err := external.Start(ctx, external.Config{Bootstrap: b.Bootstrap(), Password: "wrong"}); err == nil {
		t.Error("external.Start with a wrong admin password: got nil, want an authentication error")
	} else {
		t.Logf("wrong admin password: %v", err)
	}
}

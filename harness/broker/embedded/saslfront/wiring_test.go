package saslfront_test

import (
	"context"
	"net"
	"sync/atomic"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
)

// embedded.Config.Listen still decides how the broker listens: the front
// wraps what it returns.
func TestEmbeddedChainsListen(t *testing.T) {
	var calls atomic.Int32
	listen := func(network, address string) (net.Listener, error) {
		calls.Add(1)
		return net.Listen(network, address)
	}
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	b, err := embedded.Start(ctx, embedded.Config{Listen: listen})
	if err != nil {
		t.Fatalf("start broker: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	if got := calls.Load(); got != 1 {
		t.Errorf("Config.Listen called %d times, want 1", got)
	}
	w := dial(t, b)
	w.legacyHandshake("PLAIN")
	w.sendToken(plainToken("team-1", "team-1-secret"))
	if tok := w.recvToken(); len(tok) != 0 {
		t.Fatalf("answer to a good PLAIN token: % x, want an empty token", tok)
	}
}

package container

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"
)

// shared is one broker for the tests that only read the classroom or undo
// what they change, started by the first of them and removed by TestMain:
// a start costs seconds.
var shared struct {
	once sync.Once
	b    *Broker
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.b != nil {
		if err := shared.b.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "container: close shared broker:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// sharedBroker returns the shared broker, starting it on first use.
func sharedBroker(tb testing.TB) *Broker {
	tb.Helper()
	requireEngine(tb)
	shared.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		start := time.Now()
		shared.b, shared.err = Start(ctx, Config{})
		if shared.err == nil {
			tb.Logf("shared kafka container %s on %s ready in %s", shared.b.Image(), shared.b.Bootstrap()[0], time.Since(start).Round(time.Millisecond))
		}
	})
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.b
}

// requireEngine is Require, kept short for this package's tests.
func requireEngine(tb testing.TB) {
	tb.Helper()
	Require(tb)
}

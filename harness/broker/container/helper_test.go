package container

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// shared holds one broker per edition for the tests that only read the
// classroom or undo what they change, each started by the first test that
// asks for it and removed by TestMain: a start costs seconds.
var shared struct {
	mu       sync.Mutex
	editions map[string]*sharedStart
}

type sharedStart struct {
	once sync.Once
	b    *Broker
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	for edition, s := range shared.editions {
		if s.b == nil {
			continue
		}
		if err := s.b.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "container: close shared %s broker: %v\n", edition, err)
			code = 1
		}
	}
	os.Exit(code)
}

// sharedEdition returns the shared broker of p's edition, starting it on
// first use.
func sharedEdition(tb testing.TB, p classroom.Profile) *Broker {
	tb.Helper()
	requireEngine(tb)
	shared.mu.Lock()
	if shared.editions == nil {
		shared.editions = map[string]*sharedStart{}
	}
	s := shared.editions[p.Edition]
	if s == nil {
		s = &sharedStart{}
		shared.editions[p.Edition] = s
	}
	shared.mu.Unlock()
	s.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		start := time.Now()
		s.b, s.err = Start(ctx, Config{Profile: p})
		if s.err == nil {
			tb.Logf("shared %s kafka container %s on %s ready in %s", p.Edition, s.b.Image(), s.b.Bootstrap()[0], time.Since(start).Round(time.Millisecond))
		}
	})
	if s.err != nil {
		tb.Fatal(s.err)
	}
	return s.b
}

// requireEngine is Require, kept short for this package's tests.
func requireEngine(tb testing.TB) {
	tb.Helper()
	Require(tb)
}

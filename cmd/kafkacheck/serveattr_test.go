package main

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
)

// TestServeProducersWaitForTheTap: the tap reports a produce when the
// broker answers it, which can be after serve's reader read the records.
// The reader then waits for the run, and gets it.
func TestServeProducersWaitForTheTap(t *testing.T) {
	p := newProducers(10, classroom.Actions, classroom.Watchlist)
	p.add(tap.Produced{User: "team-1", Topic: classroom.Actions, Partition: 0, Offset: 0, Count: 2})
	var deadline time.Time
	if u, ok := p.producer(t.Context(), classroom.Actions, 0, 1, &deadline); u != "team-1" || !ok || !deadline.IsZero() {
		t.Errorf("known record: %q %v, deadline %v; want team-1 at once", u, ok, deadline)
	}

	got := make(chan string, 1)
	go func() {
		var deadline time.Time
		u, _ := p.producer(t.Context(), classroom.Actions, 0, 3, &deadline)
		got <- u
	}()
	waitFor(t, "the reader to wait for offset 3", func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.read[partitionOf{classroom.Actions, 0}] == 3
	})
	p.add(tap.Produced{User: "team-9", Topic: classroom.Watchlist, Partition: 0, Offset: 3, Count: 1}) // another topic
	p.add(tap.Produced{User: "team-3", Topic: classroom.Actions, Partition: 0, Offset: 2, Count: 5})
	select {
	case u := <-got:
		if u != "team-3" {
			t.Errorf("late run: reader got %q, want team-3", u)
		}
	case <-time.After(serveAttributeWait / 2):
		t.Fatal("the reader did not see the late run")
	}
	if n := p.remembered(); n != 2 {
		t.Errorf("%d runs remembered, want team-3's and team-9's (team-1's is read)", n)
	}
}

// TestServeProducersGiveUp: a record nobody reports (written as admin)
// costs the reader one wait per fetch, then falls back ("").
func TestServeProducersGiveUp(t *testing.T) {
	p := newProducers(10, classroom.Actions, classroom.Watchlist)
	deadline := time.Now().Add(20 * time.Millisecond)
	for off := range int64(3) {
		if u, ok := p.producer(t.Context(), classroom.Actions, 1, off, &deadline); u != "" || !ok {
			t.Errorf("offset %d: %q %v, want \"\" true", off, u, ok)
		}
	}
	if time.Since(deadline) > serveAttributeWait/2 {
		t.Errorf("three unknown records took %v past one deadline", time.Since(deadline))
	}
	// A run the reader is past is not kept.
	p.add(tap.Produced{User: "team-2", Topic: classroom.Actions, Partition: 1, Offset: 0, Count: 2})
	if n := p.remembered(); n != 0 {
		t.Errorf("%d runs remembered of records already read", n)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var none time.Time
	if _, ok := p.producer(ctx, classroom.Actions, 1, 5, &none); ok {
		t.Error("stopped serve: the record is to be skipped, not judged by its team field")
	}
}

// TestServeProducersAreBounded: serve runs for hours; runs the reader
// never reads are forgotten beyond keep per partition, and runs it read are
// forgotten at once.
func TestServeProducersAreBounded(t *testing.T) {
	p := newProducers(100, classroom.Actions, classroom.Watchlist)
	for i := range int64(10_000) {
		p.add(tap.Produced{User: "team-1", Topic: classroom.Actions, Partition: int32(i % 2), Offset: i / 2, Count: 1})
	}
	if n := p.remembered(); n > 200 {
		t.Errorf("%d runs remembered, want at most 100 per partition", n)
	}
	var deadline time.Time
	if u, _ := p.producer(t.Context(), classroom.Actions, 0, 4_999, &deadline); u != "team-1" {
		t.Errorf("the newest record's writer is %q, want team-1", u)
	}
	if n := p.remembered(); n > 101 {
		t.Errorf("%d runs remembered after reading partition 0 to its end", n)
	}
	p.add(tap.Produced{User: "team-1", Topic: "new_users", Partition: 0, Offset: 0, Count: 1})
	p.add(tap.Produced{User: "team-1", Topic: classroom.Actions, Partition: 0, Offset: 9_000, Count: 0})
	if n := p.remembered(); n > 101 {
		t.Errorf("%d runs remembered: other topics and empty runs are not to be kept", n)
	}
}

// waitFor waits until cond holds, for at most 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10s for %s", what)
		}
		runtime.Gosched()
	}
}

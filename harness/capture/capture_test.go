package capture_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/capture"
	"github.com/kafkacheck/kafkacheck/harness/judge"
)

// start starts an embedded classroom broker and a producer to actions that
// writes each record to the partition it names.
func start(t *testing.T) (broker.Broker, *kgo.Client) {
	t.Helper()
	b, err := embedded.Start(t.Context(), embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	cl, err := kgo.NewClient(append(b.AdminOpts(),
		kgo.DefaultProduceTopic(classroom.Actions),
		kgo.RecordPartitioner(kgo.ManualPartitioner()))...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return b, cl
}

// produce writes values to partition p of actions, in order.
func produce(t *testing.T, cl *kgo.Client, p int32, values ...string) {
	t.Helper()
	for _, v := range values {
		if err := cl.ProduceSync(t.Context(), &kgo.Record{Partition: p, Value: []byte(v)}).FirstErr(); err != nil {
			t.Fatalf("produce %q to partition %d: %v", v, p, err)
		}
	}
}

func startCapture(t *testing.T, b broker.Broker, from map[int32]int64, onValue func(judge.Captured), l capture.Limits) *capture.Capture {
	t.Helper()
	c, err := capture.Start(classroom.Actions, from, onValue, l, b.AdminOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// waitOffsets waits, up to 10 s, until c has read up to ends.
func waitOffsets(t *testing.T, c *capture.Capture, ends map[int32]int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := c.WaitOffsets(ctx, ends); err != nil {
		t.Fatal(err)
	}
}

// byPosition sorts records by partition, then offset: arrival order holds
// within a partition only.
func byPosition(rs []judge.Captured) []judge.Captured {
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b judge.Captured) int {
		if a.Partition != b.Partition {
			return int(a.Partition - b.Partition)
		}
		return int(a.Offset - b.Offset)
	})
	return rs
}

func TestCaptureKeepsPartitionAndOffset(t *testing.T) {
	b, cl := start(t)
	produce(t, cl, 0, "old")
	// From offset 1 on partition 0: "old" was there before the capture's
	// start, as on a cluster that is not reset.
	var seen []string
	got := make(chan string, 10)
	c := startCapture(t, b, map[int32]int64{0: 1, 1: 0}, func(r judge.Captured) { got <- string(r.Value) }, capture.Limits{})
	produce(t, cl, 0, "a", "c")
	produce(t, cl, 1, "b")
	waitOffsets(t, c, map[int32]int64{0: 3, 1: 1})

	w := c.Take()
	want := []judge.Captured{
		// Shown live (onValue), so judged as read.
		{Partition: 0, Offset: 1, Value: []byte("a"), Size: 1, Verdict: judge.InvalidJSON, Judged: true},
		{Partition: 0, Offset: 2, Value: []byte("c"), Size: 1, Verdict: judge.InvalidJSON, Judged: true},
		{Partition: 1, Offset: 0, Value: []byte("b"), Size: 1, Verdict: judge.InvalidJSON, Judged: true},
	}
	if diff := cmp.Diff(want, byPosition(w.Records)); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if w.Dropped != 0 || w.Bytes != 3 || w.Verdicts != (judge.Counts{}) {
		t.Errorf("window: dropped %d, bytes %d, verdicts %+v; want 0, 3, none", w.Dropped, w.Bytes, w.Verdicts)
	}
	if n, _, _ := c.State(); n != 3 {
		t.Errorf("State: %d records read, want 3", n)
	}
	// onValue saw each record once; it runs after WaitOffsets can return.
	timeout := time.After(10 * time.Second)
	for len(seen) < 3 {
		select {
		case v := <-got:
			seen = append(seen, v)
		case <-timeout:
			t.Fatalf("onValue saw %q, want a, b and c", seen)
		}
	}
	slices.Sort(seen)
	if diff := cmp.Diff([]string{"a", "b", "c"}, seen); diff != "" {
		t.Errorf("onValue (-want +got):\n%s", diff)
	}
}

func TestCaptureLimits(t *testing.T) {
	b, cl := start(t)
	// Value: 10 bytes kept of a value; Keep: 2 records kept per window.
	c := startCapture(t, b, map[int32]int64{0: 0, 1: 0}, nil, capture.Limits{Keep: 2, Value: 10})
	long := `{"customer":"","type":"T","reason":"R","team":"team-1"}` // ❓: empty customer
	produce(t, cl, 0,
		long,         // kept, cut to 10 bytes
		"0123456789", // kept whole: exactly Value bytes
		"not json",   // dropped ❌
		`{"customer":"c","type":"T","reason":"R","team":"team-1"}`, // dropped ✅
	)
	waitOffsets(t, c, map[int32]int64{0: 4})
	if n, size := c.Pending(); n != 4 || size != 55+10+8+56 {
		t.Errorf("Pending = %d records, %d bytes; want 4, %d", n, size, 55+10+8+56)
	}

	w := c.Take()
	want := capture.Window{
		Records: []judge.Captured{
			// Cut, so judged whole as read; the other is judged later,
			// once, by judge.Compare.
			{Partition: 0, Offset: 0, Value: []byte(`{"customer`), Size: 55, Verdict: judge.MissingFields, Judged: true},
			{Partition: 0, Offset: 1, Value: []byte("0123456789"), Size: 10},
		},
		Dropped:  2,
		Verdicts: judge.Counts{Valid: 1, InvalidJSON: 1},
		Bytes:    55 + 10 + 8 + 56,
	}
	if diff := cmp.Diff(want, w); diff != "" {
		t.Errorf("window (-want +got):\n%s", diff)
	}
	if !w.Records[0].Cut() || w.Records[1].Cut() {
		t.Errorf("Cut: %t, %t; want true, false", w.Records[0].Cut(), w.Records[1].Cut())
	}

	// Take started a new window: its Keep starts again, and nothing of
	// the last window is in it.
	c.SetLimits(capture.Limits{Keep: 1})
	produce(t, cl, 1, "x", "yy")
	waitOffsets(t, c, map[int32]int64{0: 4, 1: 2})
	want = capture.Window{
		Records:  []judge.Captured{{Partition: 1, Offset: 0, Value: []byte("x"), Size: 1}},
		Dropped:  1,
		Verdicts: judge.Counts{InvalidJSON: 1},
		Bytes:    3,
	}
	if diff := cmp.Diff(want, c.Take()); diff != "" {
		t.Errorf("second window (-want +got):\n%s", diff)
	}
	if n, size := c.Pending(); n != 0 || size != 0 {
		t.Errorf("Pending after Take = %d, %d; want 0, 0", n, size)
	}
	if n, _, _ := c.State(); n != 6 {
		t.Errorf("State: %d records read in all, want 6", n)
	}
}

func TestWaitOffsetsSaysWhatIsBehind(t *testing.T) {
	b, cl := start(t)
	c := startCapture(t, b, map[int32]int64{0: 0, 1: 0}, nil, capture.Limits{})
	produce(t, cl, 0, "a", "b")
	waitOffsets(t, c, map[int32]int64{0: 2})

	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	err := c.WaitOffsets(ctx, map[int32]int64{0: 5})
	want := "capture still behind when context deadline exceeded: partition 0 at offset 2 of 5;"
	if err == nil || err.Error() != want {
		t.Errorf("WaitOffsets past the end = %v, want %q", err, want)
	}

	// Caught up already: no wait, even on a context that is done.
	cancel()
	if err := c.WaitOffsets(ctx, map[int32]int64{0: 2, 1: 0}); err != nil {
		t.Errorf("WaitOffsets at the end = %v, want nil", err)
	}
}

func TestCloseIsIdempotent(t *testing.T) {
	b, _ := start(t)
	c, err := capture.Start(classroom.Actions, map[int32]int64{0: 0}, nil, capture.Limits{}, b.AdminOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		c.Close()
		c.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close twice did not return within 10 s")
	}
}

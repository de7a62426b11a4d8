package replay_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/replay"
)

func start(t *testing.T) (broker.Broker, *kgo.Client) {
	t.Helper()
	b, err := embedded.Start(t.Context(), embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	cl, err := kgo.NewClient(append(b.AdminOpts(), replay.Opts()...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return b, cl
}

// record is what a consumer reads back: null tells a tombstone from an
// empty value.
type record struct {
	Offset int64
	Value  string
	Null   bool
}

// readBack reads n records of new_users from the start, by partition.
func readBack(t *testing.T, b broker.Broker, n int) map[int32][]record {
	t.Helper()
	cl, err := kgo.NewClient(append(b.AdminOpts(), kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{
		classroom.NewUsers: {0: kgo.NewOffset().AtStart(), 1: kgo.NewOffset().AtStart()},
	}))...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	got := map[int32][]record{}
	for read := 0; read < n; {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("read %d of %d records before the deadline: %v", read, n, got)
		}
		fs.EachRecord(func(r *kgo.Record) {
			got[r.Partition] = append(got[r.Partition], record{r.Offset, string(r.Value), r.Value == nil})
			read++
		})
	}
	return got
}

func TestReplayPartitionsAndOrder(t *testing.T) {
	b, cl := start(t)
	values := [][]byte{[]byte("e0"), {}, []byte("e2"), nil, []byte("e4")}
	if err := replay.Replay(t.Context(), cl, classroom.NewUsers, 2, values); err != nil {
		t.Fatal(err)
	}
	// Event i on partition i mod 2, in order; empty values (nil included)
	// stay empty, never null (a tombstone).
	want := map[int32][]record{
		0: {{0, "e0", false}, {1, "e2", false}, {2, "e4", false}},
		1: {{0, "", false}, {1, "", false}},
	}
	if diff := cmp.Diff(want, readBack(t, b, 5)); diff != "" {
		t.Errorf("new_users (-want +got):\n%s", diff)
	}
}

func TestReplayKeepsOrderUnderLoad(t *testing.T) {
	b, cl := start(t)
	const n = 2000
	values := make([][]byte, n)
	for i := range values {
		values[i] = []byte{byte('a' + i%26), byte(i >> 8), byte(i)}
	}
	if err := replay.Replay(t.Context(), cl, classroom.NewUsers, 2, values); err != nil {
		t.Fatal(err)
	}
	got := readBack(t, b, n)
	for p, rs := range got {
		for j, r := range rs {
			i := 2*j + int(p)
			if r.Offset != int64(j) || r.Value != string(values[i]) {
				t.Fatalf("partition %d, record %d: offset %d, value %q; want offset %d, event %d's %q", p, j, r.Offset, r.Value, j, i, values[i])
			}
		}
	}
	if len(got[0]) != n/2 || len(got[1]) != n/2 {
		t.Errorf("partitions hold %d and %d records, want %d each", len(got[0]), len(got[1]), n/2)
	}
}

func TestReplayErrors(t *testing.T) {
	_, cl := start(t)
	err := replay.Replay(t.Context(), cl, classroom.NewUsers, 0, [][]byte{[]byte("x")})
	if err == nil || err.Error() != "replay to new_users: 0 partitions" {
		t.Errorf("Replay on 0 partitions = %v, want %q", err, "replay to new_users: 0 partitions")
	}

	// A topic the broker does not have: every event fails, and the error
	// names the first (one partition: the failures come in order).
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	err = replay.Replay(ctx, cl, "no_such_topic", 1, [][]byte{[]byte("x"), []byte("y")})
	if err == nil || !strings.HasPrefix(err.Error(), "replay event 1 to no_such_topic: ") {
		t.Errorf("Replay to a missing topic = %v, want an error about event 1", err)
	}
}

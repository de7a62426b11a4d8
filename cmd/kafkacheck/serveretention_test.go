package main

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// TestServeMemoryIsBounded produces hours' worth of a classroom's users
// (50 MB) under serve's retention and checks that the heap stops growing:
// kfake frees expired segments. That the board forgets old users is
// leaderboard's TestRecentIsBounded.
func TestServeMemoryIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("produces 100,000 users")
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	b, err := embedded.Start(ctx, embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	errc := make(chan error, 1)
	go func() { errc <- keepBounded(ctx, b, nil, nil) }()
	defer func() { cancel(); <-errc }()
	cl, err := kgo.NewClient(append(b.AdminOpts(), kgo.DefaultProduceTopic(classroom.NewUsers),
		kgo.ProducerBatchCompression(kgo.NoCompression()), kgo.ProducerLinger(0))...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	waitRetentionSet(t, adm)

	p := producer.New(1)
	var heaps []uint64
	for range 5 {
		for range 20_000 {
			cl.Produce(ctx, &kgo.Record{Value: p.Next().JSON()}, nil)
		}
		if err := cl.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		b.Cluster().ApplyRetention()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heaps = append(heaps, ms.HeapInuse>>20)
	}
	starts, err := adm.ListStartOffsets(ctx, classroom.NewUsers)
	if err != nil {
		t.Fatal(err)
	}
	var kept int64
	ends, _ := adm.ListEndOffsets(ctx, classroom.NewUsers)
	ends.Each(func(o kadm.ListedOffset) { kept += o.Offset })
	starts.Each(func(o kadm.ListedOffset) { kept -= o.Offset })
	if kept > 50_000 {
		t.Errorf("new_users still holds %d records; retention did not apply", kept)
	}
	// Retention (8 MiB per partition of new_users) is reached by the
	// second round; from there the heap must stay put, within GC noise.
	if last, full := heaps[len(heaps)-1], heaps[1]; last > full+16 {
		t.Errorf("heap in MiB after each 20,000 users: %v; still growing", heaps)
	}
	t.Logf("heap in MiB after each 20,000 users: %v; new_users holds %d records", heaps, kept)
}

// waitRetentionSet waits until keepBounded has set retention on
// new_users: retention.bytes, which only keepBounded sets, at 8 MiB
// (serveRetentionBytes). segment.bytes would not do: the embedded broker
// creates every topic with it.
func waitRetentionSet(t *testing.T, adm *kadm.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	retry := time.NewTicker(10 * time.Millisecond)
	defer retry.Stop()
	seen := "unset"
	for {
		rc, err := adm.DescribeTopicConfigs(ctx, classroom.NewUsers)
		if err == nil {
			if c, err := rc.On(classroom.NewUsers, nil); err == nil {
				for _, kv := range c.Configs {
					if kv.Key == "retention.bytes" {
						seen = kv.MaybeValue()
					}
				}
			}
		}
		if seen == "8388608" {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waited 5s for keepBounded to set retention.bytes=8388608 on new_users; it is %s", seen)
		case <-retry.C:
		}
	}
}

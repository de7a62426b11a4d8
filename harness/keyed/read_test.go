package keyed_test

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/keyed"
)

// TestReadOnKfake: Read returns what a team's login wrote to the
// compacted watchlist, keyed and keyless, in partition then offset
// order; kfake, unlike Apache Kafka, accepts the keyless record, so the
// check sees it and names it.
func TestReadOnKfake(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	b, err := embedded.Start(ctx, embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cl, err := kgo.NewClient(append(broker.ClientOpts(b, "team-5", classroom.TeamPassword("team-5")),
		kgo.DefaultProduceTopic(classroom.Watchlist), kgo.ProducerLinger(0))...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	sent := []*kgo.Record{
		{Key: []byte("Kub Inc"), Value: []byte(`{"flag_count": 1}`), Partition: 0},
		{Key: []byte("Kub Inc"), Value: []byte(`{"flag_count": 2}`), Partition: 0},
		{Value: []byte(`{"flag_count": 3}`)},
	}
	if err := cl.ProduceSync(ctx, sent...).FirstErr(); err != nil {
		t.Fatalf("produce, a keyless record included: %v (kfake refuses keyless records on a compacted topic?)", err)
	}
	adm := kadm.NewClient(cl)
	ends, err := adm.ListEndOffsets(ctx, classroom.Watchlist)
	if err != nil {
		t.Fatal(err)
	}
	endOf := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) { endOf[o.Partition] = o.Offset })
	records, dropped, err := keyed.Read(ctx, b.AdminOpts(), classroom.Watchlist, endOf)
	if err != nil {
		t.Fatal(err)
	}
	v := keyed.Compact(records)
	if dropped != 0 || v.Records != 3 || len(v.Keyless) != 1 || string(v.Latest["Kub Inc"].Value) != `{"flag_count": 2}` {
		t.Errorf("dropped %d, %d records, %d keyless, latest Kub Inc %s; want 0, 3, 1, flag_count 2", dropped, v.Records, len(v.Keyless), v.Latest["Kub Inc"].Value)
	}
}

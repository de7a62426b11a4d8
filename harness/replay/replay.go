// Package replay produces a scenario's events to new_users.
package replay

import (
	"context"
	"fmt"
	"sync"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Replay produces values to topic, byte for byte (an empty value stays
// empty, never null), with event i on partition i mod partitions, so that a
// replay is the same every time and events on one partition keep their
// order. It returns the first error, once every value is acknowledged or
// has failed.
//
// cl must be built with kgo.RecordPartitioner(kgo.ManualPartitioner()).
func Replay(ctx context.Context, cl *kgo.Client, topic string, partitions int32, values [][]byte) error {
	if partitions < 1 {
		return fmt.Errorf("replay to %s: %d partitions", topic, partitions)
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	wg.Add(len(values))
	for i, v := range values {
		if v == nil {
			v = []byte{} // a nil value would be a tombstone
		}
		r := &kgo.Record{Topic: topic, Partition: int32(i) % partitions, Value: v}
		cl.Produce(ctx, r, func(_ *kgo.Record, err error) {
			defer wg.Done()
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("replay event %d to %s: %w", i+1, topic, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return firstErr
}

// Opts are the producer options Replay needs. Batches are not compressed:
// the tutorial's producer does not compress, and franz-go's default, snappy,
// is one kafka-python cannot read without the python-snappy package, which
// students do not install (their programs would crash on the first poll).
func Opts() []kgo.Opt {
	return []kgo.Opt{
		kgo.ProducerBatchCompression(kgo.NoCompression()),
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.ProducerLinger(0),
		kgo.MaxBufferedRecords(1 << 16),
	}
}

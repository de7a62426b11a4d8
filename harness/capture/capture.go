// Package capture reads everything that reaches actions.
package capture

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/harness/judge"
)

// Capture consumes a topic from given offsets, outside any consumer group,
// and keeps every record with its partition and offset.
type Capture struct {
	cl      *kgo.Client
	cancel  context.CancelFunc
	done    chan struct{}
	onValue func(judge.Captured)

	mu      sync.Mutex
	records []judge.Captured
	next    map[int32]int64 // partition → next offset to read
	lastAt  time.Time
	changed chan struct{} // closed and replaced on every new record
	err     error
}

// Start begins capturing topic from the offsets in from (partition →
// offset; a cluster that is not reset keeps older records below them), with
// a client built from opts (seed brokers and credentials). onValue, if not
// nil, is called for each record as it arrives, from the capture's
// goroutine.
func Start(topic string, from map[int32]int64, onValue func(judge.Captured), opts ...kgo.Opt) (*Capture, error) {
	offsets := make(map[int32]kgo.Offset, len(from))
	for p, o := range from {
		offsets[p] = kgo.NewOffset().At(o)
	}
	cl, err := kgo.NewClient(append(opts,
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: offsets}),
		kgo.FetchMaxWait(100*time.Millisecond),
	)...)
	if err != nil {
		return nil, fmt.Errorf("capture %s: %w", topic, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	next := make(map[int32]int64, len(from))
	for p, o := range from {
		next[p] = o
	}
	c := &Capture{
		cl: cl, cancel: cancel, done: make(chan struct{}), onValue: onValue,
		next: next, changed: make(chan struct{}),
	}
	go c.loop(ctx)
	return c, nil
}

func (c *Capture) loop(ctx context.Context) {
	defer close(c.done)
	for {
		fetches := c.cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return
		}
		var batch []judge.Captured
		fetches.EachRecord(func(r *kgo.Record) {
			batch = append(batch, judge.Captured{Partition: r.Partition, Offset: r.Offset, Value: r.Value})
		})
		c.mu.Lock()
		for _, fe := range fetches.Errors() {
			if c.err == nil {
				c.err = fmt.Errorf("capture %s[%d]: %w", fe.Topic, fe.Partition, fe.Err)
			}
		}
		for _, r := range batch {
			c.records = append(c.records, r)
			c.next[r.Partition] = r.Offset + 1
		}
		if len(batch) > 0 {
			c.lastAt = time.Now()
		}
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
		if c.onValue != nil {
			for _, r := range batch {
				c.onValue(r)
			}
		}
	}
}

// Records returns a copy of what was captured so far, in arrival order.
func (c *Capture) Records() []judge.Captured {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]judge.Captured(nil), c.records...)
}

// State returns how many records were captured, when the last one arrived,
// and a channel closed at the next change.
func (c *Capture) State() (n int, lastAt time.Time, changed <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.records), c.lastAt, c.changed
}

// WaitOffsets waits until every partition has been read up to its end
// offset in ends, or ctx ends. The error says what was still missing.
func (c *Capture) WaitOffsets(ctx context.Context, ends map[int32]int64) error {
	for {
		c.mu.Lock()
		behind := ""
		for p, end := range ends {
			if c.next[p] < end {
				behind += fmt.Sprintf(" partition %d at offset %d of %d;", p, c.next[p], end)
			}
		}
		changed, err := c.changed, c.err
		c.mu.Unlock()
		if behind == "" {
			return nil
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return fmt.Errorf("capture behind (%s): %w", behind, err)
			}
			return fmt.Errorf("capture still behind when %v:%s", ctx.Err(), behind)
		case <-changed:
		}
	}
}

// Close stops the capture and waits for its goroutine. It is idempotent.
func (c *Capture) Close() {
	c.cancel()
	<-c.done
	c.cl.Close()
}

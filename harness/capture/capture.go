// Package capture reads everything that reaches actions.
package capture

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/harness/judge"
)

// Capture consumes a topic from given offsets, outside any consumer group,
// and keeps the records with their partitions and offsets, within limits:
// a program under test can write without end.
type Capture struct {
	cl      *kgo.Client
	cancel  context.CancelFunc
	done    chan struct{}
	onValue func(judge.Captured)

	mu      sync.Mutex
	limits  Limits
	window  Window          // read since the last Take
	total   int             // records read in all
	next    map[int32]int64 // partition → next offset to read
	lastAt  time.Time
	changed chan struct{} // closed and replaced on every new record
	err     error
}

// Limits bound what a capture keeps between two Takes. Zero fields mean
// no bound.
type Limits struct {
	// Keep is how many records are kept; later ones are only judged and
	// counted.
	Keep int
	// Value is how many bytes of a value are kept; a longer value is
	// judged whole when read, and kept cut (judge.Captured.Size says how
	// long it was).
	Value int
}

// Window is what a capture read between two Takes.
type Window struct {
	// Records are the records kept, in arrival order.
	Records []judge.Captured
	// Dropped counts the records read past Limits.Keep, and Verdicts
	// their verdicts.
	Dropped  int
	Verdicts judge.Counts
	// Bytes adds up the whole values read, kept or not.
	Bytes int64
}

// Start begins capturing topic from the offsets in from (partition →
// offset; a cluster that is not reset keeps older records below them), with
// a client built from opts (seed brokers and credentials). onValue, if not
// nil, is called for each record as it arrives, from the capture's
// goroutine.
func Start(topic string, from map[int32]int64, onValue func(judge.Captured), limits Limits, opts ...kgo.Opt) (*Capture, error) {
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
		limits: limits, next: next, changed: make(chan struct{}),
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
		for i := range batch {
			c.keep(&batch[i]) // judges what onValue is given
			c.next[batch[i].Partition] = batch[i].Offset + 1
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

// keep adds r to the window, within the limits; the caller holds c.mu.
// A record is judged here (on its whole value) only when it must be: it
// is shown live, dropped or cut; the others are judged by judge.Compare.
// Either way once.
func (c *Capture) keep(r *judge.Captured) {
	c.total++
	w, l := &c.window, c.limits
	w.Bytes += int64(len(r.Value))
	r.Size = len(r.Value)
	dropped := l.Keep > 0 && len(w.Records) >= l.Keep
	cut := l.Value > 0 && len(r.Value) > l.Value
	if c.onValue != nil || dropped || cut {
		r.Verdict, r.Judged = judge.Judge(r.Value), true
	}
	switch {
	case dropped:
		w.Dropped++
		w.Verdicts.Add(r.Verdict)
		return
	case cut:
		// A copy of the start: the fetch's buffer must not stay alive
		// for it.
		r.Value = bytes.Clone(r.Value[:l.Value])
	}
	w.Records = append(w.Records, *r)
}

// SetLimits changes the limits of the records read from now on.
func (c *Capture) SetLimits(l Limits) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.limits = l
}

// Take returns what was read since the last Take, and starts a new
// window.
func (c *Capture) Take() Window {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.window
	c.window = Window{}
	return w
}

// Pending counts the records read since the last Take, kept or not, and
// their bytes.
func (c *Capture) Pending() (n int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.window.Records) + c.window.Dropped, c.window.Bytes
}

// State returns how many records were read in all, when the last one
// arrived, and a channel closed at the next change.
func (c *Capture) State() (n int, lastAt time.Time, changed <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total, c.lastAt, c.changed
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

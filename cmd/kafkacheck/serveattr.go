package main

import (
	"context"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
)

// serveProducersKeep bounds the runs of records serve remembers the
// producer of, per partition: far more than actions' retention
// (serveRetentionBytes) holds even at one record per produce.
const serveProducersKeep = 1 << 16

// serveAttributeWait bounds how long serve's reader waits for the tap's
// word on who wrote a record it has read. The word normally comes within
// a millisecond; a record it never comes for (written as admin, whose
// connections the tap does not watch, or with acks=0, which the broker
// does not answer) falls back to its team field after this long.
const serveAttributeWait = 2 * time.Second

// producers remembers who wrote which records of actions and the step-5
// topic (349bd19: watchlist; 2026-01: team_stats):
// tap.Collector's OnProduce fills it with runs of offsets and the user
// the producer logged in as, and serve's reader asks it of each record it
// reads.
//
// The tap learns a produce's offsets from the broker's answer, and the
// broker answers after it appended the records, so serve's reader can read
// a record before its run arrives. The reader then waits for the run, on a
// channel closed at every arrival, up to a deadline: serveAttributeWait
// from the first record of the fetch that was not known yet, shared by the
// rest of that fetch, so a fetch costs at most one wait and records keep
// their order. Holding unknown records aside while reading on would need a
// queue per partition with bounds of its own, for a board that need not be
// up to the millisecond; waiting keeps nothing but the fetch the reader
// already holds.
//
// Memory is bounded as the board's recent users are: a run is forgotten
// once the reader is past it, and at most keep runs are remembered per
// partition (the oldest go first), whatever the reader does.
type producers struct {
	keep   int
	topics []string // the topics whose records it remembers

	mu      sync.Mutex
	runs    map[partitionOf][]producedRun // sorted by offset, disjoint
	read    map[partitionOf]int64         // the reader's position
	arrived chan struct{}                 // closed and replaced at every add
}

type partitionOf struct {
	topic     string
	partition int32
}

// producedRun is the records [from, end) that user wrote.
type producedRun struct {
	from, end int64
	user      string
}

func newProducers(keep int, topics ...string) *producers {
	return &producers{keep: max(keep, 1), topics: topics, runs: map[partitionOf][]producedRun{},
		read: map[partitionOf]int64{}, arrived: make(chan struct{})}
}

// add records a produce the broker answered; pass it as
// tap.Collector.OnProduce.
func (p *producers) add(w tap.Produced) {
	if !slices.Contains(p.topics, w.Topic) || w.Count <= 0 {
		return
	}
	k := partitionOf{w.Topic, w.Partition}
	r := producedRun{from: w.Offset, end: w.Offset + int64(w.Count), user: w.User}
	p.mu.Lock()
	defer p.mu.Unlock()
	if r.end <= p.read[k] {
		return // the reader is past it: it gave up waiting
	}
	rs := p.runs[k]
	// Answers on different connections may arrive out of order: insert
	// in place (nearly always at the end). An idempotent retry answers
	// the same offsets again: replace.
	i := sort.Search(len(rs), func(i int) bool { return rs[i].from >= r.from })
	if i < len(rs) && rs[i].from == r.from {
		rs[i] = r
	} else {
		rs = slices.Insert(rs, i, r)
	}
	if len(rs) > p.keep {
		// Drop the oldest quarter at once, so that a full partition
		// costs no copy per add.
		rs = slices.Delete(rs, 0, len(rs)-p.keep*3/4)
	}
	p.runs[k] = rs
	close(p.arrived)
	p.arrived = make(chan struct{})
}

// producer returns the user who wrote the record at offset of topic's
// partition, waiting for the tap's word until *deadline, which it sets
// serveAttributeWait from now if it is zero; "" if none came. The reader
// is then taken to be past every record before offset. It returns false
// if ctx is done first: the record is then not to be judged, rather than
// judged by its team field.
func (p *producers) producer(ctx context.Context, topic string, partition int32, offset int64, deadline *time.Time) (string, bool) {
	k := partitionOf{topic, partition}
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		p.mu.Lock()
		user, ok := p.lookup(k, offset)
		arrived := p.arrived
		p.mu.Unlock()
		if ok {
			return user, true
		}
		if deadline.IsZero() {
			*deadline = time.Now().Add(serveAttributeWait)
		}
		if timer == nil {
			wait := time.Until(*deadline)
			if wait <= 0 {
				return "", true
			}
			timer = time.NewTimer(wait)
		}
		select {
		case <-arrived:
		case <-timer.C:
			p.mu.Lock()
			user, _ := p.lookup(k, offset)
			p.mu.Unlock()
			return user, true
		case <-ctx.Done():
			return "", false
		}
	}
}

// lookup finds the run holding offset, forgets the runs before it and
// moves the reader's position to offset; the caller holds p.mu.
func (p *producers) lookup(k partitionOf, offset int64) (string, bool) {
	rs := p.runs[k]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].end > offset })
	if i > 0 {
		rs = rs[i:]
		if len(rs) == 0 {
			rs = nil // let the array go
		}
		p.runs[k] = rs
	}
	p.read[k] = max(p.read[k], offset)
	if len(rs) > 0 && rs[0].from <= offset {
		return rs[0].user, true
	}
	return "", false
}

// remembered returns how many runs are remembered, for tests.
func (p *producers) remembered() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, rs := range p.runs {
		n += len(rs)
	}
	return n
}

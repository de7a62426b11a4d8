// Package keyed checks step 5 of the tutorial: the records a team's
// program sends, with a key, to its edition's compacted topic (349bd19's
// watchlist, keyed by company; 2026-01's team_stats, keyed by team). It
// reads the topic (Read), builds its compacted view, the latest record
// of each key as compaction leaves it (Compact), and judges that view
// against a scenario's expected keyed records by the edition's reading of
// its docs (Judge). Compact and Judge are pure functions.
package keyed

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Record is one record of the step-5 topic.
type Record struct {
	Partition int32
	Offset    int64
	// Key is nil for a record sent without a key.
	Key []byte
	// Value is the record's value, cut at MaxValue bytes.
	Value []byte
}

// Limits of Read: a program under test can write without end.
const (
	// MaxRecords is how many records Read keeps; a classroom scenario
	// makes a few dozen.
	MaxRecords = 20000
	// MaxValue is how many bytes of a value Read keeps; a step-5 record
	// is about 60.
	MaxValue = 4 << 10
)

// Read reads topic from its start up to ends (partition → end offset),
// outside any group, with the client options opts (the harness's admin).
// It returns at most MaxRecords records, in partition then offset order,
// and how many it read past that bound.
func Read(ctx context.Context, opts []kgo.Opt, topic string, ends map[int32]int64) ([]Record, int, error) {
	want := map[int32]int64{}
	for p, end := range ends {
		if end > 0 {
			want[p] = end
		}
	}
	if len(want) == 0 {
		return nil, 0, nil
	}
	parts := map[int32]kgo.Offset{}
	for p := range want {
		parts[p] = kgo.NewOffset().AtStart()
	}
	cl, err := kgo.NewClient(append(append([]kgo.Opt(nil), opts...),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: parts}),
		kgo.FetchMaxBytes(8<<20),
	)...)
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", topic, err)
	}
	defer cl.Close()
	byPart := map[int32][]Record{}
	dropped, kept := 0, 0
	for len(want) > 0 {
		fetches := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return nil, 0, fmt.Errorf("read %s: waiting for offsets %v: %w", topic, want, err)
		}
		for _, fe := range fetches.Errors() {
			return nil, 0, fmt.Errorf("read %s partition %d: %w", topic, fe.Partition, fe.Err)
		}
		fetches.EachRecord(func(r *kgo.Record) {
			end, ok := want[r.Partition]
			if !ok || r.Offset >= end {
				return
			}
			if r.Offset+1 >= end {
				delete(want, r.Partition)
			}
			if kept >= MaxRecords {
				dropped++
				return
			}
			kept++
			rec := Record{Partition: r.Partition, Offset: r.Offset, Value: clip(r.Value)}
			if r.Key != nil {
				rec.Key = append([]byte{}, r.Key...)
			}
			byPart[r.Partition] = append(byPart[r.Partition], rec)
		})
	}
	var out []Record
	for p := int32(0); len(byPart) > 0; p++ {
		out = append(out, byPart[p]...)
		delete(byPart, p)
	}
	return out, dropped, nil
}

func clip(v []byte) []byte {
	if len(v) > MaxValue {
		v = v[:MaxValue]
	}
	return append([]byte{}, v...)
}

package keyed

import (
	"slices"
)

// View is a step-5 topic as compaction leaves it: the latest record of
// each key, per partition as Kafka compacts, and what compaction would
// not keep or cannot tell apart.
type View struct {
	// Keys are the keys of the view, sorted.
	Keys []string
	// Latest is each key's latest record.
	Latest map[string]Record
	// History is each key's records, oldest first, the latest last.
	History map[string][]Record
	// Keyless are the records sent without a key: a real compacted
	// topic refuses them (the producer gets an error), kfake keeps them.
	Keyless []Record
	// Split names the keys found in more than one partition, and the
	// partitions: compaction keeps a record per key in each, so the view
	// holds several.
	Split map[string][]int32
	// Records counts the records the view was built from.
	Records int
}

// Compact builds the view of records, read in partition then offset
// order (as Read returns them).
func Compact(records []Record) View {
	v := View{Latest: map[string]Record{}, History: map[string][]Record{}, Split: map[string][]int32{}, Records: len(records)}
	for _, r := range records {
		if r.Key == nil {
			v.Keyless = append(v.Keyless, r)
			continue
		}
		k := string(r.Key)
		h := v.History[k]
		if len(h) > 0 && h[len(h)-1].Partition != r.Partition {
			parts := v.Split[k]
			if len(parts) == 0 {
				parts = []int32{h[len(h)-1].Partition}
			}
			if !slices.Contains(parts, r.Partition) {
				v.Split[k] = append(parts, r.Partition)
			}
		}
		v.History[k] = append(h, r)
		v.Latest[k] = r
	}
	for k := range v.Latest {
		v.Keys = append(v.Keys, k)
	}
	slices.Sort(v.Keys)
	return v
}

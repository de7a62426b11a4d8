package harness

import (
	"slices"

	"github.com/kafkacheck/kafkacheck/harness/judge"
)

// sortDuplicates sorts the extra copies of expected actions of a step-4
// run by the partition of the user they are about (event i of the
// scenario went to partition i mod Partitions): a partition that changed
// owner explains them (at-least-once), any other does not. An action
// whose user went to several partitions (the same user twice) counts as
// explained when one of them changed owner.
func sortDuplicates(r *ScaleUpResult) Duplicates {
	d := Duplicates{Expected: len(r.Scenario.Expect)}
	partsOf := map[string][]int32{}
	for i, e := range r.Scenario.Events {
		if e.Email != "" && r.Partitions > 0 {
			partsOf[e.Email] = append(partsOf[e.Email], int32(i)%r.Partitions)
		}
	}
	for i, u := range r.Diff.Unexpected {
		if !u.Duplicate {
			continue
		}
		if slices.ContainsFunc(partsOf[customerOf(u.Value)], func(p int32) bool { return slices.Contains(r.Moved, p) }) {
			d.TakeOver++
			d.Allowed = append(d.Allowed, i)
		} else {
			d.Other++
		}
	}
	// How many times each expected action arrived.
	copies := map[string]int{}
	for _, rec := range r.Diff.Records {
		if key, err := judge.Canonical(rec.Value); err == nil && !rec.Cut() {
			copies[key]++
		}
	}
	seen := map[string]int{}
	for _, a := range r.Scenario.Expect {
		key, err := judge.Canonical(a.Value)
		if err != nil {
			continue
		}
		// An action expected k times counts once per k copies.
		seen[key]++
		if copies[key] >= seen[key]*r.Instances {
			d.Everywhere++
		}
	}
	return d
}

package diagnose

import (
	"slices"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/settle"
)

// scaleUp builds a step-4 result of the synthetic scenario (two expected
// actions) from the actions sent, in a group that two instances shared
// and that took over; edit changes it before the diagnosis.
func scaleUp(t *testing.T, actions []string, edit func(*harness.ScaleUpResult)) (Input, *harness.ScaleUpResult, Run) {
	t.Helper()
	in := input(t, actions, nil)
	run := in.Runs[0]
	r := &harness.ScaleUpResult{
		Result: run.Result, Instances: 2, MostMembers: 2, Stopped: 1, Signal: "SIGKILL", TookOver: true,
		Partitions: 2, Moved: []int32{1}, Fetchers: map[int32]int{0: 1, 1: 1},
		Duplicates: harness.Duplicates{Expected: 2},
	}
	if edit != nil {
		edit(r)
	}
	return in, r, run
}

func scaleUpCodes(t *testing.T, actions []string, edit func(*harness.ScaleUpResult)) []Diagnostic {
	t.Helper()
	in, r, run := scaleUp(t, actions, edit)
	return ScaleUp(in, r, run.Evidence, nil)
}

// TestScaleUpAllowsTakeOverDuplicates: a copy the take-over explains is
// no diagnosis; the same copy unexplained is step 3's duplicate_actions.
func TestScaleUpAllowsTakeOverDuplicates(t *testing.T) {
	sent := []string{bankAction, insureAction, bankAction}
	ds := scaleUpCodes(t, sent, func(r *harness.ScaleUpResult) {
		r.Duplicates.TakeOver, r.Duplicates.Allowed = 1, []int{0}
	})
	if len(ds) != 0 {
		t.Errorf("take-over duplicate: got %v, want no diagnosis", codes(ds))
	}
	ds = scaleUpCodes(t, sent, func(r *harness.ScaleUpResult) { r.Duplicates.Other = 1 })
	if !slices.Equal(codes(ds), []Code{DuplicateActions}) {
		t.Errorf("unexplained duplicate in a shared group: got %v, want [duplicate_actions]", codes(ds))
	}
}

// TestScaleUpEveryInstanceReadEveryPartition: duplicates no take-over
// explains, with the broker's evidence that the instances did not share
// the partitions, get every_instance_read_every_partition instead of
// duplicate_actions, saying only what was seen.
func TestScaleUpEveryInstanceReadEveryPartition(t *testing.T) {
	sent := []string{bankAction, insureAction, bankAction, insureAction}
	for _, tt := range []struct {
		name    string
		edit    func(*harness.ScaleUpResult)
		says    []string
		notSays []string
	}{
		{"no member, shared fetches", func(r *harness.ScaleUpResult) {
			r.MostMembers, r.Fetchers, r.Moved = 0, map[int32]int{0: 2, 1: 2}, nil
			r.Duplicates.Everywhere = 1 // one of two: not the evidence
		}, []string{"the broker listed no member in group team-3 while your 2 instances ran",
			"partition 0 by 2 connections, partition 1 by 2 connections", `group_id="team-3"`, "2 extra copies"},
			[]string{"arrived 2 times or more"}},
		{"no tap: members and copies", func(r *harness.ScaleUpResult) {
			r.MostMembers, r.Fetchers, r.Moved = 1, nil, nil
		}, []string{"at most 1 member in group team-3", "2 of the 2 expected actions arrived 2 times or more"},
			[]string{"connections"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ds := scaleUpCodes(t, sent, func(r *harness.ScaleUpResult) {
				r.Duplicates.Other, r.Duplicates.Everywhere = 2, 2
				tt.edit(r)
			})
			if !slices.Equal(codes(ds), []Code{EveryInstanceReadEveryPartition}) {
				t.Fatalf("got %v, want [every_instance_read_every_partition]", codes(ds))
			}
			for _, s := range tt.says {
				if !strings.Contains(ds[0].Message, s) {
					t.Errorf("message lacks %q:\n%s", s, ds[0].Message)
				}
			}
			for _, s := range tt.notSays {
				if strings.Contains(ds[0].Message, s) {
					t.Errorf("message says %q, which the broker did not show:\n%s", s, ds[0].Message)
				}
			}
		})
	}
}

// TestScaleUpNoTakeOver: a group that never gave the stopped instance's
// partitions away is no_take_over, not step 3's timeout.
func TestScaleUpNoTakeOver(t *testing.T) {
	ds := scaleUpCodes(t, []string{bankAction}, func(r *harness.ScaleUpResult) {
		r.TookOver, r.Moved = false, nil
		r.Settle = settle.Outcome{Condition: settle.Deadline, Detail: "waited 1m15s for group team-3 to give instance 2's partition 1 to the other instances"}
	})
	if !slices.Contains(codes(ds), NoTakeOver) || slices.Contains(codes(ds), Timeout) {
		t.Fatalf("got %v, want no_take_over and no timeout", codes(ds))
	}
	i := slices.IndexFunc(ds, func(d Diagnostic) bool { return d.Code == NoTakeOver })
	if msg := ds[i].Message; !strings.Contains(msg, "After instance 2 was stopped with SIGKILL") || !strings.Contains(msg, "partition 1 to the other instances") {
		t.Errorf("message = %q", msg)
	}
}

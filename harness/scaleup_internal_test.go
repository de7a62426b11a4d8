package harness

import (
	"slices"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// fourUsers: team-3 users replayed to partitions 0, 1, 0, 1; the first
// two match.
const fourUsers = `name: four
teams: [team-3]
events:
  - user: {email: bank@gmail.com, industry: Banking}
  - user: {email: insure@gmail.com, industry: Insurance}
  - user: {email: farm@gmail.com, industry: Farming}
  - user: {email: shop@gmail.com, industry: Retail}
expect:
  actions:
    - {customer: bank@gmail.com, type: SALES_LEAD, reason: FINANCIAL_SECTOR, team: team-3}
    - {customer: insure@gmail.com, type: SALES_LEAD, reason: FINANCIAL_SECTOR, team: team-3}
`

const (
	bank   = `{"customer": "bank@gmail.com", "type": "SALES_LEAD", "reason": "FINANCIAL_SECTOR", "team": "team-3"}`
	insure = `{"customer": "insure@gmail.com", "type": "SALES_LEAD", "reason": "FINANCIAL_SECTOR", "team": "team-3"}`
)

// sorted judges the actions sent against fourUsers and sorts their
// duplicates with the partitions that moved.
func sorted(t *testing.T, moved []int32, sent ...string) Duplicates {
	t.Helper()
	sc, err := scenarios.Parse("four.yaml", []byte(fourUsers))
	if err != nil {
		t.Fatal(err)
	}
	var captured []judge.Captured
	for i, a := range sent {
		captured = append(captured, judge.Read(0, int64(i), []byte(a)))
	}
	diff, err := judge.Compare(expected(sc), captured)
	if err != nil {
		t.Fatal(err)
	}
	r := &ScaleUpResult{Result: &Result{Scenario: sc, Diff: diff}, Instances: 2, Partitions: 2, Moved: moved}
	return sortDuplicates(r)
}

// TestSortDuplicates: a copy about a user of a partition that changed
// owner is the take-over's; one about a user of a partition that kept its
// owner, or of a group that had none, is not.
func TestSortDuplicates(t *testing.T) {
	for _, tt := range []struct {
		name  string
		moved []int32
		sent  []string
		want  Duplicates
	}{
		{"none", []int32{1}, []string{bank, insure}, Duplicates{Expected: 2}},
		{"insure's partition moved", []int32{1}, []string{bank, insure, insure},
			Duplicates{TakeOver: 1, Allowed: []int{0}, Everywhere: 1, Expected: 2}},
		{"bank's partition kept its owner", []int32{1}, []string{bank, insure, bank},
			Duplicates{Other: 1, Everywhere: 1, Expected: 2}},
		{"no owner ever: every copy twice", nil, []string{bank, insure, bank, insure},
			Duplicates{Other: 2, Everywhere: 2, Expected: 2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := sorted(t, tt.moved, tt.sent...)
			if got.TakeOver != tt.want.TakeOver || got.Other != tt.want.Other || got.Everywhere != tt.want.Everywhere ||
				got.Expected != tt.want.Expected || !slices.Equal(got.Allowed, tt.want.Allowed) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestHalfway(t *testing.T) {
	for _, tt := range []struct{ events, parts, want int }{
		{1000, 2, 500}, {1000, 5, 500}, {15, 2, 6}, {15, 5, 5}, {3, 5, 0}, {0, 2, 0},
	} {
		if got := halfway(tt.events, tt.parts); got != tt.want {
			t.Errorf("halfway(%d, %d) = %d, want %d", tt.events, tt.parts, got, tt.want)
		}
	}
}

// TestStopWhichAndMoved: the instance stopped holds partitions; a
// partition moved when its owner changed, never when it had none.
func TestStopWhichAndMoved(t *testing.T) {
	before := Group{State: "Stable", Members: []Member{
		{ID: "a", Instance: 0, Partitions: []int32{0, 1}},
		{ID: "b", Instance: 1},
		{ID: "c", Instance: 2, Partitions: []int32{2}},
	}}
	if got := stopWhich(before, 4); got != 2 {
		t.Errorf("stopWhich = instance %d, want 2 (the last holding a partition)", got)
	}
	if got := stopWhich(Group{State: "Empty"}, 2); got != 1 {
		t.Errorf("stopWhich of an empty group = %d, want the last instance, 1", got)
	}
	after := Group{State: "Stable", Members: []Member{
		{ID: "a", Instance: 0, Partitions: []int32{0}},
		{ID: "b", Instance: 1, Partitions: []int32{1, 2}},
	}}
	if got := moved(before, after, 3); !slices.Equal(got, []int32{1, 2}) {
		t.Errorf("moved = %v, want [1 2]", got)
	}
	if got := moved(Group{State: "Empty"}, Group{State: "Empty"}, 3); got != nil {
		t.Errorf("moved without owners = %v, want none", got)
	}
	if !after.covers(2, 3) || after.covers(3, 3) || before.covers(3, 4) {
		t.Error("covers: want a stable group of n members assigning every partition")
	}
	want := "Stable, 2 members: instance 1 partition 0; instance 2 partitions 1, 2"
	if got := after.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

package harness

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// Group is the team's consumer group as the broker describes it
// (DescribeGroups): the evidence of step 4.
type Group struct {
	// State is the group's state: Stable, PreparingRebalance,
	// CompletingRebalance, Empty or Dead.
	State   string
	Members []Member
	// At is when the broker described it.
	At time.Time
}

// Member is one member of the group.
type Member struct {
	// ID is the member id the broker gave it, ClientID and Host what it
	// connected with.
	ID, ClientID, Host string
	// Instance is the instance (0-based) that joined as this member: the
	// one started last before the member first appeared; -1 if unknown.
	Instance int
	// Partitions are its partitions of new_users, in order.
	Partitions []int32
}

// Owner returns the member assigned partition p, or nil.
func (g Group) Owner(p int32) *Member {
	for i := range g.Members {
		if slices.Contains(g.Members[i].Partitions, p) {
			return &g.Members[i]
		}
	}
	return nil
}

// Instance returns the member instance i joined as, or nil.
func (g Group) Instance(i int) *Member {
	for k := range g.Members {
		if g.Members[k].Instance == i {
			return &g.Members[k]
		}
	}
	return nil
}

// covers reports whether the group is stable with n members (any n when
// n < 0) and assigns every partition of new_users.
func (g Group) covers(n int, parts int32) bool {
	if g.State != "Stable" || (n >= 0 && len(g.Members) != n) {
		return false
	}
	for p := range parts {
		if g.Owner(p) == nil {
			return false
		}
	}
	return true
}

// String describes the group in a line: `Stable, 2 members: instance 1
// partitions 0, instance 2 partitions 1`.
func (g Group) String() string {
	if len(g.Members) == 0 {
		return fmt.Sprintf("%s, no member", g.State)
	}
	parts := make([]string, len(g.Members))
	for i, m := range g.Members {
		parts[i] = m.Name() + " " + PartitionList(m.Partitions)
	}
	n := "1 member"
	if len(g.Members) > 1 {
		n = fmt.Sprintf("%d members", len(g.Members))
	}
	return fmt.Sprintf("%s, %s: %s", g.State, n, strings.Join(parts, "; "))
}

// Name is "instance N" (1-based, as run prints it), or the member id.
func (m Member) Name() string {
	if m.Instance >= 0 {
		return fmt.Sprintf("instance %d", m.Instance+1)
	}
	return fmt.Sprintf("member %q", m.ID)
}

// PartitionList is "partitions 0, 1", "partition 1" or "no partition".
func PartitionList(ps []int32) string {
	switch len(ps) {
	case 0:
		return "no partition"
	case 1:
		return fmt.Sprintf("partition %d", ps[0])
	}
	return "partitions " + joinInts(ps)
}

// describeGroup describes group, naming each member by the instance known
// to have joined as it.
func describeGroup(ctx context.Context, adm *kadm.Client, group string, known map[string]int) (Group, error) {
	described, err := adm.DescribeGroups(ctx, group)
	if err == nil {
		err = described.Error()
	}
	if err != nil {
		return Group{}, fmt.Errorf("describe group %s: %w", group, err)
	}
	d := described[group]
	g := Group{State: d.State, At: time.Now()}
	for _, m := range d.Members {
		mem := Member{ID: m.MemberID, ClientID: m.ClientID, Host: m.ClientHost, Instance: -1}
		if i, ok := known[m.MemberID]; ok {
			mem.Instance = i
		}
		if c, ok := m.Assigned.AsConsumer(); ok {
			for _, t := range c.Topics {
				if t.Topic == classroom.NewUsers {
					mem.Partitions = append(mem.Partitions, t.Partitions...)
				}
			}
		}
		slices.Sort(mem.Partitions)
		g.Members = append(g.Members, mem)
	}
	slices.SortFunc(g.Members, func(a, b Member) int {
		if a.Instance != b.Instance {
			return a.Instance - b.Instance
		}
		return strings.Compare(a.ID, b.ID)
	})
	return g, nil
}

package harness

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/replay"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// commitStart commits the team's group at the end offsets of new_users,
// as its program of steps 1 to 3 left it in class (see ScaleUp).
func (u *scaleRun) commitStart(ctx context.Context) error {
	ends, err := endOffsets(ctx, u.adm, classroom.NewUsers)
	if err != nil {
		return err
	}
	offsets := kadm.Offsets{}
	for p, at := range ends {
		offsets.Add(kadm.Offset{Topic: classroom.NewUsers, Partition: p, At: at, LeaderEpoch: -1})
	}
	if err := u.adm.CommitAllOffsets(ctx, u.s.Team, offsets); err != nil {
		return fmt.Errorf("commit group %s at the end of %s: %w", u.s.Team, classroom.NewUsers, err)
	}
	return nil
}

func (u *scaleRun) replay(ctx context.Context, events []scenarios.Event) error {
	if len(events) == 0 {
		return nil
	}
	values := make([][]byte, len(events))
	for i, e := range events {
		values[i] = e.Value
	}
	return replay.Replay(ctx, u.cl, classroom.NewUsers, u.parts, values)
}

// halfway is where the scenario's events are cut: about half, a multiple
// of the partitions, so that event i still goes to partition i mod parts.
func halfway(events, parts int) int {
	h := events / 2
	return h - h%parts
}

// expectedBefore counts the expected actions about the users of the
// first half events.
func expectedBefore(sc *scenarios.Scenario, half int) int {
	first := map[string]bool{}
	for _, e := range sc.Events[:half] {
		if e.Email != "" {
			first[e.Email] = true
		}
	}
	n := 0
	for _, a := range sc.Expect {
		if first[a.Customer] {
			n++
		}
	}
	return n
}

// stopWhich picks the instance to stop: the last started that holds a
// partition, so that a take-over must happen; the last one if none does.
func stopWhich(g Group, instances int) int {
	for i := instances - 1; i >= 0; i-- {
		if m := g.Instance(i); m != nil && len(m.Partitions) > 0 {
			return i
		}
	}
	return instances - 1
}

// moved lists the partitions whose owner differs between two groups.
func moved(before, after Group, parts int32) []int32 {
	var out []int32
	for p := range parts {
		// A partition no member owned has no owner to change: its
		// consumers read it outside the group.
		b, a := before.Owner(p), after.Owner(p)
		if b != nil && a != nil && b.ID != a.ID {
			out = append(out, p)
		}
	}
	return out
}

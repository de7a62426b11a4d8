package harness

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/settle"
)

// waitGroup describes the group every Poll until done accepts it, an
// instance stops on its own, or limit passes; it returns the last group
// seen, and an error saying what it waited for.
func (u *scaleRun) waitGroup(ctx context.Context, limit time.Duration, what string, done func(Group) bool) (Group, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	tick := time.NewTicker(u.opts.Poll)
	defer tick.Stop()
	var last Group
	var lastErr error
	for {
		g, err := describeGroup(ctx, u.adm, u.s.Team, u.known)
		if err == nil {
			last, lastErr = g, nil
			if done(g) {
				return g, nil
			}
		} else if ctx.Err() == nil {
			lastErr = err
		}
		select {
		case who := <-u.exited:
			return last, errExited{who}
		case <-ctx.Done():
			seen := "the group was " + last.String()
			if lastErr != nil {
				seen = lastErr.Error()
			}
			return last, fmt.Errorf("waited %v for %s; %s", limit, what, seen)
		case <-tick.C:
		}
	}
}

// waitJoined waits until the group is stable with one member per started
// instance and every partition assigned; the new member is instance i.
// With a connection tap, an instance that fetches new_users without
// joining ends the wait at once: it consumes outside the group.
func (u *scaleRun) waitJoined(ctx context.Context, i int) (Group, error) {
	since := time.Now()
	outside := false
	g, err := u.waitGroup(ctx, u.opts.Deadline,
		fmt.Sprintf("instance %d to join group %s (%d members, every partition of %s assigned)", i+1, u.s.Team, i+1, classroom.NewUsers),
		func(g Group) bool {
			if g.covers(i+1, u.parts) {
				return true
			}
			// More connections fetching a partition than members: one
			// consumes without the group.
			if u.s.Fetchers != nil && mostFetchers(u.s.Fetchers(classroom.NewUsers, since)) > len(g.Members) && len(g.Members) <= i {
				outside = true
				return true
			}
			return false
		})
	if err != nil {
		return g, err
	}
	if outside {
		// g was described before the fetch was counted: a member that
		// joined and fetched in between shows now.
		if fresh, err := describeGroup(ctx, u.adm, u.s.Team, u.known); err == nil && fresh.covers(i+1, u.parts) {
			g, outside = fresh, false
		}
	}
	for _, m := range g.Members {
		if _, ok := u.known[m.ID]; !ok {
			u.known[m.ID] = i
		}
	}
	if outside {
		return g, fmt.Errorf("instance %d read %s while group %s had %s: it reads outside the group", i+1, classroom.NewUsers, u.s.Team, members(len(g.Members)))
	}
	// Described again, so that the new member is named as instance i.
	if named, err := describeGroup(ctx, u.adm, u.s.Team, u.known); err == nil {
		g = named
	}
	return g, nil
}

// mostFetchers is the most connections that fetched one partition.
func mostFetchers(fetchers map[int32]int) int {
	n := 0
	for _, c := range fetchers {
		n = max(n, c)
	}
	return n
}

// waitTakeOver waits until the stopped instance's member has left the
// group and the others hold every partition. A group that had no member
// has nothing to take over.
func (u *scaleRun) waitTakeOver(ctx context.Context, before Group, stopped int) (Group, error) {
	gone := before.Instance(stopped)
	if gone == nil {
		g, err := describeGroup(ctx, u.adm, u.s.Team, u.known)
		return g, err
	}
	members := len(before.Members) - 1
	return u.waitGroup(ctx, u.s.TakeOver,
		fmt.Sprintf("group %s to give instance %d's %s to the other instances (the broker drops a stopped member after its session timeout)",
			u.s.Team, stopped+1, PartitionList(gone.Partitions)),
		func(g Group) bool {
			return !slices.ContainsFunc(g.Members, func(m Member) bool { return m.ID == gone.ID }) && g.covers(members, u.parts)
		})
}

// waitActions waits until n actions have arrived: the instances have
// worked through the first half. A program that never sends them is
// stopped anyway at the deadline; the verdict says what was missing.
func (u *scaleRun) waitActions(ctx context.Context, n int) (settle.Outcome, bool) {
	ctx, cancel := context.WithTimeout(ctx, u.opts.Deadline)
	defer cancel()
	for {
		got, _, changed := u.capt.State()
		if got >= n {
			return settle.Outcome{}, true
		}
		select {
		case who := <-u.exited:
			return settle.Outcome{Condition: settle.ProgramExited, Detail: who, At: time.Now()}, false
		case <-ctx.Done():
			return settle.Outcome{}, true
		case <-changed:
		}
	}
}

// members says how many members a group has, in words.
func members(n int) string {
	switch n {
	case 0:
		return "no member"
	case 1:
		return "1 member"
	}
	return fmt.Sprintf("%d members", n)
}

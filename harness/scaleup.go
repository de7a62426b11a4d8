package harness

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/capture"
	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/harness/replay"
	"github.com/kafkacheck/kafkacheck/harness/settle"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// ScaleUp runs step 4 of the tutorial, scale-up, on one scenario: several
// instances of one team's program in the team's consumer group, one of
// them stopped part-way, as docs/step-4.md's TODOs ask ("Run Multiple
// Instances", "Test Fault Tolerance"):
//
//  1. The instances start one after another; after each, the group is
//     described until it is stable with one more member and every
//     partition of new_users assigned, which shows each instance's
//     partitions (the member that appears is the instance just started).
//  2. Before that, the group is given committed offsets at the end of
//     new_users, as after steps 1 to 3 in class, where the team's group
//     has been committing all evening while the producer never stops.
//     This matters for the take-over: a survivor given a partition that
//     its group never committed starts where its reset policy says, and
//     kafka-python's default, "latest" (the tutorial's main.py keeps it),
//     would skip every user already waiting there, which in class never
//     happens to a group that has been running. (kfake also refuses an
//     OffsetFetch of a group that does not exist yet, where Kafka answers
//     "no offset": a consumer that assigns itself partitions would crash
//     on it, in kfake only.) Once every instance has started, probe users
//     (the neutral user) go to every partition until the group has
//     committed past them on each: every partition has a consumer.
//  3. The first half of the scenario's events is replayed; once as many
//     actions as it expects have arrived, an instance that holds
//     partitions is stopped (Kill: SIGKILL, a crash; else its context is
//     cancelled: SIGINT, Ctrl-C), and the second half is replayed at once,
//     as users keep coming in class.
//  4. The group is described until the others hold every partition, then
//     the scenario settles on the group's commits, as in step 3.
//
// Actions that arrive twice about users of a partition that changed owner
// are the take-over's at-least-once redelivery (the stopped instance had
// not committed them), which docs/step-4.md teaches; other duplicates are
// not (see Duplicates).
type ScaleUp struct {
	// Team names the program's team, and so its group.
	Team string
	// Instances is how many copies run, at least 2.
	Instances int
	// Program returns the program of instance i (0-based).
	Program func(i int) Program
	// Kill, if set, ends instance i at once, as a crash would (SIGKILL);
	// its program must then return. Without it the instance is stopped
	// by cancelling its context (a process: SIGINT, as Ctrl-C).
	Kill func(i int) error
	// Fetchers, if set (a connection tap), counts the program's
	// connections that fetched each partition of a topic since a time.
	Fetchers func(topic string, since time.Time) map[int32]int
	// TakeOver bounds the wait for the group to give the stopped
	// instance's partitions to the others. After a crash the broker waits
	// for the member's session timeout first: 45 s by default in
	// kafka-python 2.3+ (KIP-735), franz-go, librdkafka and the Java
	// client. Zero means DefaultTakeOver.
	TakeOver time.Duration
	// Options: Deadline bounds each other wait (a join, readiness, the
	// first half, settling); Poll, Idle, StopGrace and OnAction as for a
	// Session. Positions, Activity and Probe are not used: step 4 settles
	// on the group's commits, the one evidence every backend shows.
	Options Options
	// Observer is told what happens, serially.
	Observer ScaleUpObserver
}

// DefaultTakeOver is ScaleUp.TakeOver's default: the clients' default
// session timeout of 45 s, the survivors' next heartbeat (3 s) and a
// rebalance.
const DefaultTakeOver = 60 * time.Second

// ScaleUpObserver is told what a ScaleUp does; any field may be nil.
type ScaleUpObserver struct {
	// Joined is told that instance i started and what the group then
	// was; joined is false when it never appeared in the group, and err
	// says what was seen instead.
	Joined func(i int, g Group, err error)
	// Ready is told the group once every partition has a committed offset.
	Ready func(g Group)
	// Stopping is told which instance is stopped, and how.
	Stopping func(i int, signal string)
	// TookOver is told the group after the take-over, or what the wait saw.
	TookOver func(g Group, err error)
}

// ScaleUpResult is the outcome of a ScaleUp.
type ScaleUpResult struct {
	// Result is the scenario's, as a step-3 run's: its diff counts every
	// duplicate as unexpected; Duplicates says which ones step 4 allows.
	*Result
	Instances int
	// Joins are the group after each instance started, and JoinErrors
	// what was seen instead when it did not appear in it.
	Joins      []Group
	JoinErrors []error
	// Before is the group once ready, before the first replay.
	Before Group
	// MostMembers is the most members the group had while every instance
	// ran.
	MostMembers int
	// Stopped is the instance stopped part-way (0-based), Signal how:
	// "SIGKILL" or "SIGINT"; StoppedAfter the actions that had arrived.
	Stopped      int
	Signal       string
	StoppedAfter int
	// After is the group after the take-over; TookOver is set when the
	// other instances were seen holding every partition.
	After    Group
	TookOver bool
	// Moved are the partitions whose owner changed from Before to After.
	Moved []int32
	// Fetchers counts, by partition, the connections that fetched it
	// between the last join and the stop (nil without a connection tap): one
	// each in a consumer group.
	Fetchers map[int32]int
	// Partitions is the number of partitions of new_users.
	Partitions int32
	Duplicates Duplicates
}

// Duplicates sorts the extra copies of expected actions (a second
// message equal to an expected action already matched).
type Duplicates struct {
	// TakeOver counts those about users replayed to a partition that
	// changed owner: the stopped instance had handled them but not
	// committed, so its successor got them again (at-least-once).
	TakeOver int
	// Other counts the rest: about users of partitions that kept their
	// owner, or that no member of the group ever owned.
	Other int
	// Allowed are the indexes in Diff.Unexpected of the TakeOver ones.
	Allowed []int
	// Everywhere counts the expected actions that arrived at least once
	// per instance, and Expected how many the scenario expects.
	Everywhere, Expected int
}

// Step3 returns the scenario's result as step 3 judges it, without the
// take-over's duplicates: what is left of its diff step 4 does not allow.
func (r *ScaleUpResult) Step3() *Result {
	c := *r.Result
	c.Diff.Unexpected = nil
	for i, u := range r.Diff.Unexpected {
		if !slices.Contains(r.Duplicates.Allowed, i) {
			c.Diff.Unexpected = append(c.Diff.Unexpected, u)
		}
	}
	return &c
}

// Passed reports whether step 4 passed: every expected action arrived,
// nothing unexpected but take-over duplicates, the scenario settled, the
// group took over and no instance failed but the one stopped.
func (r *ScaleUpResult) Passed() bool {
	unexpected := len(r.Diff.Unexpected) - r.Duplicates.TakeOver
	return len(r.Diff.Missing) == 0 && unexpected == 0 && r.Dropped == 0 && r.TookOver &&
		r.Settle.Condition == settle.Settled && len(r.ProgramErrors) == 0
}

// instance is one running copy of the program.
type instance struct {
	progs   *programs
	stopped bool // by the ScaleUp, part-way
}

// scaleRun is one ScaleUp under way.
type scaleRun struct {
	s     ScaleUp
	b     broker.Broker
	opts  Options
	cl    *kgo.Client
	adm   *kadm.Client
	capt  *capture.Capture
	parts int32
	known map[string]int // member id → instance

	mu     sync.Mutex
	insts  []*instance
	exited chan string // a team's instance that stopped on its own
}

// Run runs sc, which must name the team only, on b, which must be in the
// classroom's clean state. It returns an error only when the harness
// itself could not run it.
func (s ScaleUp) Run(ctx context.Context, b broker.Broker, sc *scenarios.Scenario) (*ScaleUpResult, error) {
	if s.Instances < 2 {
		return nil, fmt.Errorf("scale-up: %d instances: want at least 2", s.Instances)
	}
	if !slices.Equal(sc.Teams, []string{s.Team}) {
		return nil, fmt.Errorf("scale-up: scenario %q is for %v, not %s alone", sc.Name, sc.Teams, s.Team)
	}
	if s.TakeOver == 0 {
		s.TakeOver = DefaultTakeOver
	}
	opts := s.Options.withDefaults(b.Backend())
	opts.Positions, opts.Probe = nil, true
	cl, err := kgo.NewClient(append(b.AdminOpts(), replay.Opts()...)...)
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	u := &scaleRun{s: s, b: b, opts: opts, cl: cl, adm: kadm.NewClient(cl), known: map[string]int{}, exited: make(chan string, s.Instances)}
	if u.parts, err = partitions(ctx, u.adm, classroom.NewUsers); err != nil {
		return nil, err
	}
	from, err := endOffsets(ctx, u.adm, classroom.Actions)
	if err != nil {
		return nil, err
	}
	var onValue func(judge.Captured)
	if opts.OnAction != nil {
		onValue = func(c judge.Captured) { opts.OnAction(c, c.Verdict) }
	}
	flood := len(sc.Expect)*s.Instances + opts.Flood
	if u.capt, err = capture.Start(classroom.Actions, from, onValue, capture.Limits{Keep: flood, Value: valueLimit(sc)}, b.AdminOpts()...); err != nil {
		return nil, err
	}
	defer u.capt.Close()
	defer u.stopAll()
	return u.run(ctx, sc, flood)
}

func (u *scaleRun) run(ctx context.Context, sc *scenarios.Scenario, flood int) (*ScaleUpResult, error) {
	start := time.Now()
	r := &ScaleUpResult{Result: &Result{Scenario: sc, Backend: u.b.Backend()}, Instances: u.s.Instances, Stopped: -1, Partitions: u.parts}
	finish := func() (*ScaleUpResult, error) { return u.finish(ctx, r, start) }

	// 1. The group as in class, then the instances join one after
	// another.
	if err := u.commitStart(ctx); err != nil {
		return nil, err
	}
	for i := range u.s.Instances {
		u.startInstance(ctx, i)
		g, err := u.waitJoined(ctx, i)
		if o, ok := exitedOutcome(err); ok {
			r.Settle, r.NotReplayed = o, true
			return finish()
		}
		r.Joins, r.JoinErrors = append(r.Joins, g), append(r.JoinErrors, err)
		r.MostMembers = max(r.MostMembers, len(g.Members))
		if u.s.Observer.Joined != nil {
			u.s.Observer.Joined(i, g, err)
		}
	}

	// 2. Every partition has a committed offset. The probes show who
	// fetches what from now on: clients with incremental fetch sessions
	// (KIP-227) name a partition in a Fetch only once its offset moved.
	ready := time.Now()
	sess := &Session{b: u.b, teams: []string{u.s.Team}, opts: u.opts, cl: u.cl, adm: u.adm, capt: u.capt,
		progs: &programs{exited: u.exited}, parts: u.parts}
	if outcome, ok := sess.waitReady(ctx); !ok {
		r.Settle, r.NotReplayed = outcome, true
		return finish()
	}
	var err error
	if r.Before, err = describeGroup(ctx, u.adm, u.s.Team, u.known); err != nil {
		return nil, err
	}
	r.MostMembers = max(r.MostMembers, len(r.Before.Members))
	if u.s.Observer.Ready != nil {
		u.s.Observer.Ready(r.Before)
	}

	// 3. The first half, the stop, the second half.
	half := halfway(len(sc.Events), int(u.parts))
	if err := u.replay(ctx, sc.Events[:half]); err != nil {
		return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	if o, ok := u.waitActions(ctx, expectedBefore(sc, half)); !ok {
		r.Settle = o
		return finish()
	}
	if u.s.Fetchers != nil {
		r.Fetchers = u.s.Fetchers(classroom.NewUsers, ready)
	}
	if g, err := describeGroup(ctx, u.adm, u.s.Team, u.known); err == nil {
		r.MostMembers = max(r.MostMembers, len(g.Members))
		r.Before = g // the owners at the stop
	}
	r.Stopped = stopWhich(r.Before, u.s.Instances)
	r.StoppedAfter, _, _ = u.capt.State()
	r.Signal = "SIGINT"
	if u.s.Kill != nil {
		r.Signal = "SIGKILL"
	}
	if u.s.Observer.Stopping != nil {
		u.s.Observer.Stopping(r.Stopped, r.Signal)
	}
	if err := u.stop(r.Stopped); err != nil {
		return nil, err
	}
	if err := u.replay(ctx, sc.Events[half:]); err != nil {
		return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	ends, err := endOffsets(ctx, u.adm, classroom.NewUsers)
	if err != nil {
		return nil, err
	}

	// 4. The take-over, then settle.
	after, err := u.waitTakeOver(ctx, r.Before, r.Stopped)
	r.After, r.TookOver = after, err == nil
	if u.s.Observer.TookOver != nil {
		u.s.Observer.TookOver(after, err)
	}
	if o, ok := exitedOutcome(err); ok {
		r.Settle = o
		return finish()
	}
	if err != nil {
		r.Settle = settle.Outcome{Condition: settle.Deadline, Detail: err.Error(), At: time.Now()}
		return finish()
	}
	r.Moved = moved(r.Before, r.After, u.parts)
	r.Settle = settle.Wait{
		Admin: u.adm, Groups: []string{u.s.Team},
		Topic: classroom.NewUsers, Ends: ends,
		Actions: classroom.Actions, Capture: u.capt,
		Idle: u.opts.Idle, Poll: u.opts.Poll, Deadline: u.opts.Deadline,
		Exited: u.exited,
		Flood:  flood, FloodBytes: floodBytes, Expected: len(sc.Expect),
	}.Run(ctx)
	return finish()
}

// finish stops the instances, reads actions to their end and judges.
func (u *scaleRun) finish(ctx context.Context, r *ScaleUpResult, start time.Time) (*ScaleUpResult, error) {
	r.ProgramErrors = u.stopAll()
	drainCtx, cancel := context.WithTimeout(ctx, u.opts.StopGrace)
	err := drain(drainCtx, u.adm, u.capt)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("scenario %q: %w", r.Scenario.Name, err)
	}
	win := u.capt.Take()
	r.Dropped = win.Dropped
	if r.Diff, err = judge.Compare(expected(r.Scenario), win.Records); err != nil {
		return nil, fmt.Errorf("scenario %q: %w", r.Scenario.Name, err)
	}
	r.Diff.Verdicts.Merge(win.Verdicts)
	for i := range r.Diff.Records {
		r.Diff.Records[i].Source = r.Scenario.SourceOf(customerOf(r.Diff.Records[i].Value))
	}
	r.Records = r.Diff.Records
	r.Duplicates = sortDuplicates(r)
	_, r.LastAction, _ = u.capt.State()
	if r.LastAction.Before(start) {
		r.LastAction = time.Time{}
	}
	r.Duration, r.Verdict = time.Since(start), time.Now()
	return r, nil
}

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

// startInstance starts instance i; an instance that stops on its own,
// unless stopped part-way, is reported on u.exited.
func (u *scaleRun) startInstance(ctx context.Context, i int) {
	p := startPrograms(ctx, u.b, []string{u.s.Team}, u.s.Program(i))
	in := &instance{progs: p}
	u.mu.Lock()
	u.insts = append(u.insts, in)
	u.mu.Unlock()
	go func() {
		// A program that stopped on its own said so before it was done.
		p.wg.Wait()
		select {
		case team := <-p.exited:
			u.mu.Lock()
			stopped := in.stopped
			u.mu.Unlock()
			if !stopped {
				u.exited <- fmt.Sprintf("%s (instance %d)", team, i+1)
			}
		default:
		}
	}()
}

// stop stops instance i part-way and waits for it to end.
func (u *scaleRun) stop(i int) error {
	u.mu.Lock()
	in := u.insts[i]
	in.stopped = true
	u.mu.Unlock()
	if u.s.Kill == nil {
		in.progs.stop(u.opts.StopGrace)
		return nil
	}
	if err := u.s.Kill(i); err != nil {
		return fmt.Errorf("stop instance %d: %w", i+1, err)
	}
	done := make(chan struct{})
	go func() { in.progs.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(u.opts.StopGrace):
		return fmt.Errorf("instance %d still running %v after SIGKILL", i+1, u.opts.StopGrace)
	}
	return nil
}

// stopAll stops every instance and returns the errors of those that
// failed, but for the one stopped part-way, by instance ("instance 2").
func (u *scaleRun) stopAll() map[string]error {
	u.mu.Lock()
	insts := slices.Clone(u.insts)
	u.mu.Unlock()
	var errs map[string]error
	for i, in := range insts {
		if in.stopped {
			in.progs.stop(u.opts.StopGrace) // ended already: releases its context
			continue
		}
		for _, err := range in.progs.stop(u.opts.StopGrace) {
			if errs == nil {
				errs = map[string]error{}
			}
			errs[fmt.Sprintf("instance %d", i+1)] = err
		}
	}
	return errs
}

// errExited is a wait ended by an instance that stopped on its own.
type errExited struct{ who string }

func (e errExited) Error() string { return e.who + " stopped on its own" }

func exitedOutcome(err error) (settle.Outcome, bool) {
	var e errExited
	if errors.As(err, &e) {
		return settle.Outcome{Condition: settle.ProgramExited, Detail: e.who, At: time.Now()}, true
	}
	return settle.Outcome{}, false
}

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
		return g, fmt.Errorf("instance %d fetched from %s while group %s had %d members: it reads without the group", i+1, classroom.NewUsers, u.s.Team, len(g.Members))
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

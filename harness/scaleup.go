package harness

import (
	"context"
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

package harness

import (
	"context"
	"encoding/json"
	"fmt"
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

// Session runs scenarios one after another on one broker, against programs
// started once, as in class, where a team's program runs all evening while
// users keep arriving. Each scenario's events are replayed once the
// programs are ready (see Options.Positions and Options.Probe), and its
// verdict covers what reached actions from its replay until it settled.
//
// A session is over once a program has stopped: open a new one, on a
// fresh broker, for the scenarios left. A step-5 scenario is also judged
// on the compacted view of its edition's step-5 topic (Result.Keyed), and
// runs first in a session of its own: its expected counts start from
// zero, as the programs' do.
type Session struct {
	b     broker.Broker
	teams []string
	opts  Options
	cl    *kgo.Client // the harness's admin, and the replay's producer
	adm   *kadm.Client
	capt  *capture.Capture
	progs *programs
	parts int32 // partitions of new_users
	// usersFrom are new_users' end offsets when the programs started.
	usersFrom map[int32]int64

	ready bool // the programs had positions on new_users
	over  bool // a program stopped: no further scenario
	ran   int  // scenarios run
}

// Open starts the programs of teams on b, which must be in the classroom's
// clean state, and the capture of actions.
func Open(ctx context.Context, b broker.Broker, teams []string, prog Program, opts Options) (*Session, error) {
	opts = opts.withDefaults(b.Backend())
	cl, err := kgo.NewClient(append(b.AdminOpts(), replay.Opts()...)...)
	if err != nil {
		return nil, err
	}
	s := &Session{b: b, teams: teams, opts: opts, cl: cl, adm: kadm.NewClient(cl)}
	if s.parts, err = partitions(ctx, s.adm, classroom.NewUsers); err != nil {
		cl.Close()
		return nil, err
	}
	from, err := endOffsets(ctx, s.adm, classroom.Actions)
	if err == nil {
		s.usersFrom, err = endOffsets(ctx, s.adm, classroom.NewUsers)
	}
	if err != nil {
		cl.Close()
		return nil, err
	}
	var onValue func(judge.Captured)
	if opts.OnAction != nil {
		onValue = func(c judge.Captured) { opts.OnAction(c, c.Verdict) }
	}
	if s.capt, err = capture.Start(classroom.Actions, from, onValue, capture.Limits{}, b.AdminOpts()...); err != nil {
		cl.Close()
		return nil, err
	}
	s.progs = startPrograms(ctx, b, teams, prog)
	return s, nil
}

// Over reports whether a program has stopped, so that the session cannot
// run another scenario.
func (s *Session) Over() bool { return s.over }

// Run runs one scenario and leaves the programs running for the next.
func (s *Session) Run(ctx context.Context, sc *scenarios.Scenario) (*Result, error) {
	return s.run(ctx, sc, false)
}

// RunLast runs the session's last scenario: once it has settled, the
// programs are stopped and actions read to its end, so that what they
// sent while stopping is judged too.
func (s *Session) RunLast(ctx context.Context, sc *scenarios.Scenario) (*Result, error) {
	return s.run(ctx, sc, true)
}

// Close stops the programs, if still running, and releases the session.
func (s *Session) Close() {
	s.progs.stop(s.opts.StopGrace)
	s.capt.Close()
	s.cl.Close()
}

func (s *Session) run(ctx context.Context, sc *scenarios.Scenario, last bool) (*Result, error) {
	if s.over {
		return nil, fmt.Errorf("scenario %q: the session is over: a program stopped", sc.Name)
	}
	if sc.Step == 5 && s.ran > 0 {
		// Its expected counts start from zero, as the programs' do.
		return nil, fmt.Errorf("scenario %q: a step-5 scenario runs first in its session, with programs started for it (%d ran before it)", sc.Name, s.ran)
	}
	s.ran++
	if len(sc.Teams) != len(s.teams) {
		return nil, fmt.Errorf("scenario %q is for %v, the session's programs are %v", sc.Name, sc.Teams, s.teams)
	}
	start := time.Now()
	r := &Result{Scenario: sc, Backend: s.b.Backend()}
	flood := len(sc.Expect) + s.opts.Flood
	s.capt.SetLimits(capture.Limits{Keep: flood, Value: valueLimit(sc)})
	var ends map[int32]int64
	if outcome, ok := s.waitReady(ctx); !ok {
		r.Settle, r.NotReplayed = outcome, true
	} else {
		from, err := endOffsets(ctx, s.adm, classroom.NewUsers)
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
		}
		if ends, err = s.replay(ctx, sc); err != nil {
			return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
		}
		if s.opts.OnReplayed != nil {
			s.opts.OnReplayed(from, ends)
		}
		r.Settle = settle.Wait{
			Admin: s.adm, Groups: sc.Teams,
			Topic: classroom.NewUsers, Ends: ends,
			Actions: classroom.Actions, Capture: s.capt,
			Idle: s.opts.Idle, Poll: s.opts.Poll, Deadline: s.opts.Deadline,
			Exited:    s.progs.exited,
			Positions: s.positions(), PositionsShowWork: s.opts.PositionsShowWork,
			Activity: s.opts.Activity, Quiet: s.opts.Quiet,
			Flood: flood, FloodBytes: floodBytes, Expected: len(sc.Expect),
		}.Run(ctx)
	}
	if r.Settle.Condition != settle.Settled {
		// A program that stopped, or never got ready, ends the session:
		// its verdict is read once the programs have all stopped.
		last = true
	}
	if last {
		s.over = true
		r.ProgramErrors = s.progs.stop(s.opts.StopGrace)
		// A program may still have written while it stopped: read
		// actions to its end so that every message is judged.
		drainCtx, cancel := context.WithTimeout(ctx, s.opts.StopGrace)
		err := drain(drainCtx, s.adm, s.capt)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
		}
	}
	win := s.capt.Take()
	r.Dropped = win.Dropped
	var err error
	if r.Diff, err = judge.Compare(expected(sc), win.Records); err != nil {
		return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	r.Diff.Verdicts.Merge(win.Verdicts)
	for i := range r.Diff.Records {
		r.Diff.Records[i].Source = sc.SourceOf(customerOf(r.Diff.Records[i].Value))
	}
	r.Records = r.Diff.Records
	if sc.Step == 5 && !r.NotReplayed {
		if err := s.judgeKeyed(ctx, sc, r); err != nil {
			return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
		}
	}
	_, r.LastAction, _ = s.capt.State()
	if r.LastAction.Before(start) {
		r.LastAction = time.Time{}
	}
	r.Duration, r.Verdict = time.Since(start), time.Now()
	return r, nil
}

// customerOf returns the customer field of an action, or "".
func customerOf(value []byte) string {
	var a struct {
		Customer string `json:"customer"`
	}
	_ = json.Unmarshal(value, &a)
	return a.Customer
}

// floodBytes ends a scenario whose actions add up to more: a classroom
// action is about 130 bytes, and the broker in memory keeps each one.
const floodBytes = 16 << 20

// valueLimit is how much of each action a scenario keeps: more than its
// longest expected action, so that a value cut short can match none.
func valueLimit(sc *scenarios.Scenario) int {
	n := 16 << 10
	for _, a := range sc.Expect {
		n = max(n, 2*len(a.Value))
	}
	return n
}

// positions returns the tap's positions on new_users for settle, or nil.
func (s *Session) positions() func() map[int32]int64 {
	if s.opts.Positions == nil {
		return nil
	}
	return func() map[int32]int64 { return s.opts.Positions(classroom.NewUsers) }
}

// replay produces the scenario's events and returns new_users' end
// offsets afterwards.
func (s *Session) replay(ctx context.Context, sc *scenarios.Scenario) (map[int32]int64, error) {
	values := make([][]byte, len(sc.Events))
	for i, e := range sc.Events {
		values[i] = e.Value
	}
	if len(values) > 0 {
		if err := replay.Replay(ctx, s.cl, classroom.NewUsers, s.parts, values); err != nil {
			return nil, err
		}
	}
	return endOffsets(ctx, s.adm, classroom.NewUsers)
}

// partitions returns how many partitions topic has.
func partitions(ctx context.Context, adm *kadm.Client, topic string) (int32, error) {
	md, err := adm.Metadata(ctx, topic)
	if err != nil {
		return 0, fmt.Errorf("metadata of %s: %w", topic, err)
	}
	td, ok := md.Topics[topic]
	if !ok || td.Err != nil || len(td.Partitions) == 0 {
		return 0, fmt.Errorf("topic %s is missing on the broker (%v)", topic, td.Err)
	}
	return int32(len(td.Partitions)), nil
}

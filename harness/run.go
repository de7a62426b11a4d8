// Package harness runs scenarios against programs under test: it replays a
// scenario's events into new_users, runs one program per team, captures
// everything on actions, waits for the programs to settle, and judges the
// actions as the classroom leaderboard does and against the scenario's
// expected actions.
//
// The path of one scenario: scenarios (file) → replay → Program → capture →
// settle → judge → Result. The broker comes from package broker's backends.
package harness

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/capture"
	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/harness/keyed"
	"github.com/kafkacheck/kafkacheck/harness/settle"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// Result is the outcome of one scenario.
type Result struct {
	Scenario *scenarios.Scenario
	Backend  string
	// Records are the messages read from actions, in arrival order, each
	// judged once (its verdict, whether an expected action accounts for
	// it, the event it is about), up to a bound (Options.Flood past the
	// expected actions); Dropped counts the messages read past it, which
	// the verdict counts include.
	Records []judge.Record
	Dropped int
	// Diff compares Captured with the scenario's expected actions.
	Diff judge.Diff
	// Keyed judges the compacted view of the edition's step-5 topic; nil
	// for a scenario that is not step 5, or whose events were never sent.
	Keyed *keyed.Verdict
	// Settle says what ended the wait for the programs.
	Settle settle.Outcome
	// NotReplayed is set when the scenario's events were never sent: the
	// programs stopped, or never got a position on new_users, first.
	NotReplayed bool
	// ProgramErrors holds the error of each program that failed, by team.
	ProgramErrors map[string]error
	// Duration runs from the start of the scenario to its verdict.
	Duration time.Duration
	// LastAction is when the last action arrived (zero if none did), and
	// Verdict when the verdict was reached.
	LastAction, Verdict time.Time
}

// Passed reports whether the programs produced exactly the expected
// actions (and, for step 5, a right compacted view), settled in time and
// did not fail.
func (r *Result) Passed() bool {
	return r.Diff.Passed() && (r.Keyed == nil || r.Keyed.Passed()) && r.Dropped == 0 && r.Settle.Condition == settle.Settled && len(r.ProgramErrors) == 0
}

// Run runs one scenario on b, which must be in the classroom's clean state
// (fresh, or after classroom.Reset), with a program started for it: a
// session of one scenario. It returns an error only when the harness
// itself could not run the scenario; a failing program is a Result that
// did not pass.
func Run(ctx context.Context, b broker.Broker, s *scenarios.Scenario, prog Program, opts Options) (*Result, error) {
	sess, err := Open(ctx, b, s.Teams, prog, opts)
	if err != nil {
		return nil, fmt.Errorf("scenario %q: %w", s.Name, err)
	}
	defer sess.Close()
	return sess.RunLast(ctx, s)
}

// endOffsets returns the end offset of each partition of topic.
func endOffsets(ctx context.Context, adm *kadm.Client, topic string) (map[int32]int64, error) {
	listed, err := adm.ListEndOffsets(ctx, topic)
	if err == nil {
		err = listed.Error()
	}
	if err != nil {
		return nil, fmt.Errorf("end offsets of %s: %w", topic, err)
	}
	ends := map[int32]int64{}
	listed.Each(func(o kadm.ListedOffset) { ends[o.Partition] = o.Offset })
	return ends, nil
}

func drain(ctx context.Context, adm *kadm.Client, capt *capture.Capture) error {
	ends, err := endOffsets(ctx, adm, classroom.Actions)
	if err != nil {
		return err
	}
	return capt.WaitOffsets(ctx, ends)
}

// expected turns a scenario's expected actions into the judge's, each
// naming its file line and the event it comes from.
func expected(s *scenarios.Scenario) []judge.Expected {
	out := make([]judge.Expected, len(s.Expect))
	for i, a := range s.Expect {
		src := s.Where(a.Line)
		if ev := s.SourceOf(a.Customer); ev != "" {
			src += ", from " + ev
		}
		out[i] = judge.Expected{Value: a.Value, Source: src}
	}
	return out
}

// programs are the running programs of one scenario.
type programs struct {
	cancel context.CancelFunc
	exited chan string
	wg     sync.WaitGroup

	mu   sync.Mutex
	errs map[string]error

	stopOnce sync.Once
	stopErrs map[string]error
}

func startPrograms(ctx context.Context, b broker.Broker, teams []string, prog Program) *programs {
	ctx, cancel := context.WithCancel(ctx)
	p := &programs{cancel: cancel, exited: make(chan string, len(teams)), errs: map[string]error{}}
	for _, team := range teams {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			err := prog(ctx, team, b)
			if ctx.Err() == nil {
				// Stopped on its own: that ends the scenario, and is a
				// failure even without an error.
				if err == nil {
					err = errors.New("the program stopped before the scenario was over")
				}
				p.exited <- team
			}
			if err != nil {
				p.mu.Lock()
				p.errs[team] = err
				p.mu.Unlock()
			}
		}()
	}
	return p
}

// stop cancels the programs and waits up to grace for them to return. It
// returns the errors of those that failed. Later calls return the same.
func (p *programs) stop(grace time.Duration) map[string]error {
	p.stopOnce.Do(func() {
		p.cancel()
		done := make(chan struct{})
		go func() { p.wg.Wait(); close(done) }()
		timer := time.NewTimer(grace)
		defer timer.Stop()
		select {
		case <-done:
		case <-timer.C:
			p.mu.Lock()
			p.errs["harness"] = fmt.Errorf("programs still running %v after they were told to stop", grace)
			p.mu.Unlock()
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if len(p.errs) > 0 {
			p.stopErrs = make(map[string]error, len(p.errs))
			for k, v := range p.errs {
				p.stopErrs[k] = v
			}
		}
	})
	return p.stopErrs
}

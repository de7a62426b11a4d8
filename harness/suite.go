package harness

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// Suite runs many scenarios with one program: it is the one loop over
// scenarios, whichever way they share brokers and programs (kafkacheck
// suite, kafkacheck run and harnesstest all run through it).
type Suite struct {
	// Start starts a broker in the classroom's clean state.
	Start broker.Starter
	// Program is the program under test, one instance per listed team.
	Program Program
	// Options tune each scenario.
	Options Options
	// Fresh gives every scenario a broker of its own, started with Start
	// and closed after it; scenarios may then run in parallel. Otherwise
	// one broker serves the whole suite, reset (topics recreated, team
	// groups deleted) between scenarios, one scenario at a time.
	Fresh bool
	// Parallel is how many scenarios run at once when Fresh; 0 means 1.
	Parallel int
	// Sessions runs the scenarios as kafkacheck run does, as in class: a
	// broker and one run of the programs serve scenario after scenario
	// (see Session); a program that stops ends the session, and the next
	// scenario gets a fresh broker and a fresh run. It wins over Fresh.
	Sessions bool
	// Observer is told what happens, serially.
	Observer Observer
	// Stop, if set, is asked after each result (not when Fresh) whether
	// to run no further scenario: a problem any scenario would repeat.
	// Run then returns the results so far and no error.
	Stop func(*Result) bool
}

// Observer is told what a Suite does; any field may be nil.
type Observer struct {
	// Broker is told of each broker started, before its first scenario
	// (the scenario's index in the list).
	Broker func(b broker.Broker, first int)
	// Scenario is told that scenario i of the list starts.
	Scenario func(i int, sc *scenarios.Scenario)
	// Result is told of each scenario's result.
	Result func(*Result)
}

func (o Observer) broker(b broker.Broker, first int) {
	if o.Broker != nil {
		o.Broker(b, first)
	}
}

func (o Observer) scenario(i int, sc *scenarios.Scenario) {
	if o.Scenario != nil {
		o.Scenario(i, sc)
	}
}

func (o Observer) result(r *Result) {
	if o.Result != nil {
		o.Result(r)
	}
}

// ErrCannotReset is returned, before any scenario runs, by a suite of
// several scenarios on one broker that refuses to be reset between them
// (an external cluster without AllowWrite).
var ErrCannotReset = errors.New("the broker cannot be reset between scenarios")

// resetChecker is a broker that can say up front whether Reset will work.
type resetChecker interface{ CanReset() error }

// Run runs the scenarios and returns their results in the same order. It
// stops at the first harness error (a broker that failed, say), and when
// ctx is cancelled; either way it returns the results of the scenarios
// that were over, in order, with the error.
func (s Suite) Run(ctx context.Context, list []*scenarios.Scenario) ([]*Result, error) {
	switch {
	case s.Sessions:
		return s.runSessions(ctx, list)
	case s.Fresh:
		return s.runFresh(ctx, list)
	}
	b, err := s.Start(ctx)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	if rc, ok := b.(resetChecker); ok && len(list) > 1 {
		if err := rc.CanReset(); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrCannotReset, err)
		}
	}
	s.Observer.broker(b, 0)
	results := make([]*Result, 0, len(list))
	for i, sc := range list {
		if err := ctx.Err(); err != nil {
			return results, fmt.Errorf("%d of %d scenarios ran: %w", i, len(list), err)
		}
		if i > 0 {
			if err := b.Reset(ctx); err != nil {
				return results, fmt.Errorf("before scenario %q: %w", sc.Name, err)
			}
		}
		s.Observer.scenario(i, sc)
		r, err := Run(ctx, b, sc, s.Program, s.Options)
		if err != nil {
			return results, err
		}
		results = append(results, r)
		s.Observer.result(r)
		if s.Stop != nil && s.Stop(r) {
			break
		}
	}
	return results, nil
}

func (s Suite) runFresh(ctx context.Context, list []*scenarios.Scenario) ([]*Result, error) {
	n := max(s.Parallel, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]*Result, len(list))
	errs := make([]error, len(list))
	var (
		mu sync.Mutex // serializes the observer
		wg sync.WaitGroup
	)
	sem := make(chan struct{}, n)
	// Start the biggest scenarios first, so that a large one does not run
	// alone at the end while the small ones are long done.
	order := make([]int, len(list))
	for i := range order {
		order[i] = i
	}
	cost := func(s *scenarios.Scenario) int { return (len(s.Events) + 1) * len(s.Teams) }
	sort.SliceStable(order, func(a, b int) bool { return cost(list[order[a]]) > cost(list[order[b]]) })
	for _, i := range order {
		sc := list[i]
		sem <- struct{}{}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			r, err := s.runOne(ctx, i, sc, &mu)
			if err != nil {
				errs[i] = err
				cancel()
				return
			}
			results[i] = r
			mu.Lock()
			s.Observer.result(r)
			mu.Unlock()
		}()
	}
	wg.Wait()
	done := make([]*Result, 0, len(results))
	for _, r := range results {
		if r != nil {
			done = append(done, r)
		}
	}
	for _, err := range errs {
		if err != nil {
			return done, err
		}
	}
	if len(done) < len(list) {
		// Cancelled before every scenario had started.
		return done, fmt.Errorf("%d of %d scenarios ran: %w", len(done), len(list), context.Cause(ctx))
	}
	return results, nil
}

func (s Suite) runOne(ctx context.Context, i int, sc *scenarios.Scenario, mu *sync.Mutex) (*Result, error) {
	b, err := s.Start(ctx)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	mu.Lock()
	s.Observer.broker(b, i)
	s.Observer.scenario(i, sc)
	mu.Unlock()
	return Run(ctx, b, sc, s.Program, s.Options)
}

package harness

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// Suite runs many scenarios with one program.
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
	// OnResult, if set, is called after each scenario, serially.
	OnResult func(*Result)
}

// Run runs the scenarios and returns their results in the same order. It
// stops at the first harness error (a broker that failed, say).
func (s Suite) Run(ctx context.Context, list []*scenarios.Scenario) ([]*Result, error) {
	if s.Fresh {
		return s.runFresh(ctx, list)
	}
	b, err := s.Start(ctx)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	results := make([]*Result, len(list))
	for i, sc := range list {
		if i > 0 {
			if err := b.Reset(ctx); err != nil {
				return results[:i], fmt.Errorf("before scenario %q: %w", sc.Name, err)
			}
		}
		r, err := Run(ctx, b, sc, s.Program, s.Options)
		if err != nil {
			return results[:i], err
		}
		results[i] = r
		if s.OnResult != nil {
			s.OnResult(r)
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
		mu sync.Mutex // serializes OnResult
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
			r, err := s.runOne(ctx, sc)
			if err != nil {
				errs[i] = err
				cancel()
				return
			}
			results[i] = r
			if s.OnResult != nil {
				mu.Lock()
				s.OnResult(r)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}

func (s Suite) runOne(ctx context.Context, sc *scenarios.Scenario) (*Result, error) {
	b, err := s.Start(ctx)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	return Run(ctx, b, sc, s.Program, s.Options)
}

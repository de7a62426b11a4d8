package harness

import (
	"context"
	"fmt"

	"github.com/kafkacheck/kafkacheck/scenarios"
)

// runSessions runs list in sessions (Suite.Sessions): a broker and one run
// of the programs for as long as the programs run and the scenarios name
// the same teams.
func (s Suite) runSessions(ctx context.Context, list []*scenarios.Scenario) ([]*Result, error) {
	var results []*Result
	for len(results) < len(list) {
		if err := ctx.Err(); err != nil {
			return results, fmt.Errorf("%d of %d scenarios ran: %w", len(results), len(list), err)
		}
		stop, err := s.session(ctx, list, &results)
		if err != nil || stop {
			return results, err
		}
	}
	return results, nil
}

// session runs one session from the first scenario not yet run, appending
// to results; it reports whether Stop asked to run no further scenario.
func (s Suite) session(ctx context.Context, list []*scenarios.Scenario, results *[]*Result) (stop bool, err error) {
	first := len(*results)
	b, err := s.Start(ctx)
	if err != nil {
		return false, err
	}
	defer b.Close()
	s.Observer.broker(b, first)
	sess, err := Open(ctx, b, list[first].Teams, s.Program, s.Options)
	if err != nil {
		return false, err
	}
	defer sess.Close()
	for i := first; i < len(list) && !sess.Over() && (i == first || sameSession(list[first], list[i])); i++ {
		s.Observer.scenario(i, list[i])
		run := sess.Run
		if i == len(list)-1 || !sameSession(list[first], list[i+1]) {
			run = sess.RunLast
		}
		r, err := run(ctx, list[i])
		if err != nil {
			return false, err
		}
		*results = append(*results, r)
		s.Observer.result(r)
		if s.Stop != nil && s.Stop(r) {
			return true, nil
		}
	}
	return false, nil
}

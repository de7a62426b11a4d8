package harness

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/keyed"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// judgeKeyed judges a step-5 scenario's keyed records: once the scenario
// has settled, it waits for the step-5 topic's end offsets to hold still
// for the idle window (a program may send its keyed record after its
// action, and without waiting for it), reads the topic from its start,
// and judges its compacted view (package keyed). The view covers the
// session, whose programs started with this scenario (see sameSession).
func (s *Session) judgeKeyed(ctx context.Context, sc *scenarios.Scenario, r *Result) error {
	profile, err := classroom.EditionNamed(sc.Edition())
	if err != nil {
		return err
	}
	topic := profile.Step5.Topic
	ends, err := s.stillEnds(ctx, topic)
	if err != nil {
		return fmt.Errorf("step 5 (edition %s): %w", sc.Edition(), err)
	}
	records, dropped, err := keyed.Read(ctx, s.b.AdminOpts(), topic, ends)
	if err != nil {
		return err
	}
	users, err := endOffsets(ctx, s.adm, classroom.NewUsers)
	if err != nil {
		return err
	}
	var consumed int64
	for p, end := range users {
		consumed += end - s.usersFrom[p]
	}
	r.Keyed = keyed.Judge(sc.Edition(), sc.Keyed, keyed.Compact(records), keyed.Evidence{Consumed: consumed, Dropped: dropped})
	return nil
}

// stillEnds returns topic's end offsets once two readings an idle window
// apart agree, within the deadline.
func (s *Session) stillEnds(ctx context.Context, topic string) (map[int32]int64, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Deadline)
	defer cancel()
	last, err := endOffsets(ctx, s.adm, topic)
	if err != nil {
		return nil, fmt.Errorf("the edition's step-5 topic: %w", err)
	}
	for {
		t := time.NewTimer(s.opts.Idle)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%s never held still for %v: its end offsets were still moving at %v: %w", topic, s.opts.Idle, last, ctx.Err())
		case <-t.C:
		}
		now, err := endOffsets(ctx, s.adm, topic)
		if err != nil {
			return nil, err
		}
		if maps.Equal(now, last) {
			return now, nil
		}
		last = now
	}
}

// sameSession reports whether scenario next can run in the session of
// scenario prev: a step-5 scenario's expected counts start from zero,
// so it gets programs of its own, started for it.
func sameSession(prev, next *scenarios.Scenario) bool {
	return next.Step != 5 && slices.Equal(prev.Teams, next.Teams)
}

package harness

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/settle"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// probeEvery is how often a probe user is replayed again to a partition
// whose consumers have not shown a position yet.
const probeEvery = 500 * time.Millisecond

// waitReady waits, before the session's first replay, until the programs
// can consume what it sends. In class the producer never stops, so a
// consumer that starts at the end of new_users (kafka-python's default,
// auto_offset_reset="latest", which the tutorial's main.py keeps) still
// gets every user sent after it joined; replaying before the program has
// a position would make it skip the scenario.
//
// The evidence: with a connection tap (Options.Positions), a Fetch of
// every partition of new_users by the programs' consumers; without one
// (Options.Probe), a commit of every team's group past a probe user, the
// neutral user, replayed to each partition until it shows. Without either,
// the programs are taken as ready (the reference client reads from the
// start of new_users).
func (s *Session) waitReady(ctx context.Context) (settle.Outcome, bool) {
	if s.ready || (s.opts.Positions == nil && !s.opts.Probe) {
		return settle.Outcome{}, true
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Deadline)
	defer cancel()
	tick := time.NewTicker(s.opts.Poll)
	defer tick.Stop()
	probed := map[int32]int64{} // partition → offset of its first probe
	var lastProbe time.Time
	for {
		var missing []int32
		if s.opts.Positions != nil {
			missing = s.unfetched()
		} else {
			if time.Since(lastProbe) >= probeEvery {
				if err := s.probe(ctx, probed); err != nil && ctx.Err() == nil {
					return s.notReady(fmt.Sprintf("replaying a probe user: %v", err)), false
				}
				lastProbe = time.Now()
			}
			missing = s.uncommitted(ctx, probed)
		}
		if len(missing) == 0 {
			s.ready = true
			return settle.Outcome{}, true
		}
		select {
		case team := <-s.progs.exited:
			return settle.Outcome{Condition: settle.ProgramExited, Detail: team, At: time.Now()}, false
		case <-ctx.Done():
			return s.notReady(s.readyDetail(missing)), false
		case <-tick.C:
		}
	}
}

func (s *Session) notReady(detail string) settle.Outcome {
	return settle.Outcome{Condition: settle.NotReady, Detail: detail, At: time.Now()}
}

// readyDetail says what the readiness wait saw of the partitions still
// missing when it gave up.
func (s *Session) readyDetail(missing []int32) string {
	if s.opts.Positions != nil {
		fetched := s.opts.Positions(classroom.NewUsers)
		if len(fetched) == 0 {
			return fmt.Sprintf("waited %v for the program's consumers to fetch from %s: they never did",
				s.opts.Deadline, classroom.NewUsers)
		}
		return fmt.Sprintf("waited %v for the program's consumers to fetch every partition of %s: they never fetched partition %s",
			s.opts.Deadline, classroom.NewUsers, joinInts(missing))
	}
	return fmt.Sprintf("waited %v for the groups %v to commit past the probe users (the neutral user) replayed to %s: "+
		"nothing committed on partition %s", s.opts.Deadline, s.teams, classroom.NewUsers, joinInts(missing))
}

// unfetched lists the partitions of new_users no consumer fetched yet.
func (s *Session) unfetched() []int32 {
	fetched := s.opts.Positions(classroom.NewUsers)
	var missing []int32
	for p := range s.parts {
		if _, ok := fetched[p]; !ok {
			missing = append(missing, p)
		}
	}
	return missing
}

// probe replays the neutral user to every partition not yet shown ready,
// noting the offset of the first probe of each.
func (s *Session) probe(ctx context.Context, probed map[int32]int64) error {
	value := scenarios.NeutralUser().JSON()
	for p := range s.parts {
		r, err := s.cl.ProduceSync(ctx, &kgo.Record{Topic: classroom.NewUsers, Partition: p, Value: value}).First()
		if err != nil {
			return err
		}
		if _, ok := probed[p]; !ok {
			probed[p] = r.Offset
		}
	}
	return nil
}

// uncommitted lists the partitions where some team's group has not
// committed past the first probe. A commit there shows a position: a
// consumer that read the probe, or one that started after it at the end.
func (s *Session) uncommitted(ctx context.Context, probed map[int32]int64) []int32 {
	var missing []int32
	for _, team := range s.teams {
		offs, err := s.adm.FetchOffsetsForTopics(ctx, team, classroom.NewUsers)
		for p := range s.parts {
			at, probedAt := int64(-1), probed[p]
			if o, ok := offs.Lookup(classroom.NewUsers, p); err == nil && ok && o.Err == nil {
				at = o.At
			}
			if at <= probedAt && !slices.Contains(missing, p) {
				missing = append(missing, p)
			}
		}
	}
	return missing
}

func joinInts(ps []int32) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = strconv.Itoa(int(p))
	}
	return strings.Join(parts, ", ")
}

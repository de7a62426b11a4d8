package scenarios

import (
	"errors"
	"slices"

	"fmt"
	"github.com/kafkacheck/kafkacheck/classroom"

	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// Tier says whether a scenario stays within what the classroom sends.
type Tier string

const (
	// TierClassroom: every event is a user the tutorial's producer could
	// send (producer.Sendable). On that domain the docs' wording of the
	// 15 rules and the simulator's rules agree, so a program that works in
	// class must pass.
	TierClassroom Tier = "classroom"
	// TierEdge: at least one event is something the classroom never sends
	// (a malformed value, a wrong type, a word outside the vocabulary, a
	// case or unicode variant), where the docs and the simulator can
	// disagree. A failure is advice.
	TierEdge Tier = "edge"
)

// classify sets s.Tier and s.TierReason from s's events: any event the
// producer could not have sent makes the scenario edge tier. The reason
// names the event that tells most: for team, one whose edge value is in a
// field the team's rule reads; else a value that is not a user at all,
// then a wrong type or value in a field a rule reads, then a format the
// producer does not write (an email it would not make, say).
func (s *Scenario) classify(team string) {
	s.Tier, s.TierReason = TierClassroom, ""
	best := 0
	var reads []string
	if r, ok := classroom.RuleOf(team); ok {
		reads = r.Reads
	}
	for i, e := range s.Events {
		err := producer.Sendable(e.Value)
		if err == nil {
			continue
		}
		s.Tier = TierEdge
		if rank := tellingness(err, reads); rank > best {
			best = rank
			s.TierReason = fmt.Sprintf("event %d (%s): %v", i+1, s.Where(e.Line), err)
		}
	}
}

// tellingness ranks why an event is edge tier, higher telling more.
func tellingness(err error, reads []string) int {
	var u *producer.UnsendableError
	if !errors.As(err, &u) {
		return 1
	}
	switch {
	case slices.Contains(reads, u.Field):
		return 5
	case u.Field == "":
		return 4
	case u.Field == "email" || u.Field == "user_name" || u.Field == "company_name" || u.Field == "company_slogan":
		return 2
	}
	return 3
}

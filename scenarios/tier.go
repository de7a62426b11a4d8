package scenarios

import (
	"fmt"

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

// classify sets s.Tier and s.TierReason from s's events: the first event
// the producer could not have sent makes the scenario edge tier.
func (s *Scenario) classify() {
	s.Tier, s.TierReason = TierClassroom, ""
	for i, e := range s.Events {
		if err := producer.Sendable(e.Value); err != nil {
			s.Tier = TierEdge
			s.TierReason = fmt.Sprintf("event %d (%s): %v", i+1, s.Where(e.Line), err)
			return
		}
	}
}

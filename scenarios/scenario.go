package scenarios

import "fmt"

// Scenario is one scenario file, checked and ready to replay.
type Scenario struct {
	Name        string
	Description string
	// Teams are the programs under test, one per team.
	Teams []string
	// Events are replayed to new_users in this order.
	Events []Event
	// Expect are the actions expected on actions, across all teams.
	Expect []Action
	// Editions are the editions whose classroom the scenario runs on
	// (classroom.Edition349, classroom.Edition2026); none means every one.
	Editions []string
	// Step is the tutorial step the scenario checks: 3 (actions; the
	// default) or 5 (keyed records too, in Keyed).
	Step int
	// Keyed are the records of a step-5 scenario expected in the
	// compacted view of its edition's step-5 topic, across all teams.
	Keyed []Keyed
	// File is the path the scenario was read from, for messages.
	File string
	// Tier is computed from Events when the scenario is parsed:
	// TierClassroom when every event is a user the tutorial's producer
	// could send (a scenario without events included), else TierEdge.
	Tier Tier
	// TierReason says, for TierEdge, which event is not one the producer
	// could send and why: `event 3 (file:line): industry "Vet" is not in
	// the producer's industry list`. It is "" for TierClassroom.
	TierReason string
}

// Event is one record value replayed to new_users.
type Event struct {
	// Value is the record value, byte for byte.
	Value []byte
	// Line is the event's line in File.
	Line int
	// Email is the user's email: of a user event, or of a raw one that is
	// a JSON object with a string email ("" otherwise); it ties actions
	// back to the event they come from.
	Email string
	// Raw is set for a raw event.
	Raw bool
}

// Action is one expected action message.
type Action struct {
	// Value is the action as a JSON object, as written in the file.
	Value []byte
	// Line is the action's line in File.
	Line int
	// Team and Customer are the action's fields of those names, "" when
	// absent or not a string.
	Team, Customer string
}

// Where returns "file:line", for messages.
func (s *Scenario) Where(line int) string { return fmt.Sprintf("%s:%d", s.File, line) }

// SourceOf describes the event that an action about customer comes from:
// `event 3 (line 14)`, or "" when no user event has that email.
func (s *Scenario) SourceOf(customer string) string {
	if customer == "" {
		return ""
	}
	for i, e := range s.Events {
		if e.Email == customer {
			return fmt.Sprintf("event %d (%s)", i+1, s.Where(e.Line))
		}
	}
	return ""
}

// ForTeam returns s narrowed to one of its teams: the other teams'
// programs do not run and their expected actions are dropped. It reports
// false if team is not one of s.Teams.
func (s *Scenario) ForTeam(team string) (*Scenario, bool) {
	found := false
	for _, t := range s.Teams {
		found = found || t == team
	}
	if !found {
		return nil, false
	}
	n := *s
	n.Teams = []string{team}
	n.classify(team)
	n.Expect = nil
	for _, a := range s.Expect {
		if a.Team == team {
			n.Expect = append(n.Expect, a)
		}
	}
	n.Keyed = nil
	for _, k := range s.Keyed {
		if k.Team == team {
			n.Keyed = append(n.Keyed, k)
		}
	}
	return &n, true
}

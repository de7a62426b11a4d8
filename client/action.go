package client

import "encoding/json"

// Action is the message a team produces to actions for a matching user.
type Action struct {
	Customer string `json:"customer"`
	Type     string `json:"type"`
	Reason   string `json:"reason"`
	Team     string `json:"team"`
}

// Act returns the action a team's rule asks for u, and whether u matches.
func (r Rule) Act(team string, u User) (Action, bool) {
	if !r.Match(u) {
		return Action{}, false
	}
	return Action{Customer: u.Email, Type: r.Type, Reason: r.Reason, Team: team}, true
}

// Encode returns the action as a JSON object.
func (a Action) Encode() []byte {
	b, _ := json.Marshal(a) // four strings cannot fail to encode
	return b
}

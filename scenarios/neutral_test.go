package scenarios

import (
	"testing"

	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/harness/classroom"
)

// TestNeutralUserMatchesNoTeam proves the documented neutral user is a
// valid user that no team's rule selects, so partial users only match
// through the fields a scenario sets.
func TestNeutralUserMatchesNoTeam(t *testing.T) {
	u, err := client.ParseUser(NeutralUser().JSON())
	if err != nil {
		t.Fatalf("the neutral user is not a valid user: %v", err)
	}
	for _, team := range classroom.TeamNames() {
		rule, err := client.RuleFor(team)
		if err != nil {
			t.Fatal(err)
		}
		if rule.Match(u) {
			t.Errorf("the neutral user matches %s's rule", team)
		}
	}
}

// TestNeutralUserDetectsAMatch keeps the test above honest: one changed
// field does make a team match.
func TestNeutralUserDetectsAMatch(t *testing.T) {
	n := NeutralUser()
	n.Pack = "free"
	u, err := client.ParseUser(n.JSON())
	if err != nil {
		t.Fatal(err)
	}
	rule, _ := client.RuleFor("team-15")
	if !rule.Match(u) {
		t.Error("a free-pack user does not match team-15")
	}
}

package scenarios

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/classroom"
)

func TestTier(t *testing.T) {
	tests := []struct {
		name, events string
		tier         Tier
		reason       string
	}{
		{"no events", "events: []\n", TierClassroom, ""},
		{"events omitted", "", TierClassroom, ""},
		{"the neutral user", "events:\n  - user: {}\n  - user:\n", TierClassroom, ""},
		{"vocabulary values", "events:\n  - user: {email: ana@hotmail.com, industry: Veterinary, credit: -20, time_zone: Asia/Tokyo, pack: free}\n", TierClassroom, ""},
		{"a producer user as raw", "events:\n  - raw: '" + string(NeutralUser().JSON()) + "'\n", TierClassroom, ""},
		{"a word outside the vocabulary", "events:\n  - user: {}\n  - user: {industry: Reinsurance}\n  - user: {industry: Vet}\n",
			TierEdge, `event 2 (t.yaml:7): industry "Reinsurance" is not in the producer's industry list`},
		{"an email the producer would not make", "events:\n  - user: {email: vip@gmail.com}\n",
			TierEdge, `event 1 (t.yaml:6): email "vip@gmail.com" is not one the producer makes: "vip" is not a first name of the vocabulary`},
		{"credit out of range", "events:\n  - user: {credit: 25}\n",
			TierEdge, `event 1 (t.yaml:6): credit 25 is outside the producer's range [-20, 20)`},
		{"a malformed raw value", "events:\n  - user: {}\n  - raw: \"not json {\"\n",
			TierEdge, `event 2 (t.yaml:7): not valid JSON: invalid character 'o' in literal null (expecting 'u') (at byte 2)`},
		{"an empty raw value", "events:\n  - raw: \"\"\n",
			TierEdge, `event 1 (t.yaml:6): not a JSON object: the value is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("t.yaml", []byte("name: t\nteams: [team-1]\nexpect:\n  actions: []\n"+tt.events))
			if err != nil {
				t.Fatal(err)
			}
			if s.Tier != tt.tier || s.TierReason != tt.reason {
				t.Errorf("tier, reason = %q, %q\nwant %q, %q", s.Tier, s.TierReason, tt.tier, tt.reason)
			}
			if n, _ := s.ForTeam("team-1"); n.Tier != s.Tier || n.TierReason != s.TierReason {
				t.Errorf("ForTeam changed the tier: %q, %q", n.Tier, n.TierReason)
			}
		})
	}
}

// TestBuiltinTiers checks the tiers of the built-in suite against its file
// names: a team's file ending in -edge.yaml is edge tier, its other files
// are classroom tier, and the generated producer corpus is classroom tier.
func TestBuiltinTiers(t *testing.T) {
	suite, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	corpus := false
	for _, s := range suite {
		base := strings.TrimPrefix(s.File, "scenarios/builtin/")
		switch {
		case strings.HasSuffix(base, "-edge.yaml"):
			if s.Tier != TierEdge {
				t.Errorf("%s is named -edge but is %s tier", s.File, s.Tier)
			}
		case strings.HasPrefix(base, "team-"), base == "producer-corpus.yaml":
			if s.Tier != TierClassroom {
				t.Errorf("%s must be classroom tier: %s", s.File, s.TierReason)
			}
		}
		if (s.Tier == TierEdge) == (s.TierReason == "") {
			t.Errorf("%s: tier %q with reason %q", s.File, s.Tier, s.TierReason)
		}
		corpus = corpus || base == "producer-corpus.yaml"
	}
	if !corpus {
		t.Error("no producer-corpus.yaml in the built-in suite")
	}
}

// TestEveryTeamHasClassroomScenarios lists, per team, the built-in
// classroom-tier scenarios naming it, and fails for a team with fewer than
// two, or whose classroom-tier scenarios could not catch a wrong rule: a
// rule that never matches passes unless some scenario expects an action
// from the team, and a rule that always matches passes unless some user
// event expects none from it. The generated producer corpus counts as a
// scenario but not as a catch: hand-written scenarios must catch alone.
func TestEveryTeamHasClassroomScenarios(t *testing.T) {
	suite, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	fmt.Fprintf(&table, "%-8s %9s %4s %7s %9s\n", "team", "classroom", "edge", "actions", "no-action")
	for _, team := range classroom.TeamNames() {
		var names []string
		edge, actions, misses := 0, 0, 0
		for _, s := range suite {
			if !slices.Contains(s.Teams, team) {
				continue
			}
			if s.Tier != TierClassroom {
				edge++
				continue
			}
			names = append(names, s.Name)
			if s.File == "scenarios/builtin/producer-corpus.yaml" {
				continue
			}
			expected := map[string]bool{}
			for _, a := range s.Expect {
				if a.Team == team {
					actions++
					expected[a.Customer] = true
				}
			}
			for _, e := range s.Events {
				if !e.Raw && !expected[e.Email] {
					misses++
				}
			}
		}
		sort.Strings(names)
		fmt.Fprintf(&table, "%-8s %9d %4d %7d %9d  %s\n", team, len(names), edge, actions, misses, strings.Join(names, "; "))
		if len(names) < 2 {
			t.Errorf("%s has %d classroom-tier scenarios, want 2 or more: %q", team, len(names), names)
		}
		if actions == 0 {
			t.Errorf("%s: its classroom-tier scenarios expect no action from it, so a rule that never matches would pass", team)
		}
		if misses == 0 {
			t.Errorf("%s: its classroom-tier scenarios have no user it must not act on, so a rule that always matches would pass", team)
		}
	}
	t.Logf("built-in scenarios per team (actions and no-action users: classroom tier, hand-written):\n%s", table.String())
}

// BenchmarkClassifyBuiltin measures the part of BenchmarkParseBuiltin that
// computes the tiers: producer.Sendable on every event of the suite.
func BenchmarkClassifyBuiltin(b *testing.B) {
	suite, err := loadFS(builtin, "builtin", "scenarios/builtin/")
	if err != nil {
		b.Fatal(err)
	}
	events := 0
	for _, s := range suite {
		events += len(s.Events)
	}
	for b.Loop() {
		for _, s := range suite {
			s.classify("")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(events), "ns/event")
}

// TestTierReasonForTeam: for a team, the reason names the edge value in a
// field its rule reads, the one that explains a failure of its program.
func TestTierReasonForTeam(t *testing.T) {
	s, err := Parse("mixed.yaml", []byte(`name: mixed
teams: [team-1, team-5]
events:
  - user: {email: a@hotmail.com}
  - user: {industry: Vet}
expect:
  actions:
    - {customer: a@hotmail.com, type: CONTACT_CUSTOMER, reason: LEGACY_EMAIL_PROVIDER, team: team-1}
`))
	if err != nil {
		t.Fatal(err)
	}
	for team, want := range map[string]string{"team-5": `industry "Vet"`, "team-1": `email "a@hotmail.com"`} {
		n, _ := s.ForTeam(team)
		if n.Tier != TierEdge || !strings.Contains(n.TierReason, want) {
			t.Errorf("%s: tier %s, reason %q; want it to name %s", team, n.Tier, n.TierReason, want)
		}
	}
}

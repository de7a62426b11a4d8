package harnesstest_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/harnesstest"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// TestTeamScenariosSelectsExactlyTheTeams: for every team, the scenarios
// RunTeam runs are the built-in ones that list the team, in order, each
// narrowed to that team alone with only its expected actions, and the two
// tiers split them between them.
func TestTeamScenariosSelectsExactlyTheTeams(t *testing.T) {
	all, err := scenarios.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, team := range classroom.TeamNames() {
		var want []string
		wantActions := 0
		for _, sc := range all {
			if slices.Contains(sc.Teams, team) {
				want = append(want, sc.Name)
				for _, a := range sc.Expect {
					if a.Team == team {
						wantActions++
					}
				}
			}
		}
		list, err := harnesstest.TeamScenarios(team, harnesstest.TeamOptions{})
		if err != nil {
			t.Fatalf("%s: %v", team, err)
		}
		var got []string
		gotActions := 0
		for _, sc := range list {
			got = append(got, sc.Name)
			if !slices.Equal(sc.Teams, []string{team}) {
				t.Errorf("%s: scenario %q runs the programs of %v", team, sc.Name, sc.Teams)
			}
			for _, a := range sc.Expect {
				if a.Team != team {
					t.Errorf("%s: scenario %q expects an action of %s", team, sc.Name, a.Team)
				}
				gotActions++
			}
		}
		if !slices.Equal(got, want) || gotActions != wantActions {
			t.Errorf("%s: scenarios %q with %d actions; want %q with %d", team, got, gotActions, want, wantActions)
		}
		tiers := map[scenarios.Tier][]string{}
		for _, tier := range []scenarios.Tier{scenarios.TierClassroom, scenarios.TierEdge} {
			l, err := harnesstest.TeamScenarios(team, harnesstest.TeamOptions{Tier: tier})
			if err != nil && err.Error() != "harnesstest: no built-in "+string(tier)+"-tier scenario lists "+team {
				t.Fatalf("%s, tier %s: %v", team, tier, err)
			}
			for _, sc := range l {
				if sc.Tier != tier {
					t.Errorf("%s, tier %s: scenario %q is of tier %s", team, tier, sc.Name, sc.Tier)
				}
				tiers[tier] = append(tiers[tier], sc.Name)
			}
		}
		if n := len(tiers[scenarios.TierClassroom]) + len(tiers[scenarios.TierEdge]); n != len(want) || len(tiers[scenarios.TierClassroom]) == 0 {
			t.Errorf("%s: tiers %v; want the %d scenarios split, some in classroom", team, tiers, len(want))
		}
	}
}

// TestTeamScenariosRefusesWhatWouldRunNothing: a misspelt team, an
// unknown tier, or a list without the team is an error, not an empty run
// that passes.
func TestTeamScenariosRefusesWhatWouldRunNothing(t *testing.T) {
	team1Only := tiny(t)
	for _, c := range []struct {
		team string
		opts harnesstest.TeamOptions
		want string
	}{
		{"Team-5", harnesstest.TeamOptions{}, `unknown team "Team-5": want team-1 … team-15`},
		{"team-16", harnesstest.TeamOptions{}, `unknown team "team-16"`},
		{"", harnesstest.TeamOptions{}, `unknown team ""`},
		{"team-5", harnesstest.TeamOptions{Tier: "classrom"}, `unknown tier "classrom"`},
		{"team-5", harnesstest.TeamOptions{Scenarios: team1Only}, "no scenario of the 2 given lists team-5"},
		{"team-5", harnesstest.TeamOptions{Scenarios: []*scenarios.Scenario{}}, "no scenario of the 0 given lists team-5"},
		{"team-1", harnesstest.TeamOptions{Scenarios: team1Only[1:], Tier: scenarios.TierEdge}, "no edge-tier scenario of the 1 given lists team-1"},
	} {
		list, err := harnesstest.TeamScenarios(c.team, c.opts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("TeamScenarios(%q, %+v) = %d scenarios, %v; want an error with %q", c.team, c.opts.Tier, len(list), err, c.want)
		}
		if _, err := harnesstest.TeamResults(t.Context(), c.team, hotmail, c.opts); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("TeamResults(%q) = %v; want an error with %q", c.team, err, c.want)
		}
	}
	if _, err := harnesstest.TeamResults(t.Context(), "team-1", nil, harnesstest.TeamOptions{Scenarios: team1Only}); err == nil {
		t.Error("TeamResults with a nil program: no error")
	}
}

// recording wraps a program and records the team of each instance.
type recording struct {
	mu    sync.Mutex
	teams []string
}

func (r *recording) program(p harness.Program) harness.Program {
	return func(ctx context.Context, team string, b broker.Broker) error {
		r.mu.Lock()
		r.teams = append(r.teams, team)
		r.mu.Unlock()
		return p(ctx, team, b)
	}
}

// TestRunTeamRunsOnlyThatTeam runs a correct team-5 program (the
// example's) with RunTeam: every subtest passes, one instance ran per
// scenario on fresh brokers, and no other team's program ran, although
// several of team-5's scenarios list other teams too.
func TestRunTeamRunsOnlyThatTeam(t *testing.T) {
	list, err := harnesstest.TeamScenarios("team-5", harnesstest.TeamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var rec recording
	harnesstest.RunTeam(t, "team-5", rec.program(team5), harnesstest.TeamOptions{})
	if len(rec.teams) != len(list) || slices.ContainsFunc(rec.teams, func(team string) bool { return team != "team-5" }) {
		t.Errorf("programs started for %q; want team-5 once for each of %d scenarios", rec.teams, len(list))
	}
}

// TestRunTeamSharesAStartedBroker: with Start set, one broker serves every
// scenario, reset between them, as a real Kafka in a container would.
func TestRunTeamSharesAStartedBroker(t *testing.T) {
	var starts atomic.Int32
	start := func(ctx context.Context) (broker.Broker, error) {
		starts.Add(1)
		return embedded.Start(ctx, embedded.Config{})
	}
	var rec recording
	opts := harnesstest.TeamOptions{Start: start, Tier: scenarios.TierClassroom}
	harnesstest.RunTeam(t, "team-5", rec.program(team5), opts)
	list, _ := harnesstest.TeamScenarios("team-5", opts)
	if starts.Load() != 1 || len(rec.teams) != len(list) {
		t.Errorf("%d brokers started, %d programs for %d scenarios; want 1 broker and a program per scenario", starts.Load(), len(rec.teams), len(list))
	}
}

// TestTeamResultsFailAWrongProgram: a team-5 program that commits every
// user and never writes an action passes the scenarios that expect no
// action of team-5 and fails, through Check, every one that expects some,
// naming the missing action.
func TestTeamResultsFailAWrongProgram(t *testing.T) {
	silent := func(ctx context.Context, team string, b broker.Broker) error {
		cl, err := kgo.NewClient(append(broker.ClientOpts(b, team, classroom.TeamPassword(team)),
			kgo.ConsumerGroup(team), kgo.ConsumeTopics(classroom.NewUsers),
			kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.DisableAutoCommit())...)
		if err != nil {
			return err
		}
		defer cl.Close()
		for {
			fetches := cl.PollFetches(ctx)
			if ctx.Err() != nil {
				return nil
			}
			if err := cl.CommitRecords(ctx, fetches.Records()...); err != nil {
				return err
			}
		}
	}
	results, err := harnesstest.TeamResults(t.Context(), "team-5", silent, harnesstest.TeamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	failed, passed := 0, 0
	for _, r := range results {
		rec := &recorder{TB: t}
		harnesstest.Check(rec, r)
		switch {
		case len(r.Scenario.Expect) == 0 && len(rec.errors) != 0:
			t.Errorf("%s expects nothing of team-5, but Check failed it: %q", r.Scenario.Name, rec.errors)
		case len(r.Scenario.Expect) == 0:
			passed++
		case len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "missing") || !strings.Contains(rec.errors[0], `"team":"team-5"`):
			t.Errorf("%s expects %d actions of team-5; Check reported %q, want one failure naming a missing action", r.Scenario.Name, len(r.Scenario.Expect), rec.errors)
		default:
			failed++
		}
	}
	if failed == 0 || passed == 0 {
		t.Errorf("%d scenarios failed, %d passed; want some of each", failed, passed)
	}
}

// TestRunTeamOnThe2026Edition: TeamOptions.Edition sets up the 2026-01
// classroom: the program is given SCRAM-SHA-256 and 5 partitions of
// new_users, and team-5's scenarios pass; an unknown edition runs nothing.
func TestRunTeamOnThe2026Edition(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]bool{}
	program := func(ctx context.Context, team string, b broker.Broker) error {
		adm, err := b.Admin()
		if err != nil {
			return err
		}
		td, err := adm.ListTopics(ctx, classroom.NewUsers)
		adm.Close()
		if err != nil {
			return err
		}
		mu.Lock()
		seen[fmt.Sprintf("%s, %d partitions", b.Listener().Mechanism, len(td[classroom.NewUsers].Partitions))] = true
		mu.Unlock()
		return team5(ctx, team, b)
	}
	harnesstest.RunTeam(t, "team-5", program, harnesstest.TeamOptions{Edition: classroom.Edition2026, Tier: scenarios.TierClassroom})
	if want := map[string]bool{"SCRAM-SHA-256, 5 partitions": true}; !maps.Equal(seen, want) {
		t.Errorf("programs saw %v; want only %v", seen, want)
	}
	if _, err := harnesstest.TeamResults(t.Context(), "team-5", team5, harnesstest.TeamOptions{Edition: "2025"}); err == nil || !strings.Contains(err.Error(), `unknown edition "2025"`) {
		t.Errorf("TeamResults with edition 2025 = %v; want an unknown-edition error", err)
	}
}

package harness_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/keyed"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// referenceStep5 is the reference client with step 5 set to mode.
func referenceStep5(mode client.Step5) harness.Program {
	return func(ctx context.Context, team string, b broker.Broker) error {
		l := b.Listener()
		return client.Run(ctx, client.Config{
			Bootstrap: b.Bootstrap(), SecurityProtocol: l.SecurityProtocol, Mechanism: l.Mechanism, Team: team, Step5: mode,
		})
	}
}

// TestStep5ReferenceOnKfake: the reference client with each edition's
// step 5 passes the edition's built-in step-5 scenarios, each judged on
// its compacted view; without step 5 it fails them, its actions right,
// nothing on the step-5 topic.
func TestStep5ReferenceOnKfake(t *testing.T) {
	for _, tt := range []struct {
		edition string
		mode    client.Step5
	}{{classroom.Edition349, client.Watchlist}, {classroom.Edition2026, client.TeamStats}} {
		t.Run(tt.edition, func(t *testing.T) {
			all, err := scenarios.BuiltinFor(tt.edition)
			if err != nil {
				t.Fatal(err)
			}
			list := slices.DeleteFunc(all, func(s *scenarios.Scenario) bool { return s.Step != 5 })
			profile, _ := classroom.EditionNamed(tt.edition)
			start := embedded.Config{Profile: profile}.Starter()
			for _, mode := range []client.Step5{tt.mode, ""} {
				results, err := harness.Suite{Start: start, Fresh: true, Program: referenceStep5(mode)}.Run(t.Context(), list)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range results {
					if r.Keyed == nil || !r.Diff.Passed() {
						t.Fatalf("step 5 %q, %s: keyed %v, actions passed %v", mode, r.Scenario.Name, r.Keyed, r.Diff.Passed())
					}
					if mode != "" && !r.Passed() {
						t.Errorf("step 5 %q, %s: problems %+v", mode, r.Scenario.Name, r.Keyed.Problems)
					}
					if mode == "" && (r.Passed() || r.Keyed.Problems[0].Code != keyed.Nothing) {
						t.Errorf("no step 5, %s: passed %v, problems %+v; want keyed_nothing", r.Scenario.Name, r.Passed(), r.Keyed.Problems)
					}
				}
			}
		})
	}
}

// TestStep5StartsItsOwnSession: in sessions, a step-5 scenario gets
// programs started for it (its counts start from zero), even after a
// scenario of the same teams.
func TestStep5StartsItsOwnSession(t *testing.T) {
	all, err := scenarios.BuiltinFor(classroom.Edition349)
	if err != nil {
		t.Fatal(err)
	}
	var list []*scenarios.Scenario
	for _, s := range all {
		if n, ok := s.ForTeam("team-5"); ok && (n.Step == 5 || n.Name == "team-5 healthcare industries") {
			list = append(list, n)
		}
	}
	// step 3 first, then step 5, then step 3 again.
	slices.SortStableFunc(list, func(a, b *scenarios.Scenario) int { return a.Step - b.Step })
	list = append(list, list[0])
	var firsts []int
	s := harness.Suite{Start: startKfake, Sessions: true, Program: referenceStep5(client.Watchlist),
		Observer: harness.Observer{Broker: func(_ broker.Broker, first int) { firsts = append(firsts, first) }}}
	results, err := s.Run(t.Context(), list)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(firsts, []int{0, 1}) {
		t.Errorf("sessions started at scenarios %v, want [0 1]: the step-5 scenario starts one, the next shares it", firsts)
	}
	for _, r := range results {
		if !r.Passed() {
			t.Errorf("%s failed: %+v", r.Scenario.Name, r.Keyed)
		}
	}
}

// TestStep5NotFirstInSession: a session refuses a step-5 scenario after
// another one, whose users the programs have already counted.
func TestStep5NotFirstInSession(t *testing.T) {
	all, err := scenarios.BuiltinFor(classroom.Edition349)
	if err != nil {
		t.Fatal(err)
	}
	var step3, step5 *scenarios.Scenario
	for _, s := range all {
		if n, ok := s.ForTeam("team-5"); ok && n.Step == 5 {
			step5 = n
		} else if ok && n.Name == "team-5 healthcare industries" {
			step3 = n
		}
	}
	b, err := startKfake(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	sess, err := harness.Open(t.Context(), b, []string{"team-5"}, referenceStep5(client.Watchlist), harness.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if _, err := sess.Run(t.Context(), step3); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.RunLast(t.Context(), step5); err == nil || !strings.Contains(err.Error(), "a step-5 scenario runs first in its session") {
		t.Errorf("error %v", err)
	}
}

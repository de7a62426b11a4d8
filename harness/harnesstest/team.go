package harnesstest

import (
	"context"
	"fmt"
	"testing"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// TeamOptions tune RunTeam. The zero value runs the team's built-in
// scenarios, both tiers, each on a fresh embedded broker (kfake), four at
// a time.
type TeamOptions struct {
	// Start starts the brokers. Nil means a fresh embedded broker (kfake,
	// set up like the classroom) for every scenario. Set, one broker from
	// Start serves every scenario, reset between them (topics recreated,
	// team groups deleted), one scenario at a time, since a real broker
	// takes seconds to start: container.Config{}.Starter() runs the same
	// test on Apache Kafka in a container.
	Start broker.Starter
	// Fresh gives every scenario a broker of its own from Start, too.
	Fresh bool
	// Edition is the tutorial's edition the default embedded broker sets
	// up: classroom.Edition349 (the default, "") or classroom.Edition2026
	// (SCRAM-SHA-256, 5 partitions, team_stats). With Start set, the
	// edition is Start's: embedded.Config.Profile, container.Config.Profile.
	Edition string
	// Parallel is how many scenarios run at once on fresh brokers; 0
	// means 4.
	Parallel int
	// Options tune each scenario; zero fields take harness.DefaultOptions
	// for the broker's backend.
	Options harness.Options
	// Scenarios, if not nil, replace the built-in suite. Either way only
	// the scenarios that list the team run, narrowed to it.
	Scenarios []*scenarios.Scenario
	// Tier, if set, keeps the scenarios of that tier only, as computed
	// for the team: scenarios.TierClassroom for what the classroom can
	// send, scenarios.TierEdge for the rest.
	Tier scenarios.Tier
	// Step5 adds the edition's built-in step-5 scenarios (see
	// scenarios.BuiltinFor), each judged on the compacted view of the
	// edition's step-5 topic: the program must then send the edition's
	// keyed records too (349bd19: watchlist; 2026-01: team_stats).
	// Either way, scenarios of another edition than Edition's are left
	// out, those of opts.Scenarios included.
	Step5 bool
}

// RunTeam checks one team's program: it runs the scenarios that list team
// (the built-in suite's unless opts.Scenarios), each narrowed to team with
// Scenario.ForTeam, so that no other team's program runs and only team's
// expected actions count, then reports each as a subtest of t named after
// the scenario (see Run). program runs in process, one instance per
// scenario, given team and the broker; it logs in as team, whose password
// is classroom.TeamPassword(team).
//
// An unknown team, a team no scenario lists, or an unknown tier fails t
// before anything runs: a test cannot pass by running nothing.
//
// Your program should commit its offsets as soon as its actions are
// acknowledged (franz-go: kgo.DisableAutoCommit, then CommitRecords after
// ProduceSync): a scenario is over once the team's group has committed
// every event, and franz-go's auto-commit comes only every 5 s.
func RunTeam(t *testing.T, team string, program harness.Program, opts TeamOptions) {
	t.Helper()
	list, err := TeamScenarios(team, opts)
	if err != nil {
		t.Fatal(err)
	}
	if program == nil {
		t.Fatalf("harnesstest.RunTeam(%q): program is nil", team)
	}
	s, err := opts.suite(program)
	if err != nil {
		t.Fatalf("harnesstest.RunTeam(%q): %v", team, err)
	}
	Run(t, s, list)
}

// TeamResults runs what RunTeam runs and returns the results, in the
// order of TeamScenarios, for a caller that is not a test (an example, a
// tool); harnesstest.Check turns one into a test failure.
func TeamResults(ctx context.Context, team string, program harness.Program, opts TeamOptions) ([]*harness.Result, error) {
	list, err := TeamScenarios(team, opts)
	if err != nil {
		return nil, err
	}
	if program == nil {
		return nil, fmt.Errorf("harnesstest.TeamResults(%q): program is nil", team)
	}
	s, err := opts.suite(program)
	if err != nil {
		return nil, fmt.Errorf("harnesstest.TeamResults(%q): %w", team, err)
	}
	return s.Run(ctx, list)
}

// TeamScenarios returns the scenarios RunTeam runs for team: those of
// opts.Scenarios (else scenarios.Builtin(), with opts.Step5 the edition's
// scenarios.BuiltinFor) that list team and run on opts.Edition, each
// narrowed to it with Scenario.ForTeam, of opts.Tier if set, in the
// list's order.
func TeamScenarios(team string, opts TeamOptions) ([]*scenarios.Scenario, error) {
	if !classroom.IsTeam(team) {
		return nil, fmt.Errorf("harnesstest: unknown team %q: want team-1 … team-%d", team, classroom.Teams)
	}
	switch opts.Tier {
	case "", scenarios.TierClassroom, scenarios.TierEdge:
	default:
		return nil, fmt.Errorf("harnesstest: unknown tier %q: want %q, %q or none", opts.Tier, scenarios.TierClassroom, scenarios.TierEdge)
	}
	p, err := opts.profile()
	if err != nil {
		return nil, err
	}
	all := opts.Scenarios
	if all == nil {
		if opts.Step5 {
			all, err = scenarios.BuiltinFor(p.Edition)
		} else {
			all, err = scenarios.Builtin()
		}
		if err != nil {
			return nil, err
		}
	}
	var list []*scenarios.Scenario
	for _, sc := range all {
		n, ok := sc.ForTeam(team)
		edition := sc.AppliesTo(p.Edition)
		if ok && edition && (opts.Tier == "" || n.Tier == opts.Tier) {
			list = append(list, n)
		}
	}
	if len(list) == 0 {
		tier := ""
		if opts.Tier != "" {
			tier = string(opts.Tier) + "-tier "
		}
		if opts.Scenarios == nil {
			return nil, fmt.Errorf("harnesstest: no built-in %sscenario lists %s", tier, team)
		}
		return nil, fmt.Errorf("harnesstest: no %sscenario of the %d given lists %s", tier, len(opts.Scenarios), team)
	}
	return list, nil
}

// suite is the harness.Suite that RunTeam runs.
func (o TeamOptions) suite(program harness.Program) (harness.Suite, error) {
	s := harness.Suite{Start: o.Start, Program: program, Options: o.Options, Fresh: o.Fresh, Parallel: o.Parallel}
	if s.Start == nil {
		p, err := o.profile()
		if err != nil {
			return harness.Suite{}, err
		}
		s.Start, s.Fresh = embedded.Config{Profile: p}.Starter(), true
	}
	if s.Parallel == 0 {
		s.Parallel = 4
	}
	return s, nil
}

// profile is the classroom of o.Edition: the default when empty.
func (o TeamOptions) profile() (classroom.Profile, error) {
	p, err := classroom.EditionNamed(o.Edition)
	if err != nil {
		return p, fmt.Errorf("harnesstest: %w", err)
	}
	return p, nil
}

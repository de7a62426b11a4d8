package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/report"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// suiteCmd runs scenarios against the reference client.
func suiteCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("suite", flag.ContinueOnError)
	path := fs.String("scenarios", "", "read the scenario file, or every *.yaml file of the directory, at `path` (default: the built-in suite)")
	var picks scenarioNames
	fs.Var(&picks, "scenario", scenarioUsage)
	team := fs.String("team", "", "run only the scenarios that list `team-N`, narrowed to that team")
	format := fs.String("format", "text", "print the report as `text|json|junit`: text for people, json (one object) for programs, junit (JUnit XML) for CI")
	junitFile := fs.String("junit", "", "also write the report as JUnit XML to `FILE`, for CI")
	backendFlags := registerBackendFlags(fs)
	parallel := fs.Int("parallel", 4, "run up to `n` scenarios at once on kfake")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("suite: unexpected argument %q", fs.Arg(0))
	}
	if *format != "text" && *format != "json" && *format != "junit" {
		return usageError("suite: --format %q: want text, json or junit", *format)
	}
	if *parallel < 1 {
		return usageError("suite: --parallel %d: want 1 or more", *parallel)
	}
	be, err := backendFlags.backend()
	if err != nil {
		return err
	}
	// The edition's scenarios only: its step-5 scenarios check its
	// step-5 topic.
	list, err := loadScenarios(ctx, *path, picks, *team, be.profile.Edition)
	if err != nil {
		return err
	}

	progress := progressFunc(stderr, len(list))
	s := harness.Suite{
		Start: be.start, Fresh: be.fresh, Parallel: *parallel,
		Program:  referenceFor(be.profile),
		Observer: harness.Observer{Result: func(*harness.Result) { progress() }},
	}
	start := time.Now()
	results, err := s.Run(ctx, list)
	switch {
	case errors.Is(err, harness.ErrCannotReset):
		return &exitError{code: 2, err: fmt.Errorf("suite on %s: %w", be.name, err), kind: errCannotReset}
	case err != nil && ctx.Err() != nil:
		return &exitError{code: 1, err: fmt.Errorf("suite: interrupted: %w", err)}
	case err != nil:
		return fmt.Errorf("suite on %s: %w", be.name, err)
	}
	wall := time.Since(start)
	junit := report.JUnit{Name: "kafkacheck suite", Results: results, Timestamp: start}
	if err := writeJUnitFile(*junitFile, junit); err != nil {
		return err
	}
	switch *format {
	case "json":
		if err := report.WriteJSON(stdout, report.FromResults(results)); err != nil {
			return err
		}
	case "junit":
		if err := junit.Write(stdout); err != nil {
			return err
		}
	default:
		for _, r := range results {
			report.WriteScenario(stdout, r)
		}
		report.WriteSummary(stdout, results, wall)
		if *path != "" {
			writeEdgeReasons(stdout, results)
		}
	}
	for _, r := range results {
		if !r.Passed() {
			return errFailed
		}
	}
	return nil
}

// writeEdgeReasons says, of the edge-tier scenarios of the files the user
// wrote, which event makes each one edge: who writes a scenario must know
// that run counts its failures as advice only.
func writeEdgeReasons(w io.Writer, results []*harness.Result) {
	var lines []string
	for _, r := range results {
		if sc := r.Scenario; sc.Tier == scenarios.TierEdge {
			lines = append(lines, fmt.Sprintf("  %s: %s", sc.Name, sc.TierReason))
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "\nEdge tier (a value the classroom's producer never sends; kafkacheck run counts a failure there as advice):\n%s\n", strings.Join(lines, "\n"))
}

// writeJUnitFile writes j to path (--junit), unless path is empty.
func writeJUnitFile(path string, j report.JUnit) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--junit: %w", err)
	}
	if err := j.Write(f); err != nil {
		f.Close()
		return fmt.Errorf("--junit %s: %w", path, err)
	}
	return f.Close()
}

// loadScenarios reads path (or the built-in suite), keeps the scenarios
// that run on edition ("": those that run on every edition) and that
// picks selects (all when there are none), and narrows them to team.
func loadScenarios(ctx context.Context, path string, picks scenarioNames, team, edition string) ([]*scenarios.Scenario, error) {
	if team != "" && !classroom.IsTeam(team) {
		if near := classroom.NearestTeam(team); near != "" {
			return nil, usageError("--team %q: teams are team-1 … team-15, lower case with a dash (did you mean %s?)", team, near)
		}
		return nil, usageError("--team %q: teams are team-1 … team-15, lower case with a dash", team)
	}
	var (
		list []*scenarios.Scenario
		err  error
	)
	switch {
	case path == "" && edition == "":
		list, err = scenarios.Builtin()
	case path == "":
		list, err = scenarios.BuiltinFor(edition)
	default:
		list, err = scenarios.LoadContext(ctx, path)
		list = slices.DeleteFunc(list, func(s *scenarios.Scenario) bool {
			if edition == "" {
				return len(s.Editions) > 0
			}
			return !s.AppliesTo(edition)
		})
	}
	if err != nil && ctx.Err() != nil {
		return nil, &exitError{code: 1, err: fmt.Errorf("interrupted while loading the scenarios: %w", ctx.Err())}
	}
	if err != nil {
		// A bad file, a missing path: either way the input is at fault.
		return nil, &exitError{code: 2, err: err, kind: errScenarioFile}
	}
	if len(picks) > 0 {
		from := "the built-in suite"
		if path != "" {
			from = path
		}
		if list, err = selectScenarios(list, picks, "--scenario", from); err != nil {
			return nil, err
		}
	}
	if team == "" {
		return list, nil
	}
	var narrowed []*scenarios.Scenario
	for _, s := range list {
		if n, ok := s.ForTeam(team); ok {
			narrowed = append(narrowed, n)
		}
	}
	if len(narrowed) == 0 && len(picks) > 0 {
		return nil, usageError("none of the scenarios --scenario selects lists %s", team)
	}
	if len(narrowed) == 0 {
		return nil, usageError("no scenario lists %s", team)
	}
	return narrowed, nil
}

// progressFunc returns a function to call after each scenario; on a
// terminal it redraws a counter on w, elsewhere it prints nothing, so piped
// output stays plain.
func progressFunc(w io.Writer, total int) func() {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	done := 0
	return func() {
		done++
		fmt.Fprintf(w, "\r\033[K[%d/%d] scenarios run", done, total)
		if done == total {
			fmt.Fprint(w, "\r\033[K")
		}
	}
}

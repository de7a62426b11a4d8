package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
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
	fs.SetOutput(io.Discard)
	path := fs.String("scenarios", "", "")
	team := fs.String("team", "", "")
	format := fs.String("format", "text", "")
	backendFlags := registerBackendFlags(fs)
	parallel := fs.Int("parallel", 4, "")
	if err := fs.Parse(args); err != nil {
		return usageError("suite: %v", err)
	}
	if fs.NArg() > 0 {
		return usageError("suite: unexpected argument %q", fs.Arg(0))
	}
	if *format != "text" && *format != "json" {
		return usageError("suite: --format %q: want text or json", *format)
	}
	if *parallel < 1 {
		return usageError("suite: --parallel %d: want 1 or more", *parallel)
	}
	list, err := loadScenarios(ctx, *path, *team)
	if err != nil {
		return err
	}
	be, err := backendFlags.backend()
	if err != nil {
		return err
	}

	progress := progressFunc(stderr, len(list))
	s := harness.Suite{
		Start: be.start, Fresh: be.fresh, Parallel: *parallel,
		Program:  reference,
		Observer: harness.Observer{Result: func(*harness.Result) { progress() }},
	}
	start := time.Now()
	results, err := s.Run(ctx, list)
	switch {
	case errors.Is(err, harness.ErrCannotReset):
		return &exitError{code: 2, err: fmt.Errorf("suite on %s: %w", be.name, err)}
	case err != nil && ctx.Err() != nil:
		return &exitError{code: 1, err: fmt.Errorf("suite: interrupted: %w", err)}
	case err != nil:
		return fmt.Errorf("suite on %s: %w", be.name, err)
	}
	wall := time.Since(start)
	if *format == "json" {
		if err := report.WriteJSON(stdout, report.FromResults(results)); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			report.WriteScenario(stdout, r)
		}
		report.WriteSummary(stdout, results, wall)
	}
	for _, r := range results {
		if !r.Passed() {
			return errFailed
		}
	}
	return nil
}

// loadScenarios reads path (or the built-in suite) and narrows it to team.
func loadScenarios(ctx context.Context, path, team string) ([]*scenarios.Scenario, error) {
	if team != "" && !classroom.IsTeam(team) {
		return nil, usageError("--team %q: teams are team-1 … team-15, lower case with a dash", team)
	}
	var (
		list []*scenarios.Scenario
		err  error
	)
	if path == "" {
		list, err = scenarios.Builtin()
	} else {
		list, err = scenarios.LoadContext(ctx, path)
	}
	if err != nil && ctx.Err() != nil {
		return nil, &exitError{code: 1, err: fmt.Errorf("interrupted while loading the scenarios: %w", ctx.Err())}
	}
	if err != nil {
		// A bad file, a missing path: either way the input is at fault.
		return nil, &exitError{code: 2, err: err}
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

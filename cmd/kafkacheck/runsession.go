package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/harness/process"
	"github.com/kafkacheck/kafkacheck/harness/settle"
)

// runScenarios runs the team's scenarios in sessions, as in class: one
// broker and one run of the program serve scenario after scenario, each
// replayed once the program's consumers have their positions. A session
// ends when the program stops (a crash on a malformed value, say); the
// next scenario then gets a fresh broker and a fresh run of the program,
// so that nothing the stopped run left (a group member, committed offsets)
// leaks into it. Every kfake broker serves the same port, held for the
// whole run, so a program with a hard-coded address works throughout; a
// container publishes a port of its own (see startBroker). After a setup
// problem (the program cannot connect, log in, join or consume, or it
// cannot even be started) the remaining scenarios are skipped: they would
// only repeat it.
func runScenarios(ctx context.Context, cfg runConfig, out *live) ([]diagnose.Run, []string, error) {
	var held *port
	if cfg.backend == "kfake" {
		var err error
		if held, err = holdPort(net.JoinHostPort(cfg.host, strconv.Itoa(cfg.port))); err != nil {
			return nil, nil, portTaken("run", cfg.host, cfg.port, err)
		}
		defer held.Close()
	}
	var runs []diagnose.Run
	for len(runs) < len(cfg.list) {
		session, err := runSession(ctx, cfg, held, out, len(runs))
		if err != nil {
			return nil, nil, err
		}
		runs = append(runs, session...)
		last := runs[len(runs)-1]
		cannotStart := last.Exit != nil && last.Exit.Err != nil
		if cannotStart || diagnose.Setup(diagnose.Diagnose(cfg.diagnoseInput("", []diagnose.Run{last}))) {
			var skipped []string
			for _, s := range cfg.list[len(runs):] {
				skipped = append(skipped, s.Name)
			}
			return runs, skipped, nil
		}
	}
	return runs, nil, nil
}

// runSession starts a broker and the program, and runs scenarios from
// cfg.list[first] on until the list ends or the program stops.
func runSession(ctx context.Context, cfg runConfig, held *port, out *live, first int) ([]diagnose.Run, error) {
	col := diagnose.NewCollector()
	col.OnNote = out.note
	col.Plaintext = cfg.plaintext
	b, err := startBroker(ctx, cfg, held, col)
	if err != nil {
		return nil, fmt.Errorf("run: start the classroom broker: %w", err)
	}
	defer b.Close()
	if first == 0 {
		out.header(cfg, b)
	} else {
		out.restarted(cfg, b)
	}
	// Set by the program's goroutine when it ends; read after the
	// session has waited for it, but a program still stopping past
	// StopGrace must not race.
	var exit atomic.Pointer[process.Exit]
	var running atomic.Pointer[process.Running]
	cmd := &process.Command{
		Args: cfg.command, Grace: cfg.grace,
		OnStart: running.Store,
		OnExit:  func(e process.Exit) { exit.Store(&e) },
	}
	opts := harness.Options{
		Deadline: cfg.timeout, Idle: runIdle, Poll: 5 * time.Millisecond,
		// The harness waits for the program to stop: leave it the
		// grace period and the kill.
		StopGrace:  cfg.grace + 5*time.Second,
		OnAction:   out.action,
		OnReplayed: out.replayed,
		Activity:   activityOf(&running),
	}
	if cfg.backend == "container" {
		opts.Probe = true // no tap: commits past probe users show readiness
	} else {
		opts.Positions, opts.PositionsShowWork = col.Positions, col.PositionsShowWork
	}
	sess, err := harness.Open(ctx, b, []string{cfg.team}, abortOn(col.Fatal(), cmd.Program()), opts)
	if err != nil {
		return nil, fmt.Errorf("run: %w", err)
	}
	defer sess.Close()
	var runs []diagnose.Run
	for i := first; i < len(cfg.list) && !sess.Over(); i++ {
		sc := cfg.list[i]
		out.scenario(i, len(cfg.list), sc)
		stop := out.progress(col.Positions)
		run := sess.Run
		if i == len(cfg.list)-1 {
			run = sess.RunLast
		}
		r, err := run(ctx, sc)
		stop()
		if err != nil {
			return nil, fmt.Errorf("run: scenario %q: %w", sc.Name, err)
		}
		out.result(r)
		runs = append(runs, diagnose.Run{Result: r, Evidence: col.Evidence(), Exit: exit.Load()})
	}
	return runs, nil
}

// activityOf samples the program's processes for settle, once it has
// started: CPU used, and a thread in a sleep call. Before the start, or
// where /proc is missing, it returns an error, and settle then waits for
// commits.
func activityOf(running *atomic.Pointer[process.Running]) func() (settle.Activity, error) {
	return func() (settle.Activity, error) {
		r := running.Load()
		if r == nil {
			return settle.Activity{}, errNotStarted
		}
		a, err := r.Activity()
		return settle.Activity{CPU: a.CPU, Sleeping: a.Sleeping}, err
	}
}

var errNotStarted = errors.New("the program has not started")

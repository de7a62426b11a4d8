package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/container"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/classroom"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/harness/process"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// Settle settings of kafkacheck run. A program's own offset commits end
// the wait (see package settle); kafka-python commits automatically every
// 5 s, so the deadline leaves room for start-up, the join and two commit
// intervals. The idle window after the last commit only has to cover sends
// issued before that commit and still in flight on loopback; sends that
// reach the broker later, before the program has stopped, are still read
// and judged by the harness's final drain.
const (
	runDeadline = 30 * time.Second
	runIdle     = 50 * time.Millisecond
	runGrace    = 3 * time.Second
)

// runConfig is a parsed kafkacheck run command line.
type runConfig struct {
	plaintext    bool   // --plaintext: a classroom broker without SASL
	backend      string // --backend: kfake or container
	container    container.Config
	team, format string
	host         string
	port         int
	timeout      time.Duration
	grace        time.Duration
	command      []string
	list         []*scenarios.Scenario
}

// runCmd runs a student's program, any language, against the team's
// scenarios and explains what went wrong.
func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseRun(args)
	if err != nil {
		return err
	}
	live := stdout
	if cfg.format == "json" {
		live = stderr // stdout is the JSON report only
	}
	out := newLive(live)
	runs, skipped, err := runScenarios(ctx, cfg, out)
	if err != nil && ctx.Err() != nil {
		return &exitError{code: 1, err: errors.New("run: interrupted; the program was stopped")}
	}
	if err != nil {
		return err
	}
	diags := diagnose.Diagnose(cfg.diagnoseInput(out.bootstrap, runs))
	passed := !diagnose.Failed(diags) && len(skipped) == 0
	for _, r := range runs {
		passed = passed && r.Result.Passed()
	}
	if cfg.format == "json" {
		if err := writeRunJSON(stdout, cfg, passed, diags, runs, skipped); err != nil {
			return err
		}
	} else {
		writeRunText(stdout, cfg, passed, diags, runs, skipped)
	}
	if !passed {
		return errFailed
	}
	return nil
}

func parseRun(args []string) (runConfig, error) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	team := fs.String("team", "", "")
	path := fs.String("scenarios", "", "")
	listen := fs.String("listen", "127.0.0.1:9092", "")
	backendName := fs.String("backend", "kfake", "")
	format := fs.String("format", "text", "")
	timeout := fs.Duration("timeout", runDeadline, "")
	grace := fs.Duration("grace", runGrace, "")
	plaintext := fs.Bool("plaintext", false, "")
	var ctr container.Config
	container.RegisterFlags(fs, &ctr)
	if err := fs.Parse(args); err != nil {
		return runConfig{}, usageError("run: %v", err)
	}
	cfg := runConfig{team: *team, format: *format, timeout: *timeout, grace: *grace, command: fs.Args()}
	cfg.plaintext, cfg.backend, cfg.container = *plaintext, *backendName, ctr
	switch {
	case cfg.team == "":
		return cfg, usageError("run: --team is required, e.g. kafkacheck run --team team-3 -- python3 consumer.py")
	case len(cfg.command) == 0:
		return cfg, usageError("run: no program to run: put its command after --, e.g. kafkacheck run --team %s -- python3 consumer.py", cfg.team)
	case cfg.format != "text" && cfg.format != "json":
		return cfg, usageError("run: --format %q: want text or json", cfg.format)
	case cfg.backend != "kfake" && cfg.backend != "container":
		return cfg, usageError("run: --backend %q: want kfake or container", cfg.backend)
	case cfg.backend == "container" && cfg.plaintext:
		return cfg, usageError("run: --plaintext needs --backend kfake: the classroom's real broker (--backend container) has no PLAINTEXT listener")
	case cfg.timeout <= 0:
		return cfg, usageError("run: --timeout %v: want a positive duration, such as 30s", cfg.timeout)
	case cfg.grace <= 0:
		return cfg, usageError("run: --grace %v: want a positive duration, such as 3s", cfg.grace)
	}
	var err error
	if cfg.host, cfg.port, err = loopbackAddr("run", *listen); err != nil {
		return cfg, err
	}
	cfg.list, err = loadScenarios(*path, cfg.team)
	return cfg, err
}

// runScenarios runs each scenario with a fresh broker and a fresh run of
// the program, so that nothing a scenario leaves (a group member that did
// not leave, committed offsets) can leak into the next. Every kfake broker
// serves the same port, held for the whole run, so a program with a
// hard-coded address works throughout; a container publishes a port of its
// own (see startBroker). After a setup problem (the program cannot
// connect, log in or join, or it cannot even be started) the remaining
// scenarios are skipped: they would only repeat it.
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
	for i, sc := range cfg.list {
		col := diagnose.NewCollector()
		col.OnNote = out.note
		col.Plaintext = cfg.plaintext
		b, err := startBroker(ctx, cfg, held, col)
		if err != nil {
			return nil, nil, fmt.Errorf("run: start the classroom broker: %w", err)
		}
		if i == 0 {
			out.header(cfg, b)
		} else if cfg.backend == "container" {
			out.moved(b)
		}
		run, err := runOne(ctx, cfg, b, sc, col, out, i)
		b.Close()
		if err != nil {
			return nil, nil, err
		}
		runs = append(runs, run)
		cannotStart := run.Exit != nil && run.Exit.Err != nil
		if cannotStart || diagnose.Setup(diagnose.Diagnose(cfg.diagnoseInput("", []diagnose.Run{run}))) {
			var skipped []string
			for _, s := range cfg.list[i+1:] {
				skipped = append(skipped, s.Name)
			}
			return runs, skipped, nil
		}
	}
	return runs, nil, nil
}

// runOne runs one scenario on b.
func runOne(ctx context.Context, cfg runConfig, b scenarioBroker, sc *scenarios.Scenario, col *diagnose.Collector, out *live, i int) (diagnose.Run, error) {
	// Set by the program's goroutine; read after harness.Run has waited
	// for it, but a program still stopping past StopGrace must not race.
	var exit atomic.Pointer[process.Exit]
	cmd := &process.Command{Args: cfg.command, Grace: cfg.grace, OnExit: func(e process.Exit) { exit.Store(&e) }}
	out.scenario(i, len(cfg.list), sc)
	stopProgress := func() {}
	if eb, ok := b.(*embedded.Broker); ok { // the group's state is read in process
		stopProgress = out.progress(eb, cfg.team, len(sc.Events))
	}
	r, err := harness.Run(ctx, b, sc, abortOn(col.Fatal(), cmd.Program()), harness.Options{
		Deadline: cfg.timeout, Idle: runIdle, Poll: 5 * time.Millisecond,
		// The harness waits for the program to stop: leave it the
		// grace period and the kill.
		StopGrace: cfg.grace + 5*time.Second,
		OnAction:  out.action,
	})
	stopProgress()
	if err != nil {
		return diagnose.Run{}, fmt.Errorf("run: scenario %q: %w", sc.Name, err)
	}
	out.result(r)
	return diagnose.Run{Result: r, Evidence: col.Evidence(), Exit: exit.Load()}, nil
}

// errAborted ends a program that the broker's evidence shows cannot work.
var errAborted = errors.New("stopped by kafkacheck: the broker refused it (see the diagnoses)")

// abortOn stops prog as soon as fatal is closed, and then returns as if
// it had stopped on its own, which ends the scenario at once instead of at
// its deadline.
func abortOn(fatal <-chan struct{}, prog harness.Program) harness.Program {
	return func(ctx context.Context, team string, b broker.Broker) error {
		pctx, cancel := context.WithCancel(ctx)
		defer cancel()
		go func() {
			select {
			case <-fatal:
				cancel()
			case <-pctx.Done():
			}
		}()
		err := prog(pctx, team, b)
		if ctx.Err() == nil && pctx.Err() != nil {
			return errAborted
		}
		return err
	}
}

// credentials lists what a program with hard-coded settings must use.
func credentials(team string, b broker.Broker) string {
	l := b.Listener()
	var s strings.Builder
	fmt.Fprintf(&s, "  bootstrap servers  %s\n", strings.Join(b.Bootstrap(), ","))
	fmt.Fprintf(&s, "  security protocol  %s, mechanism %s\n", l.SecurityProtocol, l.Mechanism)
	fmt.Fprintf(&s, "  user name          %s\n", team)
	fmt.Fprintf(&s, "  password           %s\n", classroom.TeamPassword(team))
	fmt.Fprintf(&s, "  group id           %s   client id %s\n", team, team)
	fmt.Fprintf(&s, "  topics             read %s, write %s\n", classroom.NewUsers, classroom.Actions)
	return s.String()
}

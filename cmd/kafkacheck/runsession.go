package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"io"
	"net"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/harness/process"
	"github.com/kafkacheck/kafkacheck/harness/settle"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// runScenarios runs the team's scenarios as harness.Suite's sessions, as in
// class: one broker and one run of the program serve scenario after
// scenario, each replayed once the program's consumers have their
// positions. A session ends when the program stops (a crash on a malformed
// value, say); the next scenario then gets a fresh broker and a fresh run
// of the program, so that nothing the stopped run left (a group member,
// committed offsets) leaks into it. Every kfake broker serves the same
// port, held for the whole run, so a program with a hard-coded address
// works throughout; a container publishes a port of its own (see
// startBroker). After a setup problem (the program cannot connect, log
// in, join or consume, or it cannot even be started) the remaining
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
	w := newWatch(cfg, held, out)
	suite := harness.Suite{
		Start: w.start, Program: w.program, Sessions: true,
		Options: harness.Options{
			Deadline: cfg.timeout, Idle: runIdle, Poll: 5 * time.Millisecond,
			// The harness waits for the program to stop: leave it the
			// grace period and the kill.
			StopGrace:  cfg.grace + 5*time.Second,
			OnAction:   out.action,
			OnReplayed: out.replayed,
			Activity:   w.activity,
			// No tap on a container: commits past probe users show
			// readiness there.
			Probe: cfg.backend == "container",
		},
		Observer: harness.Observer{Broker: w.broker, Scenario: w.scenario, Result: w.result},
		Stop:     w.stop,
	}
	if cfg.backend != "container" {
		suite.Options.Positions = w.positions
		suite.Options.PositionsShowWork = w.positionsShowWork
	}
	_, err := suite.Run(ctx, cfg.list)
	w.progress()
	if err != nil {
		return nil, nil, fmt.Errorf("run: %w", err)
	}
	var skipped []string
	for _, s := range cfg.list[len(w.runs):] {
		skipped = append(skipped, s.Name)
	}
	return w.runs, skipped, nil
}

// watch is what kafkacheck run watches of the current session: the
// broker's connections (its collector) and the program's process, and the
// runs so far. Suite's sessions come one after another, so there is one
// current session at a time.
type watch struct {
	cfg  runConfig
	held *port
	out  *live
	runs []diagnose.Run

	col      *tap.Collector // the current broker's
	exit     atomic.Pointer[process.Exit]
	running  atomic.Pointer[process.Running]
	progress func() // stops the current scenario's progress line
}

func newWatch(cfg runConfig, held *port, out *live) *watch {
	return &watch{cfg: cfg, held: held, out: out, progress: func() {}}
}

// start starts a session's broker with a new collector on its connections.
func (w *watch) start(ctx context.Context) (broker.Broker, error) {
	col := tap.NewCollector()
	col.OnNote = w.out.note
	col.Plaintext = w.cfg.plaintext
	b, err := startBroker(ctx, w.cfg, w.held, col)
	if err != nil {
		return nil, fmt.Errorf("start the classroom broker: %w", err)
	}
	w.col = col
	w.exit.Store(nil)
	w.running.Store(nil)
	return b, nil
}

// program runs the student's command once for a session. Set by the
// program's goroutine when it ends; read after the session has waited for
// it, but a program still stopping past StopGrace must not race.
func (w *watch) program(ctx context.Context, team string, b broker.Broker) error {
	// The live view shows the last lines of this run's output under a
	// failed scenario, and with --show-output every line as it comes.
	tail := process.NewTail(tailLines)
	w.out.setTail(tail)
	var output io.Writer = tail
	if w.cfg.showOutput {
		output = io.MultiWriter(tail, w.out.outputTo())
	}
	cmd := &process.Command{
		Args: w.cfg.command, Grace: w.cfg.grace, Output: output,
		OnStart: w.running.Store,
		OnExit:  func(e process.Exit) { w.exit.Store(&e) },
	}
	return abortOn(w.col.Fatal(), cmd.Program())(ctx, team, b)
}

func (w *watch) broker(b broker.Broker, first int) {
	if first == 0 {
		w.out.header(w.cfg, b)
	} else {
		w.out.restarted(w.cfg, b)
	}
}

func (w *watch) scenario(i int, sc *scenarios.Scenario) {
	w.out.scenario(i, len(w.cfg.list), sc)
	w.progress = w.out.progress(w.positionsOrNil())
}

func (w *watch) result(r *harness.Result) {
	w.progress()
	w.progress = func() {}
	exit := w.exit.Load()
	w.out.result(r, !w.cfg.strict && r.Scenario.Tier == scenarios.TierEdge, exit != nil && exit.Stopped)
	w.runs = append(w.runs, diagnose.Run{Result: r, Evidence: w.col.Evidence(), Exit: w.exit.Load()})
}

// stop ends the run after a setup problem, or a program that could not
// even start: every scenario would repeat it.
func (w *watch) stop(*harness.Result) bool {
	last := w.runs[len(w.runs)-1]
	cannotStart := last.Exit != nil && last.Exit.Err != nil
	return cannotStart || diagnose.Setup(diagnose.Diagnose(w.cfg.diagnoseInput("", []diagnose.Run{last})))
}

func (w *watch) positions(topic string) map[int32]int64 { return w.col.Positions(topic) }
func (w *watch) positionsShowWork() bool                { return w.col.PositionsShowWork() }

func (w *watch) positionsOrNil() func(string) map[int32]int64 {
	if w.cfg.backend == "container" {
		return nil
	}
	return w.positions
}

// activity samples the program's processes for settle, once it has
// started: CPU used, and a thread in a sleep call. Before the start, or
// where /proc is missing, it returns an error, and settle then waits for
// commits.
func (w *watch) activity() (settle.Activity, error) {
	r := w.running.Load()
	if r == nil {
		return settle.Activity{}, errNotStarted
	}
	a, err := r.Activity()
	return settle.Activity{CPU: a.CPU, Sleeping: a.Sleeping}, err
}

var errNotStarted = errors.New("the program has not started")

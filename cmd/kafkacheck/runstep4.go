package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/harness/process"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// sessionTimeout is the clients' default session timeout (kafka-python
// 2.3+, franz-go, librdkafka, Java): after a crash, the broker keeps the
// member that long before the others can take its partitions over.
const sessionTimeout = 45 * time.Second

// runStep4 checks step 4 of the tutorial, scale-up: --instances copies of
// the program in the team's group, one of them killed part-way (SIGKILL,
// "simulate an instance failure", docs/step-4.md), the others taking its
// partitions over; see harness.ScaleUp.
func runStep4(ctx context.Context, cfg runConfig, stdout, stderr io.Writer) error {
	if cfg.format == "junit" || cfg.junit != "" {
		return usageError("run: --step 4 reports as text or json (--format), not as JUnit XML")
	}
	live := stdout
	if cfg.format != "text" {
		live = stderr // stdout is the report only
	}
	sc := step4Scenario(cfg.list)
	s4 := &step4{cfg: cfg, out: newLive(live), running: make([]*process.Running, cfg.instances), exits: make([]*process.Exit, cfg.instances)}
	r, ev, err := s4.run(ctx, sc)
	if err != nil && ctx.Err() != nil {
		return &exitError{code: 1, err: errors.New("run: interrupted; the programs were stopped")}
	}
	if err != nil {
		return fmt.Errorf("run --step 4: %w", err)
	}
	diags := diagnose.ScaleUp(cfg.diagnoseInput(s4.out.bootstrap, nil), r, ev, s4.exitOnItsOwn(r.Stopped))
	passed := r.Passed() && !diagnose.Failed(diags)
	if cfg.format == "json" {
		if err := writeStep4JSON(stdout, cfg, r, diags, passed); err != nil {
			return err
		}
	} else {
		writeStep4Text(stdout, cfg, r, diags, passed)
	}
	if !passed {
		return errFailed
	}
	return nil
}

// step4Scenario picks the scenario of step 4: the team's classroom-tier
// scenario with the most users (the producer's corpus in the built-in
// suite: a load to share out, as the tutorial's "Simulate Increased
// Load"), or --scenario's first.
func step4Scenario(list []*scenarios.Scenario) *scenarios.Scenario {
	best := list[0]
	for _, s := range list[1:] {
		if s.Tier == scenarios.TierClassroom && (best.Tier != scenarios.TierClassroom || len(s.Events) > len(best.Events)) {
			best = s
		}
	}
	return best
}

// step4 is one kafkacheck run --step 4.
type step4 struct {
	cfg runConfig
	out *live
	col *tap.Collector

	mu      sync.Mutex
	running []*process.Running
	exits   []*process.Exit
}

func (s4 *step4) run(ctx context.Context, sc *scenarios.Scenario) (*harness.ScaleUpResult, tap.Evidence, error) {
	cfg := s4.cfg
	var held *port
	if cfg.backend == "kfake" {
		var err error
		if held, err = holdPort(net.JoinHostPort(cfg.host, strconv.Itoa(cfg.port))); err != nil {
			return nil, tap.Evidence{}, portTaken("run", cfg.host, cfg.port, err)
		}
		defer held.Close()
	}
	s4.col = tap.NewCollector()
	s4.col.OnNote = s4.out.note
	s4.col.Plaintext = cfg.plaintext
	b, err := startBroker(ctx, cfg, held, s4.col)
	if err != nil {
		return nil, tap.Evidence{}, fmt.Errorf("start the classroom broker: %w", err)
	}
	defer b.Close()
	s4.header(sc, b)
	up := harness.ScaleUp{
		Team: cfg.team, Instances: cfg.instances, Program: s4.program,
		Kill:     s4.killer(),
		TakeOver: cfg.timeout + sessionTimeout,
		Options: harness.Options{
			// A poll describes the group: ten a second is plenty.
			Deadline: cfg.timeout, Idle: runIdle, Poll: 100 * time.Millisecond,
			// The harness waits for the programs to stop: leave them the
			// grace period and the kill.
			StopGrace: cfg.grace + 5*time.Second,
			OnAction:  s4.out.action,
		},
		Observer: harness.ScaleUpObserver{Joined: s4.joined, Ready: s4.ready, Stopping: s4.stopping, TookOver: s4.tookOver},
	}
	if cfg.backend == "kfake" {
		up.Fetchers = s4.col.FetchersSince
	}
	s4.out.scenario(0, 1, sc)
	r, err := up.Run(ctx, b, sc)
	if err != nil {
		return nil, tap.Evidence{}, err
	}
	s4.out.result(r.Step3(), false, true)
	return r, s4.col.Evidence(), nil
}

// header says what step 4 does, and the broker's settings.
func (s4 *step4) header(sc *scenarios.Scenario, b broker.Broker) {
	s4.out.mu.Lock()
	defer s4.out.mu.Unlock()
	s4.out.bootstrap = strings.Join(b.Bootstrap(), ",")
	fmt.Fprintf(s4.out.w, "kafkacheck run --step 4: %s, program: %s\n", s4.cfg.team, strings.Join(s4.cfg.command, " "))
	if c, ok := b.(interface{ Image() string }); ok { // a container
		fmt.Fprintf(s4.out.w, "Backend: a real Kafka in a container (%s), at a port of its own.\n", c.Image())
	}
	fmt.Fprint(s4.out.w, credentials(s4.cfg.team, b, s4.cfg.profile))
	fmt.Fprintf(s4.out.w, "kafkacheck run --step 4 (scale-up): %d instances of your program in group %s, scenario %q (%s).\n"+
		"Each instance starts once the one before has joined. Half the users are sent, then one instance is\n"+
		"%s;\nthe rest are sent while the others take its partitions over.\n",
		s4.cfg.instances, s4.cfg.team, sc.Name, count(len(sc.Events), "user"), s4.stopHow())
}

// stopHow says how one instance is stopped.
func (s4 *step4) stopHow() string {
	if s4.cfg.stop == "interrupt" {
		return "interrupted (SIGINT, as Ctrl-C; --stop kill for a crash)"
	}
	return "killed (SIGKILL, as docs/step-4.md's \"simulate an instance failure\"; --stop interrupt for Ctrl-C)"
}

// program runs instance i of the student's command.
func (s4 *step4) program(i int) harness.Program {
	var output io.Writer = io.Discard
	if s4.cfg.showOutput {
		output = &tagLines{w: s4.out.outputTo(), tag: fmt.Sprintf("[instance %d] ", i+1), start: true}
	}
	cmd := &process.Command{
		Args: s4.cfg.command, Grace: s4.cfg.grace, Output: output,
		OnStart: func(r *process.Running) { s4.mu.Lock(); s4.running[i] = r; s4.mu.Unlock() },
		OnExit:  func(e process.Exit) { s4.mu.Lock(); s4.exits[i] = &e; s4.mu.Unlock() },
	}
	return abortOn(s4.col.Fatal(), cmd.Program())
}

// killer is how the stop is made: kill with --stop kill, nil (the
// harness interrupts the instance, SIGINT then SIGKILL after --grace) with
// --stop interrupt.
func (s4 *step4) killer() func(int) error {
	if s4.cfg.stop == "interrupt" {
		return nil
	}
	return s4.kill
}

// kill ends instance i with SIGKILL, as a crash would: no LeaveGroup, no
// last commit.
func (s4 *step4) kill(i int) error {
	s4.mu.Lock()
	r := s4.running[i]
	s4.mu.Unlock()
	if r == nil {
		return fmt.Errorf("instance %d has not started", i+1)
	}
	if err := r.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, process.ErrEnded) {
		return err
	}
	return nil
}

// exitOnItsOwn is the exit of an instance, other than the one stopped,
// that ended on its own, for diagnose; nil if none did.
func (s4 *step4) exitOnItsOwn(stopped int) *process.Exit {
	s4.mu.Lock()
	defer s4.mu.Unlock()
	for i, e := range s4.exits {
		if e != nil && i != stopped && !e.Stopped {
			return e
		}
	}
	return nil
}

func (s4 *step4) joined(i int, g harness.Group, err error) {
	if err != nil {
		s4.out.printf("▶ instance %d started; it did not join group %s: %v", i+1, s4.cfg.team, err)
		return
	}
	s4.out.printf("▶ instance %d started and joined group %s: %s", i+1, s4.cfg.team, g)
}

func (s4 *step4) ready(g harness.Group) {
	s4.out.printf("✔ your instances read and committed the test users kafkacheck sent first, on every partition of %s; sending the first half of the users", classroom.NewUsers)
}

func (s4 *step4) stopping(i int, signal string) {
	why := "an instance failure: no last commit, no leaving the group"
	if signal == "SIGINT" {
		why = "Ctrl-C: the program may commit and leave the group, or not"
	}
	s4.out.printf("✋ stopping instance %d with %s (%s); sending the second half of the users", i+1, signal, why)
}

func (s4 *step4) tookOver(g harness.Group, err error) {
	if err != nil {
		s4.out.printf("⚠️  no take-over: %v", err)
		return
	}
	if len(g.Members) == 0 {
		s4.out.printf("no take-over to see: group %s has no member", s4.cfg.team)
		return
	}
	s4.out.printf("🔁 take-over: group %s is %s", s4.cfg.team, g)
}

// tagLines starts each line written to w with tag: which instance's
// output it is (--show-output).
type tagLines struct {
	w     io.Writer
	tag   string
	mu    sync.Mutex
	start bool // the next byte starts a line
}

func (t *tagLines) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(b)
	var out []byte
	for len(b) > 0 {
		if t.start {
			out = append(out, t.tag...)
		}
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out, b, t.start = append(out, b...), nil, false
			break
		}
		out, b, t.start = append(out, b[:i+1]...), b[i+1:], true
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return n, nil
}

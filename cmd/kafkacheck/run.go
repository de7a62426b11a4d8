package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/container"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/harness/report"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// Settle settings of kafkacheck run. The program's consumers, seen at the
// end offsets of new_users by the connection tap, and then a quiet window
// (see harness.Options.Quiet) end a scenario; without the tap, its offset
// commits do, and kafka-python commits on its own every 5 s, so the
// deadline leaves room for start-up, the join and two commit intervals.
// The idle window after a commit only has to cover sends issued before
// that commit and still in flight on loopback.
const (
	runDeadline = 30 * time.Second
	runIdle     = 50 * time.Millisecond
	runGrace    = 3 * time.Second
)

// runConfig is a parsed kafkacheck run command line.
type runConfig struct {
	plaintext    bool              // --plaintext: a classroom broker without SASL
	strict       bool              // --strict: edge-tier scenarios must pass too
	verbose      bool              // --verbose: every action and the whole diffs live
	junit        string            // --junit: a file for the JUnit XML report
	showOutput   bool              // --show-output: the program's output live
	mechanism    string            // --mechanism: the SASL mechanism the broker serves
	profile      classroom.Profile // --edition: the classroom's edition
	step         int               // --step: 3 (the default), 4 (scale-up) or 5 (keyed records)
	instances    int               // --instances: how many copies step 4 runs
	stop         string            // --stop: how step 4 stops one copy, kill or interrupt
	backend      string            // --backend: kfake or container
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
// scenarios and explains what went wrong. Step 5 is step 3 with the
// step-5 scenarios first and their compacted views judged too; step 4
// has a flow of its own (runstep4.go).
func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseRun(ctx, args)
	if err != nil {
		return err
	}
	switch cfg.step {
	case 4:
		return runStep4(ctx, cfg, stdout, stderr)
	case 5:
		if err := checkStep5(cfg); err != nil {
			return err
		}
	}
	live := stdout
	if cfg.format != "text" {
		live = stderr // stdout is the report only
	}
	out := newLive(live)
	out.verbose = cfg.verbose
	runs, skipped, err := runScenarios(ctx, cfg, out)
	if err != nil && ctx.Err() != nil {
		return &exitError{code: 1, err: errors.New("run: interrupted; the program was stopped")}
	}
	if err != nil {
		return err
	}
	v := judgeRuns(cfg, out.bootstrap, runs, skipped)
	if cfg.step == 5 {
		v.diags = append(v.diags, keyedDiagnoses(cfg, runs)...)
	}
	junit := cfg.junitReport(runs)
	if err := writeJUnitFile(cfg.junit, junit); err != nil {
		return err
	}
	switch cfg.format {
	case "json":
		write := writeRunJSON
		if cfg.step == 5 {
			write = writeStep5JSON
		}
		if err := write(stdout, cfg, v, runs, skipped); err != nil {
			return err
		}
	case "junit":
		if err := junit.Write(stdout); err != nil {
			return err
		}
	default:
		if cfg.step == 5 {
			writeStep5Text(stdout, cfg, runs, passedStep5(runs))
		}
		writeRunText(stdout, cfg, v, runs, skipped)
	}
	if !v.passed {
		return errFailed
	}
	return nil
}

func parseRun(ctx context.Context, args []string) (runConfig, error) {
	var cfg runConfig
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	team := fs.String("team", "", "your `team-N` (required)")
	path := fs.String("scenarios", "", "read the scenario file, or every *.yaml file of the directory, at `path` (default: the built-in suite); the scenarios that list your team run")
	var picks scenarioNames
	fs.Var(&picks, "scenario", scenarioUsage)
	listen := fs.String("listen", "127.0.0.1:9092", "where the kfake broker listens, `host:port` on loopback only; port 0 picks a free one, which your program finds in BOOTSTRAP_SERVERS")
	backendName := fs.String("backend", "kfake", "the broker, `kfake|container`: kfake in memory, or container, a real Apache Kafka on a port of its own that run prints and passes in BOOTSTRAP_SERVERS")
	format := fs.String("format", "text", "print the report as `text|json|junit`: with json (one object) or junit (JUnit XML), stdout is the report and the live lines go to stderr")
	fs.StringVar(&cfg.junit, "junit", "", "also write the report as JUnit XML to `FILE`, for CI")
	timeout := fs.Duration("timeout", runDeadline, "how long a scenario may take, a `duration`")
	grace := fs.Duration("grace", runGrace, "how long your program has to stop after Ctrl-C (SIGINT) before it is killed, a `duration`")
	plaintext := fs.Bool("plaintext", false, "a broker without SASL: SECURITY_PROTOCOL=PLAINTEXT and no SASL_* variables (else SASL_PLAINTEXT); kfake only, the classroom's real broker has none")
	strict := fs.Bool("strict", false, "make edge-tier scenarios count too (else their failures are advice)")
	mechanism := fs.String("mechanism", "", "the SASL `mechanism` the broker accepts (default: the edition's): PLAIN (the 349bd19 classroom), SCRAM-SHA-256 (the 2026-01 edition) or SCRAM-SHA-512; another than the edition's on kfake only")
	edition := fs.String("edition", classroom.Edition349, editionUsage)
	step := fs.Int("step", 3, "the tutorial `step` to check: 3 (consume, filter, produce actions), 4 (scale-up: several instances in your group, one stopped part-way) or 5 (keyed records to the edition's compacted topic)")
	stop := fs.String("stop", "kill", "with --step 4, how one copy is stopped part-way: `kill` (SIGKILL, a crash: the broker hands its partitions over after the session timeout, 45 s) or interrupt (SIGINT, Ctrl-C: a program that then closes its consumer leaves the group at once)")
	instances := fs.Int("instances", 2, "with --step 4, how many copies of your program to start in your group, `n` ≥ 2")
	tier := fs.String("tier", "all", "run only the scenarios of one `tier`: classroom, edge or all")
	fs.BoolVar(&cfg.verbose, "verbose", false, "print every action, the events fetched and each scenario's whole diff as they come")
	fs.BoolVar(&cfg.showOutput, "show-output", false, "print the program's output as it comes, each line prefixed with │")
	var ctr container.Config
	container.RegisterFlags(fs, &ctr)
	if err := parseFlags(fs, args); err != nil {
		return cfg, err
	}
	cfg.team, cfg.format, cfg.timeout, cfg.grace, cfg.command = *team, *format, *timeout, *grace, fs.Args()
	cfg.plaintext, cfg.strict, cfg.mechanism, cfg.backend, cfg.container = *plaintext, *strict, *mechanism, *backendName, ctr
	cfg.step, cfg.instances, cfg.stop = *step, *instances, *stop
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	if cfg.profile, err = classroom.EditionNamed(*edition); err != nil {
		return cfg, usageError("run: --edition: %v", err)
	}
	cfg.mechanism = cmp.Or(cfg.mechanism, cfg.profile.Mechanism)
	switch {
	case cfg.team == "":
		return cfg, usageError("run: --team is required, e.g. kafkacheck run --team team-3 -- python3 consumer.py")
	case len(cfg.command) == 0:
		return cfg, usageError("run: no program to run: put its command after --, e.g. kafkacheck run --team %s -- python3 consumer.py", cfg.team)
	case cfg.format != "text" && cfg.format != "json" && cfg.format != "junit":
		return cfg, usageError("run: --format %q: want text, json or junit", cfg.format)
	case cfg.backend != "kfake" && cfg.backend != "container":
		return cfg, usageError("run: --backend %q: want kfake or container", cfg.backend)
	case cfg.backend == "container" && cfg.plaintext:
		return cfg, usageError("run: --plaintext needs --backend kfake: the classroom's real broker (--backend container) has no PLAINTEXT listener")
	case classroom.CheckMechanism(cfg.mechanism) != nil:
		return cfg, usageError("run: --mechanism: %v", classroom.CheckMechanism(cfg.mechanism))
	case cfg.backend == "container" && cfg.mechanism != cfg.profile.Mechanism:
		return cfg, usageError("run: --mechanism %s needs --backend kfake: the container broker serves the %s edition's mechanism, %s, only", cfg.mechanism, cfg.profile.Edition, cfg.profile.Mechanism)
	case cfg.step < 3 || cfg.step > 5:
		return cfg, usageError("run: --step %d: want 3, 4 or 5 (steps 1 and 2 are checked by step 3)", cfg.step)
	case cfg.step != 4 && (set["instances"] || set["stop"]):
		return cfg, usageError("run: --instances and --stop are for --step 4 (scale-up); this is --step %d", cfg.step)
	case cfg.stop != "kill" && cfg.stop != "interrupt":
		return cfg, usageError("run: --stop %q: want kill (SIGKILL) or interrupt (SIGINT)", cfg.stop)
	case cfg.instances < 2:
		return cfg, usageError("run: --instances %d: step 4 needs at least 2 copies of your program", cfg.instances)
	case *tier != "all" && *tier != string(scenarios.TierClassroom) && *tier != string(scenarios.TierEdge):
		return cfg, usageError("run: --tier %q: want classroom, edge or all", *tier)
	case cfg.timeout <= 0:
		return cfg, usageError("run: --timeout %v: want a positive duration, such as 30s", cfg.timeout)
	case cfg.grace <= 0:
		return cfg, usageError("run: --grace %v: want a positive duration, such as 3s", cfg.grace)
	}
	if cfg.host, cfg.port, err = loopbackAddr("run", *listen); err != nil {
		return cfg, err
	}
	if cfg.list, err = loadScenarios(ctx, *path, picks, cfg.team, cfg.profile.Edition); err != nil {
		return cfg, err
	}
	if *tier != "all" {
		cfg.list = slices.DeleteFunc(cfg.list, func(s *scenarios.Scenario) bool { return string(s.Tier) != *tier })
		if len(cfg.list) == 0 {
			return cfg, usageError("run: no %s-tier scenario lists %s", *tier, cfg.team)
		}
	}
	cfg.list = forStep(classroomFirst(cfg.list), cfg.step)
	return cfg, nil
}

// junitReport is the run as JUnit XML: a testcase per scenario, named by
// the team; a failed edge-tier scenario is advice (a pass, its report in
// <system-out>) unless --strict, as the exit status says.
func (cfg runConfig) junitReport(runs []diagnose.Run) report.JUnit {
	results := make([]*harness.Result, len(runs))
	for i, r := range runs {
		results[i] = r.Result
	}
	return report.JUnit{
		Name: "kafkacheck run " + cfg.team, Results: results, Skipped: cfg.list[len(runs):],
		Advice: func(r *harness.Result) bool { return !cfg.strict && r.Scenario.Tier == scenarios.TierEdge },
	}
}

// classroomFirst orders the classroom-tier scenarios before the edge-tier
// ones, keeping each tier's order: a program that crashes on a malformed
// value then does so after the scenarios that decide the run.
func classroomFirst(list []*scenarios.Scenario) []*scenarios.Scenario {
	out := slices.Clone(list)
	slices.SortStableFunc(out, func(a, b *scenarios.Scenario) int {
		return cmp.Compare(tierRank(a), tierRank(b))
	})
	return out
}

func tierRank(s *scenarios.Scenario) int {
	if s.Tier == scenarios.TierEdge {
		return 1
	}
	return 0
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

// credentials lists what a program with hard-coded settings must use; a
// program also gets them in the environment.
func credentials(team string, b broker.Broker, p classroom.Profile) string {
	l := b.Listener()
	var s strings.Builder
	fmt.Fprintf(&s, "Settings (also in BOOTSTRAP_SERVERS, SECURITY_PROTOCOL, SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD, TEAM_NAME):\n")
	fmt.Fprintf(&s, "  bootstrap servers %s, security protocol %s", strings.Join(b.Bootstrap(), ","), l.SecurityProtocol)
	if l.Mechanism != "" {
		fmt.Fprintf(&s, ", mechanism %s", l.Mechanism)
	}
	fmt.Fprintf(&s, "\n  user name %s, password %s, group id and client id %s; read %s, write %s (and %s, keyed, at step 5)\n",
		team, classroom.TeamPassword(team), team, classroom.NewUsers, classroom.Actions, p.Step5.Topic)
	return s.String()
}

package process

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"syscall"
	"time"

	"github.com/kafkacheck/kafkacheck/harness/broker"
)

// Command is a program under test run as a child process, once per team
// and scenario. The zero value is not usable: Args must name a command.
type Command struct {
	// Args is the command line; Args[0] is looked up in PATH.
	Args []string
	// Env is added to the parent's environment and to the contract's
	// variables (see Env); it wins over both.
	Env []string
	// Dir is the working directory; empty means the current one.
	Dir string
	// Grace is how long the program has to stop after SIGINT before it is
	// killed; zero means DefaultGrace.
	Grace time.Duration
	// TailLines is how many lines of output are kept per run; zero means
	// DefaultTailLines.
	TailLines int
	// Output, if set, also receives the program's stdout and stderr as
	// they come, raw (see Sanitize before printing them on a terminal).
	// It must be safe for concurrent writes.
	Output io.Writer
	// OnStart, if set, is called once per run as soon as the program has
	// started, with a handle to sample its activity (Running.Activity)
	// while it runs. It must return promptly; the handle may be kept and
	// used from any goroutine until the run ends.
	OnStart func(*Running)
	// OnExit, if set, is called once per run when the program has ended,
	// before the program returns.
	OnExit func(Exit)

	// direct runs the program without the supervisor, as where there is
	// none; for tests of that path.
	direct bool
}

// Defaults of Command.
const (
	DefaultGrace     = 3 * time.Second
	DefaultTailLines = 40
)

// maxLeftovers bounds Exit.Leftovers.
const maxLeftovers = 100

// Exit is how one run of the program ended.
type Exit struct {
	Team string
	// Err is set when the program could not be started at all.
	Err error
	// Code is the exit status, or -1 when a signal ended the program.
	Code int
	// Signal names the signal that ended the program, if one did.
	Signal string
	// Stopped is set when kafkacheck stopped the program (the scenario
	// was over), rather than the program ending on its own.
	Stopped bool
	// Killed is set when the program ignored SIGINT for the grace
	// period and had to be killed.
	Killed bool
	// Leftovers holds the command line ("sleep 3001", sanitized, cut at
	// 200 bytes) of each process the program started that was still
	// running after the program itself had ended, on its own or stopped
	// by kafkacheck. kafkacheck killed them, so that none can join the
	// next run's broker. Processes already dying from the program's own
	// stop signals are not counted. At most 100 are named, in the order
	// found (parents before their children); LeftoversDropped counts the
	// others (a fork bomb's). Always empty where the supervisor cannot run
	// (see the package documentation); the program's process group is
	// still killed there.
	Leftovers        []string
	LeftoversDropped int
	// Tail holds the last lines of the program's output, stdout and
	// stderr interleaved, sanitized (see Sanitize); Dropped counts the
	// earlier lines not kept.
	Tail    []string
	Dropped int
	// Ran is how long the program ran.
	Ran time.Duration
}

// Status describes how the program ended: "exit status 1", "killed by
// signal SIGSEGV", or why it did not start.
func (e Exit) Status() string {
	switch {
	case e.Err != nil:
		return "could not start: " + e.Err.Error()
	case e.Signal != "":
		return "killed by signal " + e.Signal
	}
	return fmt.Sprintf("exit status %d", e.Code)
}

// Program returns the program (a harness.Program) that runs c for a team. It returns
// nil when the harness stopped it, and an error saying how it ended when it
// ended on its own. Either way it returns only once every process the
// program started has ended.
func (c *Command) Program() func(ctx context.Context, team string, b broker.Broker) error {
	return func(ctx context.Context, team string, b broker.Broker) error {
		e := c.run(ctx, team, b)
		if c.OnExit != nil {
			c.OnExit(e)
		}
		if e.Stopped {
			return nil
		}
		return fmt.Errorf("%s: %s", c.Args[0], e.Status())
	}
}

// child is one started run of the program, however it is contained.
type child interface {
	pid() int  // the program's pid, which is also its process group id
	root() int // the pid whose descendants are the program's tree; 0 if unknown
	// exited delivers how the program ended, once.
	exited() <-chan result
	// signal sends sig to the program's process group while the program
	// has not ended.
	signal(sig syscall.Signal)
	// finish, once the program has ended, kills what is left of its tree,
	// waits until it is gone and returns the command lines of what had
	// to be killed (at most maxLeftovers) and how many more there were.
	finish() (leftovers []string, dropped int)
}

// result is how the program itself ended.
type result struct {
	code   int
	signal string
}

// run starts the program and waits until it ends or ctx is done, then
// cleans up after it.
func (c *Command) run(ctx context.Context, team string, b broker.Broker) Exit {
	tail := NewTail(cmp.Or(c.TailLines, DefaultTailLines))
	out := io.Writer(tail)
	if c.Output != nil {
		out = io.MultiWriter(tail, c.Output)
	}
	env := append(append(os.Environ(), Env(b, team)...), c.Env...)

	e := Exit{Team: team}
	start := time.Now()
	ch, err := c.start(env, out)
	if err != nil {
		e.Err = err
		e.Tail, e.Dropped = tail.Lines()
		return e
	}
	r := &Running{prog: ch.pid(), root: ch.root(), signal: ch.signal}
	if c.OnStart != nil {
		c.OnStart(r)
	}

	var res result
	select {
	case res = <-ch.exited():
	case <-ctx.Done():
		e.Stopped = true
		res, e.Killed = stop(ch, cmp.Or(c.Grace, DefaultGrace))
	}
	e.Ran = time.Since(start)
	r.end()
	e.Leftovers, e.LeftoversDropped = ch.finish()
	e.Code, e.Signal = res.code, res.signal
	e.Tail, e.Dropped = tail.Lines()
	return e
}

// start starts the program, under the supervisor where it can run.
func (c *Command) start(env []string, out io.Writer) (child, error) {
	// Resolved as os/exec does, against kafkacheck's PATH, with its
	// errors.
	probe := exec.Command(c.Args[0])
	if probe.Err != nil {
		return nil, probe.Err
	}
	if c.Dir != "" {
		// With SysProcAttr set, os/exec would report a missing directory
		// as a missing program.
		if _, err := os.Stat(c.Dir); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				pe.Op = "chdir"
			}
			return nil, err
		}
	}
	if !c.direct && canSupervise() {
		return startSupervised(probe.Path, c.Args, c.Dir, env, out)
	}
	return startDirect(probe.Path, c.Args, c.Dir, env, out)
}

// stop sends SIGINT to the process group, as Ctrl-C would, and SIGKILL
// after grace if the program has not ended by then. It returns how the
// program ended and whether SIGKILL was needed.
func stop(ch child, grace time.Duration) (result, bool) {
	ch.signal(syscall.SIGINT)
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case res := <-ch.exited():
		return res, false
	case <-timer.C:
	}
	ch.signal(syscall.SIGKILL)
	return <-ch.exited(), true
}

// resultOf reads a wait status.
func resultOf(ws syscall.WaitStatus) result {
	if ws.Signaled() {
		return result{code: -1, signal: signalName(ws.Signal())}
	}
	return result{code: ws.ExitStatus()}
}

var signalNames = map[syscall.Signal]string{
	syscall.SIGINT: "SIGINT", syscall.SIGKILL: "SIGKILL", syscall.SIGTERM: "SIGTERM",
	syscall.SIGSEGV: "SIGSEGV", syscall.SIGABRT: "SIGABRT", syscall.SIGPIPE: "SIGPIPE",
}

func signalName(s syscall.Signal) string {
	if n, ok := signalNames[s]; ok {
		return n
	}
	return s.String()
}

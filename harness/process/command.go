package process

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"

	"github.com/kafkacheck/kafkacheck/harness"
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
	// they come. It must be safe for concurrent writes.
	Output io.Writer
	// OnExit, if set, is called once per run when the program has ended,
	// before the harness.Program returns.
	OnExit func(Exit)
}

// Defaults of Command.
const (
	DefaultGrace     = 3 * time.Second
	DefaultTailLines = 40
)

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
	// Tail holds the last lines of the program's output, stdout and
	// stderr interleaved; Dropped counts the earlier lines not kept.
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

// Program returns the harness.Program that runs c for a team. It returns
// nil when the harness stopped it, and an error saying how it ended when it
// ended on its own.
func (c *Command) Program() harness.Program {
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

// run starts the program and waits until it ends or ctx is done.
func (c *Command) run(ctx context.Context, team string, b broker.Broker) Exit {
	tail := NewTail(cmp.Or(c.TailLines, DefaultTailLines))
	out := io.Writer(tail)
	if c.Output != nil {
		out = io.MultiWriter(tail, c.Output)
	}
	cmd := exec.Command(c.Args[0], c.Args[1:]...)
	cmd.Dir = c.Dir
	cmd.Env = append(append(os.Environ(), Env(b, team)...), c.Env...)
	cmd.Stdout, cmd.Stderr = out, out
	// A process group of its own, so that the stop signals reach whatever
	// the program started (a shell script's python, say), and Ctrl-C in
	// kafkacheck's terminal reaches kafkacheck only.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// Wait also waits for the output to be copied; a grandchild that
	// keeps the pipes open after the group was killed must not hang it.
	cmd.WaitDelay = time.Second

	e := Exit{Team: team}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		e.Err = err
		e.Tail, e.Dropped = tail.Lines()
		return e
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	var err error
	select {
	case err = <-exited:
	case <-ctx.Done():
		e.Stopped = true
		err, e.Killed = stop(cmd.Process.Pid, exited, cmp.Or(c.Grace, DefaultGrace))
	}
	e.Ran = time.Since(start)
	e.Code, e.Signal = status(cmd, err)
	e.Tail, e.Dropped = tail.Lines()
	return e
}

// stop sends SIGINT to the process group, as Ctrl-C would, and SIGKILL
// after grace if the program has not ended by then. It returns Wait's error
// and whether SIGKILL was needed.
func stop(pid int, exited <-chan error, grace time.Duration) (error, bool) {
	_ = syscall.Kill(-pid, syscall.SIGINT)
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case err := <-exited:
		return err, false
	case <-timer.C:
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	return <-exited, true
}

// status returns the exit code and, when a signal ended the process, its
// name.
func status(cmd *exec.Cmd, err error) (int, string) {
	st := cmd.ProcessState
	if st == nil {
		return -1, ""
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1, signalName(ws.Signal())
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) && !errors.Is(err, exec.ErrWaitDelay) {
		return -1, ""
	}
	return st.ExitCode(), ""
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

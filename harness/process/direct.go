package process

import (
	"errors"
	"io"
	"os/exec"
	"syscall"
	"time"
)

// direct is the program run as kafkacheck's own child, where the
// supervisor cannot run (no /proc). Only its process group is contained:
// it is killed once the program has ended, so a worker or a background
// job left in the group ends too, but a process that left the group
// (setsid) or was orphaned to init is not found, and nothing is listed in
// Exit.Leftovers.
type direct struct {
	cmd  *exec.Cmd
	exit chan result
}

func startDirect(path string, args []string, dir string, env []string, out io.Writer) (child, error) {
	cmd := exec.Command(path, args[1:]...)
	cmd.Args[0] = args[0]
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = out, out
	// A process group of its own, so that the stop signals reach whatever
	// the program started (a shell script's python, say), and Ctrl-C in
	// kafkacheck's terminal reaches kafkacheck only.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// Wait also waits for the output to be copied; a process of the group
	// that keeps the pipes open must not hang it (it is killed after).
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	d := &direct{cmd: cmd, exit: make(chan result, 1)}
	go func() {
		err := cmd.Wait()
		d.exit <- directResult(cmd, err)
	}()
	return d, nil
}

func (d *direct) pid() int                  { return d.cmd.Process.Pid }
func (d *direct) root() int                 { return 0 }
func (d *direct) exited() <-chan result     { return d.exit }
func (d *direct) signal(sig syscall.Signal) { _ = syscall.Kill(-d.cmd.Process.Pid, sig) }

// finish kills what is left of the program's process group. The group id
// stays reserved while any process is in the group, so this cannot hit an
// unrelated process unless the group is empty and its id was reused in
// between, which needs the whole pid space to wrap around.
func (d *direct) finish() ([]string, int) {
	pgid := d.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	// kill(2) returns before the processes are gone: wait until the group
	// is empty, so that the program has ended when its check has. A
	// killed orphan stays in the group as a zombie until its new parent
	// reaps it, which a container's first process may never do: hence
	// the bound.
	deadline := time.Now().Add(groupGoneTimeout)
	for syscall.Kill(-pgid, 0) == nil && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond) // polling a condition with a deadline
	}
	return nil, 0
}

// groupGoneTimeout bounds the wait for a killed process group to empty.
const groupGoneTimeout = 2 * time.Second

// directResult reads how the program ended from os/exec.
func directResult(cmd *exec.Cmd, err error) result {
	st := cmd.ProcessState
	if st == nil {
		return result{code: -1}
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok {
		return resultOf(ws)
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) && !errors.Is(err, exec.ErrWaitDelay) {
		return result{code: -1}
	}
	return result{code: st.ExitCode()}
}

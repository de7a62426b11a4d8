package process

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// canSupervise reports whether the program can be run under the
// supervisor: it needs /proc, to start this binary again and to find the
// program's processes.
var canSupervise = sync.OnceValue(func() bool {
	_, err := os.Stat(selfExe)
	return err == nil
})

// finishTimeout bounds the wait for the supervisor to kill what is left
// and exit. SIGKILLed processes end at once, except one stuck in the
// kernel (a dead NFS server).
const finishTimeout = 10 * time.Second

// supervised is the program run under the supervisor (supervisor_linux.go),
// seen from kafkacheck.
type supervised struct {
	cmd  *exec.Cmd // the supervisor
	ctl  *os.File  // the control pipe's end we write
	path string

	prog      int         // the program's pid; set before start returns
	exit      chan result // the program's end, once
	done      chan struct{}
	mu        sync.Mutex
	leftovers []string
	dropped   int  // leftovers past maxLeftovers, not named
	lost      bool // the supervisor ended before the program did
}

func startSupervised(path string, args []string, dir string, env []string, out io.Writer) (child, error) {
	ctlR, ctlW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("process: %w", err)
	}
	stR, stW, err := os.Pipe()
	if err != nil {
		ctlR.Close()
		ctlW.Close()
		return nil, fmt.Errorf("process: %w", err)
	}
	cmd := exec.Command(selfExe)
	cmd.Args = append([]string{supervisorArg0, path}, args...)
	cmd.Env = append(slices.Clip(env), supervisorEnv+"="+supervisorProtocol)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.ExtraFiles = []*os.File{ctlR, stW} // fds 3 and 4
	// A process group of its own, so that Ctrl-C in kafkacheck's terminal
	// does not reach it: kafkacheck stops the program itself.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// The supervisor exits only when every process that could hold the
	// output pipes is gone, but one of them may have handed its end to a
	// process outside (over a unix socket): do not hang on that.
	cmd.WaitDelay = time.Second
	err = cmd.Start()
	ctlR.Close()
	stW.Close()
	if err != nil {
		ctlW.Close()
		stR.Close()
		return nil, fmt.Errorf("process: starting kafkacheck's supervisor: %w", err)
	}
	s := &supervised{cmd: cmd, ctl: ctlW, path: path, exit: make(chan result, 1), done: make(chan struct{})}
	started := make(chan error, 1)
	go s.read(stR, started)
	if err := <-started; err != nil {
		// Nothing runs below it: the supervisor is exiting on its own.
		s.ctl.Close()
		<-s.done
		_ = cmd.Wait()
		return nil, err
	}
	return s, nil
}

// read follows the supervisor's status lines until it exits.
func (s *supervised) read(r io.ReadCloser, started chan<- error) {
	defer close(s.done)
	defer r.Close()
	var haveStart, running, haveExit bool
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		kind, rest, _ := strings.Cut(sc.Text(), " ")
		switch kind {
		case "started":
			s.prog, _ = strconv.Atoi(rest)
			haveStart, running = true, true
			started <- nil
		case "failed":
			haveStart = true
			n, msg, _ := strings.Cut(rest, " ")
			if errno, _ := strconv.Atoi(n); errno != 0 {
				// The error os/exec would have returned.
				started <- &fs.PathError{Op: "fork/exec", Path: s.path, Err: syscall.Errno(errno)}
			} else {
				started <- errors.New(msg)
			}
		case "exited":
			ws, _ := strconv.ParseUint(rest, 10, 32)
			haveExit = true
			s.exit <- resultOf(syscall.WaitStatus(ws))
		case "leftover":
			s.mu.Lock()
			if len(s.leftovers) < maxLeftovers {
				s.leftovers = append(s.leftovers, rest)
			} else {
				s.dropped++
			}
			s.mu.Unlock()
		}
	}
	switch {
	case !haveStart:
		started <- errors.New("process: kafkacheck's supervisor ended before starting the program")
	case running && !haveExit:
		s.mu.Lock()
		s.lost = true
		s.mu.Unlock()
		s.exit <- result{code: -1}
	}
}

func (s *supervised) pid() int              { return s.prog }
func (s *supervised) root() int             { return s.cmd.Process.Pid }
func (s *supervised) exited() <-chan result { return s.exit }

// signal asks the supervisor to signal the program's group. Only SIGINT
// and SIGKILL are used.
func (s *supervised) signal(sig syscall.Signal) {
	b := byte('i')
	if sig == syscall.SIGKILL {
		b = 'k'
	}
	_, _ = s.ctl.Write([]byte{b})
}

// finish tells the supervisor to kill what is left, waits until it has
// and exited, and returns the command lines of what it killed.
func (s *supervised) finish() ([]string, int) {
	s.ctl.Close()
	timer := time.NewTimer(finishTimeout)
	defer timer.Stop()
	select {
	case <-s.done:
	case <-timer.C:
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	_ = s.cmd.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lost && s.prog > 0 {
		// The supervisor died under the program (killed by someone):
		// the program is no longer below it. Its group is what can
		// still be reached.
		_ = syscall.Kill(-s.prog, syscall.SIGKILL)
	}
	return s.leftovers, s.dropped
}

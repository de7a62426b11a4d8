package process

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
)

// The supervisor is this same binary, started again by Command with
// argv[0] supervisorArg0 and supervisorEnv set, between kafkacheck and the
// program: kafkacheck → supervisor → program → whatever the program starts.
// It makes itself the child subreaper of the program's tree, so every
// process of that tree stays below it whatever it does (setsid, nohup, a
// double fork), and it reaps them all, which it can do with wait4(-1)
// because it has no other children. The package's init turns a process
// started that way into the supervisor before main runs.
//
// Protocol, on two pipes:
//
//   - control, kafkacheck → supervisor, fd 3: one byte per request, 'i'
//     for SIGINT and 'k' for SIGKILL to the program's process group;
//     end of file (kafkacheck is done, or dead) for "kill everything that
//     is left below you, wait until it is gone, then exit".
//   - status, supervisor → kafkacheck, fd 4: lines "started PID",
//     "failed ERRNO MESSAGE" (the program could not be started), "exited
//     WAITSTATUS" (the program ended and was reaped), "leftover COMMAND"
//     (a process found running after the program ended, killed), and end of
//     file when the supervisor exits, which is after every process below it
//     is gone.
const (
	supervisorArg0     = "kafkacheck-supervisor"
	supervisorEnv      = "KAFKACHECK_SUPERVISOR"
	supervisorProtocol = "1"
	// selfExe is this binary, even when its file was replaced or removed
	// since it started (go run).
	selfExe = "/proc/self/exe"
)

func init() {
	if len(os.Args) >= 3 && os.Args[0] == supervisorArg0 && os.Getenv(supervisorEnv) == supervisorProtocol {
		// syscall.Exit, not os.Exit: no exit hooks to run here, and
		// the race detector's would sleep a second in every
		// supervisor of a -race test binary.
		syscall.Exit(supervise(os.Args[1], os.Args[2:]))
	}
}

// prSetChildSubreaper is PR_SET_CHILD_SUBREAPER of prctl(2), Linux 3.4.
const prSetChildSubreaper = 36

// supervise runs the program at path with argv under the protocol above.
func supervise(path string, argv []string) int {
	ctl, status := os.NewFile(3, "control"), os.NewFile(4, "status")
	if ctl == nil || status == nil {
		return 125
	}
	// Inherited without close-on-exec; the program must not hold them
	// (it would keep kafkacheck's status pipe open after we exit).
	syscall.CloseOnExec(3)
	syscall.CloseOnExec(4)
	say := func(format string, a ...any) { fmt.Fprintf(status, format+"\n", a...) }

	// Without it (a kernel before 3.4) the program's orphans go to init:
	// everything else still works, and they are not caught.
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
	// Before the program starts, so that no SIGCHLD is missed.
	chld := make(chan os.Signal, 1)
	signal.Notify(chld, syscall.SIGCHLD)
	// Stopped by someone else than kafkacheck: take the program's tree
	// along rather than leave it running.
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)

	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, supervisorEnv+"=") })
	p, err := os.StartProcess(path, argv, &os.ProcAttr{
		Env:   env,
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr},
		// A process group of its own, as before the supervisor existed:
		// the stop signals go to it.
		Sys: &syscall.SysProcAttr{Setpgid: true},
	})
	if err != nil {
		var errno syscall.Errno
		errors.As(err, &errno)
		say("failed %d %s", int(errno), Sanitize(err.Error()))
		return 0
	}
	pid := p.Pid
	_ = p.Release() // this goroutine reaps it, with wait4
	say("started %d", pid)

	ctlc := make(chan byte)
	go func() {
		b := make([]byte, 1)
		for {
			n, err := ctl.Read(b)
			if n == 1 {
				ctlc <- b[0]
			}
			if err != nil {
				close(ctlc)
				return
			}
		}
	}()

	// Signals to the group and the reaping happen in this goroutine only:
	// while running is true the program is not reaped, so its pid, and
	// the group id, cannot have been given to another process.
	running := true
	finishing := false
	seen := make(map[[2]uint64]bool) // pid and start time of each process swept
	self := os.Getpid()
	var tick <-chan time.Time
	for {
		select {
		case <-chld:
		case c, ok := <-ctlc:
			switch {
			case !ok:
				ctlc, finishing = nil, true
			case running && c == 'i':
				_ = syscall.Kill(-pid, syscall.SIGINT)
			case running && c == 'k':
				_ = syscall.Kill(-pid, syscall.SIGKILL)
			}
		case <-term:
			finishing = true
		case <-tick:
		}
		none := false
		for {
			var ws syscall.WaitStatus
			wpid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
			if err == syscall.EINTR {
				continue
			}
			if err == syscall.ECHILD {
				none = true
			}
			if err != nil || wpid <= 0 {
				break
			}
			if wpid == pid && running {
				running = false
				say("exited %d", uint32(ws))
			}
		}
		if !finishing {
			continue
		}
		if none {
			// Nothing below us: every process of the program's tree is
			// gone, since an orphan anywhere in it would be our child.
			return 0
		}
		if tick == nil {
			// SIGCHLD says when a child of ours ends, but a killed
			// grandchild may first wait for its dying parent: look again
			// now and then until nothing is left.
			t := time.NewTicker(10 * time.Millisecond)
			defer t.Stop()
			tick = t.C
		}
		sweep(self, pid, running, seen, say)
	}
}

// sweep kills every process below self, and reports those it has not seen
// before as leftovers, except the program itself while it runs (when the
// supervisor is told to finish before the program ended) and those
// already dying (killed with the program's group a moment ago).
func sweep(self, pid int, running bool, seen map[[2]uint64]bool, say func(string, ...any)) {
	all, err := readProcs(procDir)
	if err != nil {
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		return
	}
	for _, p := range descendants(all, self) {
		if p.state == 'Z' || p.state == 'X' {
			continue
		}
		if key := [2]uint64{uint64(p.pid), p.start}; !seen[key] {
			seen[key] = true
			if !(running && p.pid == pid) && !dying(procDir, p) {
				say("leftover %s", cmdline(procDir, p))
			}
		}
		_ = syscall.Kill(p.pid, syscall.SIGKILL)
	}
}

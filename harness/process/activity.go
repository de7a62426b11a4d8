package process

import (
	"errors"
	"fmt"
	"sync"
	"syscall"
	"time"
)

// Activity is what a running program's processes are doing, sampled from
// /proc: enough to tell a program that works slowly (it sleeps between
// records, using no CPU) from one idle in its poll loop (blocked in
// epoll_wait, poll, select or a futex, using no CPU either).
type Activity struct {
	// CPU is the processor time used so far by every thread of every
	// process of the program's tree (the program and what it started,
	// wherever they moved), plus that of its processes that have ended
	// and been reaped. A thread that ended in a process still running
	// takes its time along, so CPU can go down by that much; compare two
	// samples for growth, not for equality.
	CPU time.Duration
	// Sleeping names a thread blocked in nanosleep or clock_nanosleep
	// (Python's time.sleep, C's sleep and usleep, sh's sleep) at the
	// moment of the sample, as in "pid 123 (python3) in clock_nanosleep";
	// empty when none is.
	Sleeping string
	// Procs counts the program's processes alive at the sample.
	Procs int
}

// ErrEnded is returned by Running.Activity once the program has ended.
var ErrEnded = errors.New("process: the program has ended")

// Running is one run of a program while it runs, given to
// Command.OnStart. It is safe for concurrent use.
type Running struct {
	prog int
	root int // the supervisor's pid; 0 without one
	// signal signals the program's process group while it runs (child.signal).
	signal func(syscall.Signal)

	mu    sync.RWMutex
	ended bool
}

// Pid returns the program's process id (that of the command kafkacheck
// started; also its process group id).
func (r *Running) Pid() int { return r.prog }

// Activity samples the activity of the program's whole tree, reading /proc
// (it costs a read of every process's stat file, about a millisecond for
// a few hundred processes). The error wraps errors.ErrUnsupported where
// there is no /proc (or no supervisor to find the tree from), and is
// ErrEnded once the program has ended.
func (r *Running) Activity() (Activity, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	// The lock holds end() back while we read: the supervisor is not
	// reaped, and its pid not reused, before the sample is done.
	if r.ended {
		return Activity{}, ErrEnded
	}
	if r.root == 0 {
		return Activity{}, fmt.Errorf("process: the program runs without kafkacheck's supervisor (no /proc): %w", errors.ErrUnsupported)
	}
	return sample(procDir, r.root)
}

// end makes later Activity calls return ErrEnded, after any running one.
func (r *Running) end() {
	r.mu.Lock()
	r.ended = true
	r.mu.Unlock()
}

package process

import "syscall"

// Signal sends sig to the program's process group, as a terminal would
// (kafkacheck run --step 4 stops one instance with SIGKILL, as a crash
// would). Under the supervisor the signal goes through it, which alone
// reaps the program, so it can never reach a reused pid. It returns
// ErrEnded once the program has ended; the program's end is then
// reported as its own (Exit.Stopped is false, Exit.Signal names sig).
func (r *Running) Signal(sig syscall.Signal) error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.ended {
		return ErrEnded
	}
	r.signal(sig)
	return nil
}

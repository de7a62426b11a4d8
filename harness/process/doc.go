// Package process runs a program under test as a child process: any
// language, any command line. The program learns where the classroom
// cluster is from environment variables (the contract of kafkacheck run,
// see Env), its output is kept in a bounded, sanitized tail for diagnoses
// (see Sanitize), and it is stopped at the end of a scenario with SIGINT,
// then SIGKILL after a grace period, sent to its whole process group so
// that a shell wrapper or a worker it started is stopped too.
//
// # Containment
//
// Everything a program starts ends with its run, even when the program
// itself has ended on its own: a consumer it left in the background would
// otherwise join the next run's broker. The process group is not enough
// for that (setsid, a daemonising double fork and a job that ignores
// SIGINT all survive it), so on Linux the program runs under a supervisor:
// this same binary, started again (see the package's init, which turns a
// process started that way into the supervisor before main runs), between
// kafkacheck and the program. The supervisor makes itself the child
// subreaper of the program's tree (prctl PR_SET_CHILD_SUBREAPER), so that a
// process whose parent ends is reparented to the supervisor instead of
// init; no process of the tree can leave it short of asking another
// service to start it. Once the program has ended, the supervisor kills
// (SIGKILL) whatever is left below it, reaps it, reports each process it
// had to kill (Exit.Leftovers) and exits when nothing is left; Program
// returns after that.
//
// Why a supervisor process rather than making kafkacheck itself the
// subreaper, or a cgroup:
//
//   - Attribution is exact with programs running in parallel: each has its
//     own supervisor, and its tree is that supervisor's descendants. In
//     kafkacheck itself, the orphans of every program (and of any other
//     child of kafkacheck) would land in one place and would have to be
//     told apart by an environment marker, which a program can drop (env
//     -i) and which a zombie no longer shows, or by samples, which miss a
//     process orphaned between two of them.
//   - Reaping is safe: the supervisor has no other children, so it can
//     wait for any child. kafkacheck as a subreaper could not wait for
//     "any" without stealing os/exec's children (its own, or those of
//     other packages), and an orphan it could not attribute would stay a
//     zombie.
//   - The supervisor signals the program's group itself and alone reaps
//     the program, so a signal can never reach a reused pid.
//   - If kafkacheck dies, the control pipe closes and the supervisor kills
//     the program's tree rather than leaving it running.
//   - A cgroup needs root or a delegated subtree (systemd), which students'
//     machines and CI containers do not reliably give; the subreaper needs
//     no privilege (Linux 3.4).
//
// The cost is a start of this binary per run (a few milliseconds; more in
// a -race test binary) and one more process.
//
// Where the supervisor cannot run (not Linux, or no /proc), the program is
// started directly, as before, and only its process group is contained:
// the group is killed once the program has ended, so background jobs and
// workers in it end too, but Exit.Leftovers stays empty and a process that
// left the group is not found.
//
// Not caught: a process started by another service on the program's behalf
// (systemd-run, at, a container engine's docker run), which is never in
// the tree; a process still shutting down from the program's own SIGINT at
// the moment the program ends is killed and named as a leftover.
//
// # Activity
//
// Command.OnStart hands the harness a Running whose Activity samples, from
// /proc, the CPU time of every thread of the program's tree and whether one
// of them is in nanosleep or clock_nanosleep: a program sleeping between
// records is working, one blocked in epoll_wait, poll, select, a futex or a
// read is idle. Sleeps that are not system sleep calls are not seen as
// sleeping: Go's time.Sleep and Node's timers (an epoll timeout), Java's
// Thread.sleep (a futex). A Go program's runtime may itself show as
// sleeping (its sysmon thread uses nanosleep while goroutines run).
package process

package process

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// procDir is where procfs is mounted.
const procDir = "/proc"

// proc is what /proc/PID/stat says about one process.
type proc struct {
	pid, ppid, pgid int
	state           byte   // R, S, D, Z, T…
	flags           uint64 // the kernel's PF_ flags
	start           uint64 // start time in ticks since boot: with pid, an identity that survives pid reuse
	utime, stime    uint64 // ticks, all threads, the dead ones included
	cutime, cstime  uint64 // ticks of the children it has waited for
	comm            string
}

// pfExiting is PF_EXITING: the process has begun to exit (a SIGKILL it
// got is being acted on), so it is not left running.
const pfExiting = 0x4

// tick is one clock tick of /proc's times (USER_HZ, 100 on every Linux
// architecture Go supports).
const tick = 10 * time.Millisecond

// readProcs returns every process in dir. Processes that end while it
// reads are left out. An error wraps errors.ErrUnsupported when dir holds
// no procfs.
func readProcs(dir string) ([]proc, error) {
	f, err := os.Open(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("process: no procfs at %s: %w", dir, errors.ErrUnsupported)
		}
		return nil, fmt.Errorf("process: %w", err)
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("process: reading %s: %w", dir, err)
	}
	procs := make([]proc, 0, len(names))
	buf := make([]byte, 0, 1024)
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil {
			continue
		}
		if p, ok := readStat(dir+"/"+name+"/stat", &buf); ok && p.pid == pid {
			procs = append(procs, p)
		}
	}
	if len(procs) == 0 {
		return nil, fmt.Errorf("process: %s lists no process: %w", dir, errors.ErrUnsupported)
	}
	return procs, nil
}

// readFile reads a small file into *buf, reusing its memory. It uses the
// system calls directly: os.File's poller registration and bookkeeping
// double the cost of the hundreds of reads a sample makes.
func readFile(path string, buf *[]byte) ([]byte, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	b := (*buf)[:0]
	if cap(b) == 0 {
		b = make([]byte, 0, 1024)
	}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := syscall.Read(fd, b[len(b):cap(b)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		b = b[:len(b)+n]
		*buf = b
		if n == 0 {
			return b, nil
		}
	}
}

// readStat parses a /proc/PID/stat or /proc/PID/task/TID/stat file.
func readStat(path string, buf *[]byte) (proc, bool) {
	b, err := readFile(path, buf)
	if err != nil {
		return proc{}, false
	}
	return parseStat(b)
}

// parseStat parses the stat line "pid (comm) state ppid pgrp …". The
// command name may hold spaces and parentheses, so the fields after it
// are found from its last ')'.
func parseStat(b []byte) (proc, bool) {
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return proc{}, false
	}
	var p proc
	var err error
	if p.pid, err = strconv.Atoi(string(bytes.TrimSpace(b[:open]))); err != nil {
		return proc{}, false
	}
	p.comm = string(b[open+1 : end])
	f := bytes.Fields(b[end+1:])
	// f[0] is field 3 of proc(5), state; f[i] is field i+3.
	if len(f) < 20 || len(f[0]) != 1 {
		return proc{}, false
	}
	num := func(i int) uint64 {
		n, e := strconv.ParseUint(string(f[i]), 10, 64)
		if e != nil {
			err = e
		}
		return n
	}
	p.state = f[0][0]
	p.ppid, p.pgid = int(num(1)), int(num(2))
	p.flags = num(6)
	p.utime, p.stime, p.cutime, p.cstime = num(11), num(12), num(13), num(14)
	p.start = num(19)
	return p, err == nil
}

// descendants returns the processes below root, parents before their
// children, from a snapshot of every process.
func descendants(all []proc, root int) []proc {
	children := make(map[int][]int, len(all))
	byPid := make(map[int]int, len(all))
	for i, p := range all {
		children[p.ppid] = append(children[p.ppid], p.pid)
		byPid[p.pid] = i
	}
	// The files are read one by one while processes end and pids are
	// reused, so the snapshot may hold a cycle: visit each pid once.
	seen := map[int]bool{root: true}
	var out []proc
	queue := slices.Clone(children[root])
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		if seen[pid] {
			continue
		}
		seen[pid] = true
		out = append(out, all[byPid[pid]])
		queue = append(queue, children[pid]...)
	}
	return out
}

// cmdline returns a process's command line as one printable line, its
// arguments joined by spaces, or [comm] when it has none (a zombie, a
// kernel thread).
func cmdline(dir string, p proc) string {
	var buf []byte
	b, err := readFile(fmt.Sprintf("%s/%d/cmdline", dir, p.pid), &buf)
	b = bytes.TrimRight(b, "\x00")
	if err != nil || len(b) == 0 {
		return "[" + Sanitize(p.comm) + "]"
	}
	// A long command line (a java classpath) is cut: the report names the
	// process, it does not reproduce it.
	return cutRunes(Sanitize(string(bytes.ReplaceAll(b, []byte{0}, []byte{' '}))), maxLeftoverName)
}

// maxLeftoverName bounds one Exit.Leftovers entry.
const maxLeftoverName = 200

// dying reports whether a process is already on its way out: it has begun
// to exit, or a SIGKILL is pending for it. A process killed together with
// the program's group may be caught in that state.
func dying(dir string, p proc) bool {
	if p.state == 'Z' || p.state == 'X' || p.flags&pfExiting != 0 {
		return true
	}
	var buf []byte
	b, err := readFile(fmt.Sprintf("%s/%d/status", dir, p.pid), &buf)
	if err != nil {
		return true // gone already
	}
	const sigkill = uint64(1) << (9 - 1)
	for line := range bytes.SplitSeq(b, []byte{'\n'}) {
		for _, key := range []string{"SigPnd:", "ShdPnd:"} {
			if v, ok := bytes.CutPrefix(line, []byte(key)); ok {
				mask, err := strconv.ParseUint(string(bytes.TrimSpace(v)), 16, 64)
				if err == nil && mask&sigkill != 0 {
					return true
				}
			}
		}
	}
	return false
}

// sleepSyscalls are the numbers of nanosleep and clock_nanosleep (and its
// time64 twin on 32-bit) per architecture, as /proc/PID/syscall shows them.
var sleepSyscalls = map[string]map[int]string{
	"amd64":   {35: "nanosleep", 230: "clock_nanosleep"},
	"arm64":   {101: "nanosleep", 115: "clock_nanosleep"},
	"riscv64": {101: "nanosleep", 115: "clock_nanosleep"},
	"loong64": {101: "nanosleep", 115: "clock_nanosleep"},
	"386":     {162: "nanosleep", 267: "clock_nanosleep", 407: "clock_nanosleep_time64"},
	"arm":     {162: "nanosleep", 265: "clock_nanosleep", 407: "clock_nanosleep_time64"},
}

// sleepWchans are the kernel functions a thread in nanosleep waits in, as
// /proc/PID/wchan names them, for when /proc/PID/syscall cannot be read
// (it needs ptrace access; wchan does not).
var sleepWchans = map[string]bool{"hrtimer_nanosleep": true, "do_nanosleep": true, "common_nsleep": true}

// sample measures the activity of the processes below root.
func sample(dir string, root int) (Activity, error) {
	all, err := readProcs(dir)
	if err != nil {
		return Activity{}, err
	}
	var a Activity
	var buf []byte
	sleeps := sleepSyscalls[runtime.GOARCH]
	for _, p := range all {
		if p.pid == root {
			// The programs' processes root has reaped: the program's
			// orphans, whose time would otherwise vanish from the sum.
			a.CPU += time.Duration(p.cutime+p.cstime) * tick
		}
	}
	for _, p := range descendants(all, root) {
		a.CPU += time.Duration(p.cutime+p.cstime) * tick
		if p.state == 'Z' || p.state == 'X' {
			a.CPU += time.Duration(p.utime+p.stime) * tick
			continue
		}
		a.Procs++
		task := fmt.Sprintf("%s/%d/task", dir, p.pid)
		f, err := os.Open(task)
		if err != nil {
			continue // it has just ended
		}
		tids, _ := f.Readdirnames(-1)
		f.Close()
		slices.Sort(tids)
		for _, tid := range tids {
			a.CPU += threadCPU(task+"/"+tid, &buf)
			if a.Sleeping == "" {
				if in := sleepingIn(task+"/"+tid, sleeps, &buf); in != "" {
					a.Sleeping = fmt.Sprintf("pid %d (%s) in %s", p.pid, Sanitize(p.comm), in)
				}
			}
		}
	}
	return a, nil
}

// threadCPU is the CPU time one thread has used: schedstat's first field,
// in nanoseconds, or stat's utime and stime in ticks without it.
func threadCPU(dir string, buf *[]byte) time.Duration {
	if b, err := readFile(dir+"/schedstat", buf); err == nil {
		if f := bytes.Fields(b); len(f) > 0 {
			if ns, err := strconv.ParseUint(string(f[0]), 10, 64); err == nil {
				return time.Duration(ns)
			}
		}
	}
	if t, ok := readStat(dir+"/stat", buf); ok {
		return time.Duration(t.utime+t.stime) * tick
	}
	return 0
}

// sleepingIn returns the name of the sleep call a thread is blocked in,
// or "".
func sleepingIn(dir string, sleeps map[int]string, buf *[]byte) string {
	// "230 0x1 …" while blocked in syscall 230, "running" or "-1 …" when
	// not in one.
	if b, err := readFile(dir+"/syscall", buf); err == nil && len(sleeps) > 0 {
		nr, _, _ := strings.Cut(string(b), " ")
		if n, err := strconv.Atoi(strings.TrimSpace(nr)); err == nil {
			return sleeps[n]
		}
		return ""
	}
	if b, err := readFile(dir+"/wchan", buf); err == nil && sleepWchans[string(bytes.TrimSpace(b))] {
		return string(bytes.TrimSpace(b))
	}
	return ""
}

package process_test

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/harness/process"
)

// startProgram runs args until the test ends and returns its handle, once
// the program's output shows ready ("" for at once).
func startProgram(t *testing.T, ready string, args ...string) *process.Running {
	t.Helper()
	runc := make(chan *process.Running, 1)
	out := newSignalWriter(ready)
	cmd := &process.Command{
		Args: args, Grace: 100 * time.Millisecond, Output: out,
		OnStart: func(r *process.Running) { runc <- r },
	}
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() { errc <- cmd.Program()(ctx, "team-3", fakeBroker{}) }()
	t.Cleanup(func() { cancel(); <-errc })
	var r *process.Running
	select {
	case r = <-runc:
	case err := <-errc:
		t.Fatalf("%q ended before it started: %v", args, err)
	}
	if ready == "" {
		return r
	}
	select {
	case <-out.ready:
	case err := <-errc:
		t.Fatalf("%q ended before printing %q: %v; output %q", args, ready, err, out.String())
	case <-time.After(10 * time.Second):
		t.Fatalf("waited 10s for %q to print %q; it printed %q", args, ready, out.String())
	}
	return r
}

// waitActivity samples r until cond holds, for at most 10 s.
func waitActivity(t *testing.T, r *process.Running, what string, cond func(process.Activity) bool) process.Activity {
	t.Helper()
	deadline := time.After(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	var a process.Activity
	var err error
	for {
		a, err = r.Activity()
		if err != nil {
			t.Fatalf("Activity while waiting for %s: %v", what, err)
		}
		if cond(a) {
			return a
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("waited 10s for %s; the last sample was %+v", what, a)
		}
	}
}

func needPython(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed: the activity tests of a Python program need it")
	}
}

func TestActivityCPUGrows(t *testing.T) {
	needPython(t)
	// The busy loop says ready first, so that the CPU measured is its
	// own and not that of starting python (pyenv's shims are scripts).
	const busy = `python3 -c "print('ready', flush=True)
while True: pass"`
	cases := []struct {
		name     string
		args     []string
		procs    int
		sleeping string // what Sleeping must contain; "" for empty
	}{
		{"busy program", []string{"sh", "-c", "exec " + busy}, 1, ""},
		{"busy child of the program", []string{"sh", "-c", busy + " & wait"}, 2, ""},
		{
			// The busy python is an orphan in a session of its own: it
			// still counts, as does the sleeping program.
			"busy orphan of the program",
			[]string{"sh", "-c", "(setsid " + busy + " &); exec sleep 30"}, 2, "(sleep)",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := startProgram(t, "ready", tc.args...)
			first, err := r.Activity()
			if err != nil {
				t.Fatal(err)
			}
			a := waitActivity(t, r, "200ms more CPU than "+first.CPU.String(), func(a process.Activity) bool {
				return a.CPU >= first.CPU+200*time.Millisecond
			})
			if a.Procs != tc.procs || (tc.sleeping == "") != (a.Sleeping == "") || !strings.Contains(a.Sleeping, tc.sleeping) {
				t.Errorf("sample %+v: want %d processes, sleeping %q", a, tc.procs, tc.sleeping)
			}
		})
	}
}

func TestActivitySleeping(t *testing.T) {
	needPython(t)
	cases := []struct {
		name string
		args []string
		comm string
	}{
		{"python time.sleep", []string{"python3", "-c", "import time; time.sleep(30)"}, "(python3"},
		{"sleep", []string{"sleep", "30"}, "(sleep)"},
		{"sleeping child of the program", []string{"sh", "-c", "sleep 30 & wait"}, "(sleep)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := startProgram(t, "", tc.args...)
			a := waitActivity(t, r, "a thread in nanosleep", func(a process.Activity) bool { return a.Sleeping != "" })
			if !strings.Contains(a.Sleeping, tc.comm) || !strings.Contains(a.Sleeping, "nanosleep") {
				t.Errorf("Sleeping = %q, want a %s in nanosleep or clock_nanosleep", a.Sleeping, tc.comm)
			}
		})
	}
}

func TestActivityBlockedOnRead(t *testing.T) {
	needPython(t)
	t.Parallel()
	// kafkacheck gives programs /dev/null as stdin, where a read returns
	// at once: the program blocks reading a pipe nobody writes.
	r := startProgram(t, "ready", "python3", "-c", `import os; r, w = os.pipe(); print("ready", flush=True); os.read(r, 1)`)
	first, err := r.Activity()
	if err != nil {
		t.Fatal(err)
	}
	// An idle program is seen over a window: nothing to wait for.
	window := time.After(300 * time.Millisecond)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for done := false; !done; {
		select {
		case <-tick.C:
		case <-window:
			done = true
		}
		a, err := r.Activity()
		if err != nil {
			t.Fatal(err)
		}
		if a.Sleeping != "" || a.CPU-first.CPU > 20*time.Millisecond || a.Procs != 1 {
			t.Fatalf("sample %+v after %+v: want one process, not sleeping, using no CPU", a, first)
		}
	}
}

func TestActivityAfterTheEnd(t *testing.T) {
	t.Parallel()
	var r *process.Running
	cmd := &process.Command{Args: []string{"true"}, OnStart: func(rr *process.Running) { r = rr }}
	_ = cmd.Program()(t.Context(), "team-3", fakeBroker{})
	if r == nil || r.Pid() <= 0 {
		t.Fatalf("OnStart gave %+v, want a running program with its pid", r)
	}
	if _, err := r.Activity(); !errors.Is(err, process.ErrEnded) {
		t.Errorf("Activity after the end: %v, want ErrEnded", err)
	}
}

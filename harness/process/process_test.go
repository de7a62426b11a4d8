package process_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/process"
)

// fakeBroker is enough of a broker for Env.
type fakeBroker struct{ broker.Broker }

func (fakeBroker) Bootstrap() []string { return []string{"127.0.0.1:9092"} }
func (fakeBroker) Listener() broker.Listener {
	return broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: "PLAIN"}
}

// signalWriter collects output and closes ready at the first line that
// contains want.
type signalWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	want  string
	ready chan struct{}
	once  sync.Once
}

func newSignalWriter(want string) *signalWriter {
	return &signalWriter{want: want, ready: make(chan struct{})}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.want) {
		w.once.Do(func() { close(w.ready) })
	}
	return len(p), nil
}

func (w *signalWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// runUntil runs cmd and cancels it once its output shows ready.
func runUntil(t *testing.T, cmd *process.Command, out *signalWriter) (process.Exit, error) {
	t.Helper()
	var exit process.Exit
	cmd.Output = out
	cmd.OnExit = func(e process.Exit) { exit = e }
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- cmd.Program()(ctx, "team-3", fakeBroker{}) }()
	select {
	case <-out.ready:
		cancel()
	case err := <-errc:
		return exit, err
	case <-time.After(10 * time.Second):
		t.Fatalf("waited 10s for the program to print %q; it printed %q", out.want, out.String())
	}
	return exit, <-errc
}

func TestEnvContract(t *testing.T) {
	out := newSignalWriter("never")
	cmd := &process.Command{Args: []string{"sh", "-c", "env | grep -E '^(BOOTSTRAP_SERVERS|SECURITY_PROTOCOL|SASL_|TEAM_NAME)' | sort"}}
	exit, err := runUntil(t, cmd, out)
	if err == nil || exit.Code != 0 || exit.Stopped {
		t.Fatalf("err %v, exit %+v: want an error for a program that ended on its own with status 0", err, exit)
	}
	want := []string{
		"BOOTSTRAP_SERVERS=127.0.0.1:9092", "SASL_MECHANISM=PLAIN", "SASL_PASSWORD=team-3-secret",
		"SASL_USERNAME=team-3", "SECURITY_PROTOCOL=SASL_PLAINTEXT", "TEAM_NAME=team-3",
	}
	if !slices.Equal(exit.Tail, want) {
		t.Errorf("environment = %q, want %q", exit.Tail, want)
	}
}

func TestInterruptStopsTheProgram(t *testing.T) {
	out := newSignalWriter("ready")
	cmd := &process.Command{Args: []string{"sh", "-c", "trap 'echo interrupted; exit 0' INT; echo ready; while :; do sleep 0.01; done"}}
	exit, err := runUntil(t, cmd, out)
	if err != nil || !exit.Stopped || exit.Killed {
		t.Fatalf("err %v, exit %+v: want stopped by SIGINT, not killed", err, exit)
	}
	if !slices.Contains(exit.Tail, "interrupted") {
		t.Errorf("tail = %q, want the program's own goodbye", exit.Tail)
	}
}

func TestKillAfterGrace(t *testing.T) {
	out := newSignalWriter("ready")
	cmd := &process.Command{
		Args:  []string{"sh", "-c", "trap '' INT; echo ready; while :; do sleep 0.01; done"},
		Grace: 100 * time.Millisecond,
	}
	start := time.Now()
	exit, err := runUntil(t, cmd, out)
	if err != nil || !exit.Stopped || !exit.Killed || exit.Signal != "SIGKILL" {
		t.Fatalf("err %v, exit %+v: want killed with SIGKILL after ignoring SIGINT", err, exit)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stopping took %v", d)
	}
}

func TestExitStatusAndTail(t *testing.T) {
	out := newSignalWriter("never")
	cmd := &process.Command{Args: []string{"sh", "-c", "for i in $(seq 1 100); do echo line $i; done; echo oops >&2; exit 3"}, TailLines: 5}
	exit, err := runUntil(t, cmd, out)
	if err == nil || exit.Code != 3 || exit.Status() != "exit status 3" {
		t.Fatalf("err %v, exit %+v: want exit status 3", err, exit)
	}
	want := []string{"line 97", "line 98", "line 99", "line 100", "oops"}
	if !slices.Equal(exit.Tail, want) || exit.Dropped != 96 {
		t.Errorf("tail = %q (dropped %d), want %q (dropped 96)", exit.Tail, exit.Dropped, want)
	}
}

func TestStartFailures(t *testing.T) {
	cases := []struct {
		name     string
		cmd      process.Command
		want     string
		notExist bool
	}{
		{"not in PATH", process.Command{Args: []string{"no-such-program-kafkacheck"}}, `exec: "no-such-program-kafkacheck": executable file not found in $PATH`, false},
		{"no such file", process.Command{Args: []string{"./no-such-program-kafkacheck"}}, "fork/exec ./no-such-program-kafkacheck: no such file or directory", true},
		{"no such directory", process.Command{Args: []string{"true"}, Dir: "/no-such-dir-kafkacheck"}, "chdir /no-such-dir-kafkacheck: no such file or directory", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			started := false
			tc.cmd.OnStart = func(*process.Running) { started = true }
			exit, err := runUntil(t, &tc.cmd, newSignalWriter("never"))
			if err == nil || exit.Err == nil || exit.Status() != "could not start: "+tc.want || started {
				t.Fatalf("err %v, exit %+v, OnStart called %v: want %q, OnStart not called", err, exit, started, tc.want)
			}
			if tc.notExist && !errors.Is(exit.Err, fs.ErrNotExist) {
				t.Errorf("exit.Err = %#v, want an fs.ErrNotExist", exit.Err)
			}
		})
	}
}

func TestEndedBySignal(t *testing.T) {
	t.Parallel()
	exit, err := runUntil(t, &process.Command{Args: []string{"sh", "-c", "kill -TERM $$"}}, newSignalWriter("never"))
	if err == nil || exit.Stopped || exit.Code != -1 || exit.Status() != "killed by signal SIGTERM" {
		t.Fatalf("err %v, exit %+v: want killed by signal SIGTERM", err, exit)
	}
}

func TestTailCutsLongLines(t *testing.T) {
	tail := process.NewTail(2)
	fmt.Fprintf(tail, "%s\nshort\npartial", strings.Repeat("x", 2000))
	lines, dropped := tail.Lines()
	if len(lines) != 3 || len(lines[0]) != 500 || lines[1] != "short" || lines[2] != "partial" || dropped != 0 {
		t.Errorf("lines = %d %q…, dropped %d", len(lines), lines[1:], dropped)
	}
}

package process_test

import (
	"errors"
	"strings"
	"syscall"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/process"
)

// TestRunningSignal: SIGKILL through Running.Signal ends the program at
// once, a trap on SIGINT notwithstanding, as a crash would; the run
// reports it as the program's own end, killed by SIGKILL, and a later
// Signal says the program has ended.
func TestRunningSignal(t *testing.T) {
	out := newSignalWriter("ready")
	started := make(chan *process.Running, 1)
	var exit process.Exit
	cmd := &process.Command{
		Args:    []string{"sh", "-c", `trap "" INT; echo ready; while :; do sleep 1; done`},
		Output:  out,
		OnStart: func(r *process.Running) { started <- r },
		OnExit:  func(e process.Exit) { exit = e },
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Program()(t.Context(), "team-3", fakeBroker{}) }()
	r := <-started
	<-out.ready
	if err := r.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("Signal: %v", err)
	}
	err := <-done
	if err == nil || !strings.Contains(err.Error(), "killed by signal SIGKILL") {
		t.Errorf("program returned %v, want its end by SIGKILL", err)
	}
	if exit.Stopped || exit.Signal != "SIGKILL" {
		t.Errorf("exit: stopped %v, signal %q; want its own end, by SIGKILL", exit.Stopped, exit.Signal)
	}
	if err := r.Signal(syscall.SIGKILL); !errors.Is(err, process.ErrEnded) {
		t.Errorf("Signal after the end = %v, want ErrEnded", err)
	}
}

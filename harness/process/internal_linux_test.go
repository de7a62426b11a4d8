package process

import (
	"context"
	"errors"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/broker"
)

type plainBroker struct{ broker.Broker }

func (plainBroker) Bootstrap() []string       { return []string{"127.0.0.1:9092"} }
func (plainBroker) Listener() broker.Listener { return broker.Listener{SecurityProtocol: "PLAINTEXT"} }

func TestSampleWithoutProc(t *testing.T) {
	_, err := sample(t.TempDir()+"/no-proc", 1)
	if !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("sample without /proc: %v, want errors.ErrUnsupported", err)
	}
}

// Where the supervisor cannot run, the program runs directly: its process
// group is killed at the end, and Activity is unsupported.
func TestDirectFallback(t *testing.T) {
	var exit Exit
	var r *Running
	var activityErr error
	cmd := &Command{
		// The sleep does not hold the output pipe: os/exec's Wait
		// returns when sh exits, and the sleep is still there.
		Args:   []string{"sh", "-c", "sleep 3005 >/dev/null 2>&1 & exit 3"},
		direct: true,
		// Sampled while it runs.
		OnStart: func(rr *Running) { r = rr; _, activityErr = rr.Activity() },
		OnExit:  func(e Exit) { exit = e },
	}
	_ = cmd.Program()(context.Background(), "team-3", plainBroker{})
	if exit.Code != 3 || len(exit.Leftovers) != 0 || r == nil {
		t.Fatalf("exit %+v: want exit status 3 and no leftovers listed", exit)
	}
	if !errors.Is(activityErr, errors.ErrUnsupported) {
		t.Errorf("Activity without the supervisor: %v, want errors.ErrUnsupported", activityErr)
	}
	all, err := readProcs(procDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		if p.pgid == r.Pid() && p.state != 'Z' {
			t.Errorf("pid %d (%s) of the program's group is alive after it returned", p.pid, p.comm)
		}
	}
}

func TestParseStat(t *testing.T) {
	line := "4242 (we(ird) name) S 1 4242 4242 0 -1 4194560 1 0 0 0 7 3 11 13 20 0 1 0 98765 1 2 3\n"
	p, ok := parseStat([]byte(line))
	want := proc{pid: 4242, ppid: 1, pgid: 4242, state: 'S', flags: 4194560, start: 98765,
		utime: 7, stime: 3, cutime: 11, cstime: 13, comm: "we(ird) name"}
	if !ok || p != want {
		t.Errorf("parseStat = %+v %v, want %+v", p, ok, want)
	}
	if _, ok := parseStat([]byte("4242 (cut")); ok {
		t.Error("parseStat accepted a cut line")
	}
}

// The cost of one Activity: a read of every process's stat, then the
// program's threads.
func BenchmarkSample(b *testing.B) {
	for _, bc := range []struct {
		name string
		root int
	}{{"empty tree", -1}, {"every process", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := sample(procDir, bc.root); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

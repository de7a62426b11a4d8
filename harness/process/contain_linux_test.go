package process_test

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/harness/process"
)

// waitExec is a shell function for the test programs: it returns once
// process $1 runs the command line $2, so that a program says "ready"
// only when what it left behind is what the test expects to be named.
const waitExec = `waitexec() { until [ "$(tr '\0' ' ' < /proc/$1/cmdline 2>/dev/null)" = "$2 " ]; do :; done; }; `

func TestLeftoversAreKilled(t *testing.T) {
	cases := []struct {
		name     string
		start    string // shell commands leaving one process behind
		leftover string // its command line
	}{
		{"background job", `sleep 3001 & waitexec $! "sleep 3001"`, "sleep 3001"},
		{"nohup", `nohup sleep 3002 & waitexec $! "sleep 3002"`, "sleep 3002"},
		{"setsid", `setsid sleep 3003 & waitexec $! "sleep 3003"`, "sleep 3003"},
		{
			// The sleep's parent exits at once: the sleep is an orphan in
			// a session of its own, the way a daemon leaves its parent.
			"daemonising double fork",
			`(setsid sh -c 'sleep 3004 & echo $! > pid' &); until [ -s pid ]; do :; done; waitexec $(cat pid) "sleep 3004"`,
			"sleep 3004",
		},
	}
	for _, tc := range cases {
		for _, stopped := range []bool{false, true} {
			how := "exits on its own"
			end := "exit 0"
			if stopped {
				// The sleeps of the background jobs ignore SIGINT, as sh
				// makes them; this one does not and ends the program.
				how, end = "is stopped", "exec sleep 30"
			}
			t.Run(tc.name+"/"+how, func(t *testing.T) {
				t.Parallel()
				marker := testMarker(t)
				out := newSignalWriter("ready")
				if !stopped {
					out = newSignalWriter("never") // run to the end
				}
				cmd := &process.Command{
					Args: []string{"sh", "-c", waitExec + tc.start + "; echo ready; " + end},
					Dir:  t.TempDir(),
					Env:  []string{marker},
				}
				exit, err := runUntil(t, cmd, out)
				if exit.Stopped != stopped || (err == nil) != stopped {
					t.Errorf("err %v, exit %+v: want stopped %v", err, exit, stopped)
				}
				if !slices.Contains(exit.Leftovers, tc.leftover) {
					t.Errorf("Leftovers = %q, want %q among them; output %q", exit.Leftovers, tc.leftover, out.String())
				}
				// Programs run in parallel: each run must name only its
				// own processes (a short-lived parent of its sleep may
				// be caught too, and its command line names the sleep).
				number := strings.Fields(tc.leftover)[1]
				for _, l := range exit.Leftovers {
					if !strings.Contains(l, number) {
						t.Errorf("Leftovers = %q: %q is not this program's", exit.Leftovers, l)
					}
				}
				assertNoneLeft(t, marker)
			})
		}
	}
}

func TestIgnoringSIGINTIsKilledAfterGrace(t *testing.T) {
	t.Parallel()
	marker := testMarker(t)
	out := newSignalWriter("ready")
	cmd := &process.Command{
		Args:  []string{"sh", "-c", "trap '' INT; echo ready; sleep 30"},
		Grace: 100 * time.Millisecond,
		Env:   []string{marker},
	}
	exit, err := runUntil(t, cmd, out)
	if err != nil || !exit.Stopped || !exit.Killed || exit.Signal != "SIGKILL" {
		t.Fatalf("err %v, exit %+v: want stopped and killed with SIGKILL after the grace", err, exit)
	}
	// The sleep ignored SIGINT too and died with its group: it was not
	// left behind.
	if len(exit.Leftovers) != 0 {
		t.Errorf("Leftovers = %q, want none: the group's SIGKILL ended the sleep", exit.Leftovers)
	}
	assertNoneLeft(t, marker)
}

func TestNoLeftovers(t *testing.T) {
	t.Parallel()
	marker := testMarker(t)
	// A worker the program waits for is not a leftover.
	cmd := &process.Command{Args: []string{"sh", "-c", "sleep 0 & wait; echo done"}, Env: []string{marker}}
	exit, err := runUntil(t, cmd, newSignalWriter("never"))
	if err == nil || exit.Code != 0 || len(exit.Leftovers) != 0 {
		t.Errorf("err %v, exit %+v: want exit status 0 and no leftovers", err, exit)
	}
	assertNoneLeft(t, marker)
}

// testMarker returns an environment variable unique to the test, which
// every process of its program inherits.
func testMarker(t *testing.T) string {
	return fmt.Sprintf("KAFKACHECK_TEST_RUN=%d/%s", os.Getpid(), t.Name())
}

// assertNoneLeft fails when a process whose environment holds marker is
// still alive. A zombie has no environment left to read, and is dead.
func assertNoneLeft(t *testing.T, marker string) {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
		if err != nil || !slices.ContainsFunc(bytes.Split(env, []byte{0}), func(kv []byte) bool { return string(kv) == marker }) {
			continue
		}
		cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		t.Errorf("pid %d (%s) is still alive after the program returned", pid, bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '}))
	}
}

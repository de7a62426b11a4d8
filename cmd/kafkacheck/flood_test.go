package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/harness/diagnose"
)

// TestFloodIsBounded: a program that writes actions without end (a
// million small ones; a thousand of 900 KB) must not take kafkacheck's
// memory or the terminal with it. kafkacheck runs as its own process here
// so that its peak memory can be read.
func TestFloodIsBounded(t *testing.T) {
	needKafkaPython(t)
	for _, tt := range []struct {
		name, bytes string
	}{
		{"a million small actions", "0"},
		{"big actions", "900000"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(kafkacheckBin, "run", "--format", "json", "--team", "team-3", "--listen", "127.0.0.1:0",
				"--scenarios", "../../scenarios/builtin/team-03-financial-sector.yaml", "--", "python3", "testdata/students/flood.py")
			cmd.Env = append(cmd.Environ(), "FLOOD_BYTES="+tt.bytes)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			peak := watchPeakRSS(cmd.Process.Pid)
			err := cmd.Wait()
			rss := peak() >> 10 // KiB → MiB
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 {
				t.Fatalf("exit: %v, want status 1\nstderr:\n%.3000s", err, stderr.String())
			}
			var rep runReport
			if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
				t.Fatalf("stdout is not the report: %v", err)
			}
			if codes := codesOf(rep); !slices.Contains(codes, diagnose.Flood) {
				t.Errorf("codes %v, want flood", codes)
			}
			out := stdout.Len() + stderr.Len()
			t.Logf("output %d bytes, peak RSS %d MiB", out, rss)
			if out > 1<<20 {
				t.Errorf("output is %d bytes, want at most 1 MiB", out)
			}
			if rss > 300 {
				t.Errorf("peak RSS %d MiB, want at most 300", rss)
			}
			if bytes.Contains(stderr.Bytes(), []byte("\x1b[2J")) {
				t.Error("the program's escape sequences reached the terminal")
			}
		})
	}
}

// watchPeakRSS follows the peak resident memory (VmHWM, in KiB) of process
// pid until it exits, and returns a function, to call once the process
// has been waited for, giving the last one read.
// Not wait4's ru_maxrss: Go starts a child by vfork, so that counts the
// memory of this test process, the parent, which under -race and beside
// the package's other tests is far bigger than the kafkacheck measured.
// VmHWM belongs to the process's own address space, fresh after exec; it
// only grows, so the last reading misses at most the last 10 ms.
func watchPeakRSS(pid int) func() int {
	var peak int
	done, stop := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop: // waited for: its pid may already be another's
				return
			default:
			}
			b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
			if err != nil {
				return // the process has ended
			}
			for _, line := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
					if kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))); err == nil && kb > peak {
						peak = kb
					}
				}
			}
			time.Sleep(10 * time.Millisecond) // a sampling period, not a wait for a condition
		}
	}()
	return func() int { close(stop); <-done; return peak }
}

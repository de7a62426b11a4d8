package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"slices"
	"syscall"
	"testing"

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
			err := cmd.Run()
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
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss >> 10 // KiB → MiB
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

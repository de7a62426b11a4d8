package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/broker/container"
	"github.com/kafkacheck/kafkacheck/harness/report"
)

// The 2026-01 classroom runs Redpanda with SCRAM-SHA-256; on --backend
// container, Apache Kafka with SCRAM users stands in for it. These tests
// drive the CLI as a student or a maintainer would.

// TestSuite2026OnContainer: kafkacheck suite --edition 2026-01 --backend
// container passes with the reference client, which logs in with the
// broker's mechanism. The scenarios are narrowed to team-5's: the whole
// built-in suite on both editions is TestBuiltinSuiteOnKafka's, in package
// container.
func TestSuite2026OnContainer(t *testing.T) {
	container.Require(t)
	code, out, stderr := runCLI(t, "suite", "--edition", "2026-01", "--backend", "container", "--team", "team-5", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s\nstdout:\n%s", code, stderr, out)
	}
	var rep report.Suite
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("stdout is not the JSON report: %v\n%s", err, out)
	}
	if rep.Summary.Total == 0 || rep.Summary.Passed != rep.Summary.Total {
		t.Errorf("summary = %+v, want every scenario passed", rep.Summary)
	}
	for _, s := range rep.Scenarios {
		if s.Backend != "container" {
			t.Errorf("scenario %q ran on %q, want container", s.Name, s.Backend)
		}
	}
}

// containerProgram copies a program of testdata/tutorial into a temporary
// folder with its hard-coded "localhost:9092" replaced by the address
// kafkacheck run passes in BOOTSTRAP_SERVERS: the container publishes a
// port of its own, known only once it runs.
func containerProgram(t *testing.T, name string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "tutorial", name))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), `"localhost:9092"`) {
		t.Fatalf("%s does not hard-code localhost:9092 as the tutorial's main.py does", name)
	}
	prog := "import os\n" + strings.ReplaceAll(string(src), `"localhost:9092"`, `os.environ["BOOTSTRAP_SERVERS"]`)
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runOnContainer runs kafkacheck run --format json on the 2026-01
// container with a tutorial program.
func runOnContainer(t *testing.T, program string, flags ...string) (int, runReport, string) {
	t.Helper()
	args := append([]string{"run", "--format", "json", "--backend", "container", "--edition", "2026-01", "--team", "team-5"}, flags...)
	code, out, stderr := runCLI(t, append(args, "--", "python3", containerProgram(t, program))...)
	var rep runReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d; stdout is not the JSON report: %v\nstdout:\n%s\nstderr:\n%s", code, err, out, stderr)
	}
	return code, rep, stderr
}

// TestRun2026Team5OnContainer: the 2026-01 edition's main.py for team-5,
// which logs in with SCRAM-SHA-256, passes kafkacheck run on the container
// without --mechanism: the edition's mechanism is the default. The
// 349bd19 edition's main.py, which logs in with PLAIN, fails there as it
// would in the 2026-01 classroom.
func TestRun2026Team5OnContainer(t *testing.T) {
	needKafkaPython(t)
	container.Require(t)
	t.Run("SCRAM-SHA-256", func(t *testing.T) {
		code, rep, stderr := runOnContainer(t, "main_2026_01_team5.py")
		if code != 0 || !rep.Passed || len(rep.Scenarios) == 0 {
			t.Fatalf("exit %d, passed %v, %d scenarios, diagnostics %+v\nlive output:\n%s", code, rep.Passed, len(rep.Scenarios), rep.Diagnostics, stderr)
		}
		if !strings.Contains(stderr, "mechanism SCRAM-SHA-256") {
			t.Errorf("the settings printed do not name mechanism SCRAM-SHA-256:\n%s", stderr)
		}
	})
	t.Run("PLAIN", func(t *testing.T) {
		// kafka-python retries the refused login without end, so the
		// program never consumes: a short --timeout ends the wait sooner.
		code, rep, stderr := runOnContainer(t, "main_349bd19_team5.py", "--tier", "classroom", "--timeout", "10s")
		if code != 1 || rep.Passed {
			t.Fatalf("exit %d, passed %v; want 1 and a failure: the broker serves SCRAM-SHA-256 only\nlive output:\n%s", code, rep.Passed, stderr)
		}
	})
}

// TestRunEnvContract2026OnContainer: a program that takes its settings
// from the environment, as run's contract says (here the Go reference
// client), gets SASL_MECHANISM=SCRAM-SHA-256 on the 2026-01 container and
// passes; it would be refused with PLAIN.
func TestRunEnvContract2026OnContainer(t *testing.T) {
	container.Require(t)
	args := append([]string{"run", "--format", "json", "--backend", "container", "--edition", "2026-01", "--team", "team-5", "--tier", "classroom", "--"}, selfCommand("client")...)
	code, out, stderr := runCLI(t, args...)
	var rep runReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d; stdout is not the JSON report: %v\nstdout:\n%s\nstderr:\n%s", code, err, out, stderr)
	}
	if code != 0 || !rep.Passed || len(rep.Scenarios) == 0 {
		t.Fatalf("exit %d, passed %v, %d scenarios, diagnostics %+v\nstderr:\n%s", code, rep.Passed, len(rep.Scenarios), rep.Diagnostics, stderr)
	}
}

// TestRunContainerTakesTheEditionsMechanism: on --backend container the
// mechanism is the edition's unless --mechanism says otherwise, and
// another one is a usage error, since the container serves only the
// edition's.
func TestRunContainerTakesTheEditionsMechanism(t *testing.T) {
	for _, tt := range []struct{ edition, want string }{
		{"349bd19", "PLAIN"},
		{"2026-01", "SCRAM-SHA-256"},
	} {
		cfg, err := parseRun(t.Context(), []string{"--backend", "container", "--edition", tt.edition, "--team", "team-5", "--", "true"})
		if err != nil {
			t.Fatalf("--edition %s: %v", tt.edition, err)
		}
		if cfg.mechanism != tt.want {
			t.Errorf("--edition %s --backend container: mechanism %q, want %q", tt.edition, cfg.mechanism, tt.want)
		}
	}
	code, _, stderr := runCLI(t, "run", "--backend", "container", "--edition", "2026-01", "--mechanism", "PLAIN", "--team", "team-5", "--", "true")
	if code != 2 || !strings.Contains(stderr, "--mechanism PLAIN needs --backend kfake") {
		t.Errorf("--mechanism PLAIN on the 2026-01 container: exit %d, stderr %q; want 2 and a usage error", code, stderr)
	}
}

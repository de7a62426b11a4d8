package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/report"
)

func runCLI(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestSuiteJSONPasses(t *testing.T) {
	code, out, stderr := runCLI(t, "suite", "--scenarios", "../../scenarios/testdata/good.yaml", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s\nstdout:\n%s", code, stderr, out)
	}
	var rep report.Suite
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("stdout is not the JSON report: %v\n%s", err, out)
	}
	want := report.Summary{Total: 1, Passed: 1}
	if rep.Summary != want {
		t.Errorf("summary = %+v, want %+v", rep.Summary, want)
	}
	s := rep.Scenarios[0]
	if s.Name != "parser example" || s.Backend != "kfake" || !s.Passed || s.Verdicts.Valid != 2 || len(s.Missing) != 0 || len(s.Unexpected) != 0 {
		t.Errorf("scenario report = %+v", s)
	}
	// The contract's keys are all there, even when empty.
	for _, key := range []string{`"name"`, `"teams"`, `"backend"`, `"passed"`, `"duration_ms"`, `"missing": []`, `"unexpected": []`, `"verdicts"`, `"invalid_json"`, `"missing_fields"`, `"summary"`, `"total"`, `"failed"`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON report lacks %s", key)
		}
	}
}

func TestSuiteFailureExits1(t *testing.T) {
	code, out, _ := runCLI(t, "suite", "--scenarios", "testdata/wrong-expectation.yaml")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stdout:\n%s", code, out)
	}
	for _, want := range []string{
		"FAIL  wrong expectation",
		`missing     {"customer":"a@hotmail.com","reason":"VIP_USER","team":"team-1","type":"CONTACT_CUSTOMER"}`,
		"expected at testdata/wrong-expectation.yaml:10, from event 1 (testdata/wrong-expectation.yaml:6)",
		`instead of the expected action: reason is "LEGACY_EMAIL_PROVIDER", want "VIP_USER"`,
		"about the user of event 2 (testdata/wrong-expectation.yaml:7)",
		"1 scenario: 0 passed, 1 FAILED",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q; got:\n%s", want, out)
		}
	}
}

// TestBadScenarioFilesExit2 proves each kind of malformed file stops the
// CLI with status 2 and a message naming the file and line.
func TestBadScenarioFilesExit2(t *testing.T) {
	for _, tt := range []struct{ file, want string }{
		{"syntax.yaml", "syntax.yaml:3: YAML syntax"},
		{"unknown-key.yaml", `unknown-key.yaml:4: unknown key "exepct"`},
		{"unknown-team.yaml", "unknown-team.yaml:4: unknown team Team-3"},
		{"event-kind.yaml", "event-kind.yaml:5: event 2 must have exactly one key, user or raw"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			code, _, stderr := runCLI(t, "suite", "--scenarios", "../../scenarios/testdata/bad/"+tt.file)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.want)
			}
		})
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"suite", "--format", "xml"},
		{"suite", "--team", "Team-3"},
		{"suite", "--no-such-flag"},
		{"suite", "--backend", "mainframe"},
		{"suite", "--scenarios", "testdata/does-not-exist.yaml"},
		{"suite", "--team", "team-2", "--scenarios", "testdata/wrong-expectation.yaml"},
		{"client"},
		{"run", "--team", "team-1", "--backend", "mainframe", "--", "true"},
		{"run", "--team", "team-1", "--backend", "container", "--plaintext", "--", "true"},
	} {
		if code, _, stderr := runCLI(t, args...); code != 2 || !strings.HasPrefix(stderr, "kafkacheck: ") {
			t.Errorf("kafkacheck %s: exit %d, stderr %q; want 2 and a kafkacheck: message", strings.Join(args, " "), code, stderr)
		}
	}
}

func TestHelpIsDocGo(t *testing.T) {
	code, out, _ := runCLI(t, "help")
	if code != 0 || !strings.HasPrefix(out, "Kafkacheck checks Kafka tutorial programs") || strings.Contains(out, "package main") {
		t.Errorf("help: exit %d, output:\n%s", code, out)
	}
}

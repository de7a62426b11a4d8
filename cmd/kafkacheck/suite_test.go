package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
)

// TestSuiteInterrupted: Ctrl-C at any moment of a suite, loading
// included, ends it with exit 1 and a message, never a panic (a suite
// cancelled between scenarios used to hand the report nil results).
func TestSuiteInterrupted(t *testing.T) {
	for _, after := range []time.Duration{time.Millisecond, 50 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond} {
		ctx, cancel := context.WithTimeout(context.Background(), after) // Ctrl-C after that long
		var out, errb bytes.Buffer
		code := run(ctx, []string{"suite", "--parallel", "1"}, &out, &errb)
		cancel()
		if code != 1 || !strings.Contains(errb.String(), "interrupted") {
			t.Errorf("interrupted after %v: exit %d, stderr %q; want 1 and a message", after, code, errb.String())
		}
	}
}

// TestSuiteExternalWithoutAllowWrite: several scenarios on an external
// cluster need a reset between them, which writes to it: without
// --allow-write the suite is refused before the first one, with exit 2
// and the flag to pass; one scenario runs.
func TestSuiteExternalWithoutAllowWrite(t *testing.T) {
	b, err := embedded.Start(t.Context(), embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	t.Setenv("KAFKACHECK_TEST_ADMIN_PASSWORD", "admin-secret")
	args := []string{"suite", "--backend", "external", "--bootstrap", b.Bootstrap()[0], "--password-env", "KAFKACHECK_TEST_ADMIN_PASSWORD"}
	code, _, stderr := runCLI(t, args...)
	if code != 2 || !strings.Contains(stderr, "--allow-write") {
		t.Errorf("exit %d, stderr %q; want 2 and --allow-write", code, stderr)
	}
	code, out, stderr := runCLI(t, append(args, "--scenarios", "../../scenarios/builtin/team-07-vip-boundary.yaml")...)
	if code != 0 {
		t.Errorf("one scenario: exit %d\n%s\n%s", code, out, stderr)
	}
}

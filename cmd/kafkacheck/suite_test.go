package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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

// TestSuiteSaysWhyAFileIsEdgeTier: a scenario written with a user the
// producer could not send (its email's "a" is no first name of the
// vocabulary) is edge tier, and suite says so and why, since run counts
// its failures as advice only. A classroom-tier file gets no such note.
func TestSuiteSaysWhyAFileIsEdgeTier(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "vip.yaml")
	yaml := "name: my VIP\nteams: [team-7]\nevents:\n  - user: {email: a@gmail.com, premium: true, credit: 11}\n" +
		"expect:\n  actions:\n    - {customer: a@gmail.com, type: CONTACT_CUSTOMER, reason: VIP_USER, team: team-7}\n"
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "suite", "--scenarios", file)
	want := "my VIP: event 1 (" + file + ":4): email \"a@gmail.com\" is not one the producer makes"
	if code != 0 || !strings.Contains(out, "Edge tier") || !strings.Contains(out, want) {
		t.Errorf("exit %d; want 0 and %q\nstdout:\n%s\nstderr:\n%s", code, want, out, stderr)
	}
	code, out, _ = runCLI(t, "suite", "--scenarios", "../../scenarios/builtin/team-07-vip-boundary.yaml")
	if code != 0 || strings.Contains(out, "Edge tier") {
		t.Errorf("a classroom-tier file: exit %d, output:\n%s", code, out)
	}
}

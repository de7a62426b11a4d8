package main

import (
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// TestSuitePassesOnEveryEdition: the built-in suite, against the reference
// client, passes on each edition's classroom on kfake (2026-01: SCRAM-SHA-256
// logins and 5 partitions), and an unknown edition is a usage error that
// names the choices.
func TestSuitePassesOnEveryEdition(t *testing.T) {
	for _, edition := range classroom.EditionNames() {
		t.Run(edition, func(t *testing.T) {
			t.Parallel()
			code, out, stderr := runCLI(t, "suite", "--edition", edition)
			if code != 0 || !strings.Contains(out, "all passed") {
				t.Errorf("suite --edition %s: exit %d\n%s\n%s", edition, code, out, stderr)
			}
		})
	}
	code, _, stderr := runCLI(t, "suite", "--edition", "2026")
	if code != 2 || !strings.Contains(stderr, "349bd19 or 2026-01") {
		t.Errorf("suite --edition 2026: exit %d, stderr %q; want 2 and the editions", code, stderr)
	}
}

package main

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// TestSuitePassesOnEveryEdition: the built-in suite, against the reference
// client, passes on each edition's classroom on kfake (2026-01: SCRAM-SHA-256
// logins and 5 partitions), and an unknown edition is a usage error that
// names the choices. The suites run as kafkacheck's own process, built
// without the race detector: in process under -race, 15 reference clients
// per scenario beside the package's other tests outrun kfake's 10 s
// settle deadline, which says nothing of the editions.
func TestSuitePassesOnEveryEdition(t *testing.T) {
	for _, edition := range classroom.EditionNames() {
		t.Run(edition, func(t *testing.T) {
			cmd := exec.Command(kafkacheckBin, "suite", "--edition", edition, "--parallel", "2")
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "all passed") {
				t.Errorf("suite --edition %s: %v\n%s", edition, err, out)
			}
		})
	}
	cmd := exec.Command(kafkacheckBin, "suite", "--edition", "2026")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "349bd19 or 2026-01") {
		t.Errorf("suite --edition 2026: %v, output %q; want exit 2 and the editions", err, out)
	}
}

package main

import (
	"os/exec"
	"testing"
)

// TestCrosscheck runs crosscheck.py, the independent Python oracle, over
// every built-in scenario when python3 with PyYAML is installed. It is a
// second opinion on the hand-worked files and on the golden corpus, so it
// skips rather than fails where Python is missing.
func TestCrosscheck(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Python over every built-in scenario (about 2 s)")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	if err := exec.Command(python, "-c", "import yaml").Run(); err != nil {
		t.Skip("python3 has no PyYAML (pip install pyyaml, or apt-get install python3-yaml)")
	}
	out, err := exec.Command(python, "crosscheck.py").CombinedOutput()
	if err != nil {
		t.Fatalf("crosscheck.py: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}

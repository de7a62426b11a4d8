package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
)

// junitDoc is what CI reads of a JUnit report.
type junitDoc struct {
	Suites []struct {
		Tests int `xml:"tests,attr"`
		Cases []struct {
			Name      string    `xml:"name,attr"`
			Classname string    `xml:"classname,attr"`
			Failure   *struct{} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// TestJUnitReports: suite --format junit prints a JUnit document with a
// testcase per scenario; run --junit FILE writes one named by team, with
// the failure of a failed scenario.
func TestJUnitReports(t *testing.T) {
	code, out, stderr := runCLI(t, "suite", "--format", "junit", "--scenarios", "../../scenarios/testdata/good.yaml")
	var doc junitDoc
	if code != 0 || xml.Unmarshal([]byte(out), &doc) != nil || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 1 {
		t.Fatalf("suite: exit %d, document %+v\n%s%s", code, doc, out, stderr)
	}

	file := filepath.Join(t.TempDir(), "report.xml")
	code, _, stderr = runCLI(t, "run", "--team", "team-3", "--listen", "127.0.0.1:0", "--junit", file,
		"--scenarios", "../../scenarios/builtin/team-03-financial-sector.yaml", "--", "true")
	b, err := os.ReadFile(file)
	if code != 1 || err != nil {
		t.Fatalf("run: exit %d, %v\n%s", code, err, stderr)
	}
	doc = junitDoc{}
	if err := xml.Unmarshal(b, &doc); err != nil || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 1 {
		t.Fatalf("run: %v, document %+v\n%s", err, doc, b)
	}
	if c := doc.Suites[0].Cases[0]; c.Classname != "team-3" || c.Failure == nil {
		t.Errorf("testcase %+v: want classname team-3 and a failure", c)
	}
}

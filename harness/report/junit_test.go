package report_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/report"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// junitSchema is the JUnit XML schema CI systems accept, as this
// repository writes it down (there is no network to fetch one).
const junitSchema = "testdata/junit.xsd"

// skippedScenario is a scenario that was not run.
func skippedScenario(t *testing.T) *scenarios.Scenario {
	return parse(t, "skip.yaml", "name: not run\nteams: [team-3]\nexpect:\n  actions: []\n")
}

// text is WriteScenario's report of r.
func text(r *harness.Result) string {
	var b strings.Builder
	report.WriteScenario(&b, r)
	return b.String()
}

// TestWriteJUnit pins the document: a failing scenario, a passing one and
// one not run, with their counts, times, timestamp and the failure's text
// as the text report prints it.
func TestWriteJUnit(t *testing.T) {
	fail, pass := failing(t), passing(t)
	start := time.Date(2026, 1, 31, 14, 5, 0, 0, time.Local)
	var got bytes.Buffer
	err := report.JUnit{Name: "kafkacheck suite", Results: []*harness.Result{fail, pass}, Skipped: []*scenarios.Scenario{skippedScenario(t)}, Timestamp: start}.Write(&got)
	if err != nil {
		t.Fatal(err)
	}
	// fail and pass have no verdict times: the run's time is the sum of
	// their durations.
	want := `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="kafkacheck suite" tests="3" failures="1" errors="0" skipped="1" time="1.256" timestamp="2026-01-31T14:05:00">
  <testsuite name="kafkacheck suite" tests="3" failures="1" errors="0" skipped="1" time="1.256" timestamp="2026-01-31T14:05:00">
    <properties>
      <property name="backend" value="kfake"></property>
    </properties>
    <testcase name="golden report" classname="team-1,team-7" file="golden.yaml" time="1.235">
      <failure message="did not settle (flood); team-7&#39;s program failed: exit status 1; 1 expected action never arrived; 5 unexpected messages" type="edge"><![CDATA[` + text(fail) + `]]></failure>
    </testcase>
    <testcase name="golden pass" classname="team-1" file="pass.yaml" time="0.021"></testcase>
    <testcase name="not run" classname="team-3" file="skip.yaml" time="0.000">
      <skipped message="not run"></skipped>
    </testcase>
  </testsuite>
</testsuites>
`
	if diff := cmp.Diff(want, got.String()); diff != "" {
		t.Errorf("JUnit document (-want +got):\n%s", diff)
	}

	// Read back, the failure's text is the text report, byte for byte.
	doc := decodeJUnit(t, got.Bytes())
	if body := doc.Suites[0].Cases[0].Failure.Text; body != text(fail) {
		t.Errorf("failure text:\n%s\nwant WriteScenario's:\n%s", body, text(fail))
	}
}

// TestWriteJUnitTimes: WriteJUnit takes the timestamp from the earliest
// scenario's start and the time from the first start to the last
// verdict (scenarios may run in parallel), in local time.
func TestWriteJUnitTimes(t *testing.T) {
	fail, pass := failing(t), passing(t)
	t0 := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	fail.Verdict = t0.Add(2 * time.Second)                      // started at t0 + 0.765433 s
	pass.Verdict = t0.Add(time.Second + 21400*time.Microsecond) // started at t0 + 1 s
	var b bytes.Buffer
	if err := report.WriteJUnit(&b, "kafkacheck run team-1", []*harness.Result{pass, fail}, nil); err != nil {
		t.Fatal(err)
	}
	doc := decodeJUnit(t, b.Bytes())
	wantStamp := t0.Add(765433 * time.Microsecond).Local().Format("2006-01-02T15:04:05")
	for _, got := range []struct{ what, stamp, time string }{
		{"testsuites", doc.Timestamp, doc.Time},
		{"testsuite", doc.Suites[0].Timestamp, doc.Suites[0].Time},
	} {
		if got.stamp != wantStamp || got.time != "1.235" {
			t.Errorf("%s timestamp, time = %q, %q; want %q, 1.235 (first start to last verdict)", got.what, got.stamp, got.time, wantStamp)
		}
	}
	if c := doc.Suites[0].Cases; len(c) != 2 || c[0].Name != "golden pass" || c[1].Name != "golden report" {
		t.Errorf("testcases %+v, want the results' order", c)
	}
}

// TestWriteJUnitAdvice: a failure that is advice only (kafkacheck run's
// edge tier) is written as passed, its text report in <system-out>.
func TestWriteJUnitAdvice(t *testing.T) {
	fail := failing(t)
	var b bytes.Buffer
	j := report.JUnit{Name: "run", Results: []*harness.Result{fail}, Advice: func(r *harness.Result) bool { return r.Scenario.Tier == scenarios.TierEdge }}
	if err := j.Write(&b); err != nil {
		t.Fatal(err)
	}
	doc := decodeJUnit(t, b.Bytes())
	c := doc.Suites[0].Cases[0]
	if doc.Failures != 0 || doc.Suites[0].Failures != 0 || c.Failure != nil {
		t.Errorf("failures %d, %d, %+v; want none", doc.Failures, doc.Suites[0].Failures, c.Failure)
	}
	if want := "advice only, not a failure: did not settle (flood); team-7's program failed: exit status 1; 1 expected action never arrived; 5 unexpected messages\n" + text(fail); c.SystemOut != want {
		t.Errorf("system-out:\n%s\nwant:\n%s", c.SystemOut, want)
	}
}

// TestWriteJUnitSchema validates WriteJUnit's documents against the JUnit
// XML schema with xmllint, and proves the check can fail: documents
// broken in each way a CI system would refuse do not validate.
func TestWriteJUnitSchema(t *testing.T) {
	lint := xmllint(t)

	// A program's error holding what XML cannot (NUL, ESC), and text
	// that looks like markup or would end a CDATA section.
	hostile := failing(t)
	hostile.ProgramErrors = map[string]error{"team-7": errors.New("exit status 1: \x00\x1b[31m</failure>]]><x>&amp;\nsecond line")}
	for _, tt := range []struct {
		name string
		j    report.JUnit
	}{
		{"failing, passing and skipped", report.JUnit{Name: "kafkacheck suite", Results: []*harness.Result{failing(t), passing(t)}, Skipped: []*scenarios.Scenario{skippedScenario(t)}}},
		{"advice", report.JUnit{Name: "kafkacheck run team-1", Results: []*harness.Result{failing(t)}, Advice: func(*harness.Result) bool { return true }}},
		{"hostile text", report.JUnit{Name: "hostile <suite> & \"name\"", Results: []*harness.Result{hostile}}},
		{"nothing run", report.JUnit{Name: "empty", Skipped: []*scenarios.Scenario{skippedScenario(t)}}},
		{"nothing at all", report.JUnit{Name: "empty"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.j.Write(&b); err != nil {
				t.Fatal(err)
			}
			if out, err := validate(t, lint, b.Bytes()); err != nil {
				t.Errorf("the document does not validate: %v\n%s\n%s", err, out, b.String())
			}
			checkCounts(t, decodeJUnit(t, b.Bytes()))
		})
	}

	var good bytes.Buffer
	if err := report.WriteJUnit(&good, "kafkacheck suite", []*harness.Result{failing(t), passing(t)}, []*scenarios.Scenario{skippedScenario(t)}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, old, new, want string }{
		{"testcase without a name", `<testcase name="golden pass" `, `<testcase `, "Element 'testcase': The attribute 'name' is required"},
		{"time with a unit", `time="0.021"`, `time="21ms"`, "attribute 'time': '21ms' is not a valid value"},
		{"negative count", `tests="3" failures="1" errors="0" skipped="1" time="1.256" timestamp`, `tests="-3" failures="1" errors="0" skipped="1" time="1.256" timestamp`, "attribute 'tests': '-3' is not a valid value"},
		{"timestamp with a zone", `<testsuite name="kafkacheck suite" tests="3" failures="1" errors="0" skipped="1" time="1.256" timestamp="`, `<testsuite name="kafkacheck suite" tests="3" failures="1" errors="0" skipped="1" time="1.256" timestamp="Z`, "attribute 'timestamp': [facet 'pattern']"},
		{"failure outside a testcase", `    <testcase name="golden pass"`, `    <failure message="x"></failure><testcase name="golden pass"`, "Element 'failure': This element is not expected"},
		{"unknown element", `<skipped message="not run"></skipped>`, `<skip></skip>`, "Element 'skip': This element is not expected"},
		{"system-out before the failure", `<failure `, `<system-out>x</system-out><failure `, "Element 'failure': This element is not expected"},
		{"testcase outside a testsuite", `  <testsuite `, `  <testcase name="x"></testcase><testsuite `, "Element 'testcase': This element is not expected"},
		{"not well-formed", `</testsuites>`, `</testsuite>`, "parser error : Opening and ending tag mismatch"},
	} {
		t.Run("broken/"+tt.name, func(t *testing.T) {
			if !strings.Contains(good.String(), tt.old) {
				t.Fatalf("the document has no %q to break", tt.old)
			}
			broken := strings.Replace(good.String(), tt.old, tt.new, 1)
			if tt.name == "timestamp with a zone" {
				// Move the Z to the end of the value: 2026-01-31T14:05:00Z.
				i := strings.Index(broken, `timestamp="Z`) + len(`timestamp="`)
				broken = broken[:i] + broken[i+1:i+20] + "Z" + broken[i+20:]
			}
			out, err := validate(t, lint, []byte(broken))
			if err == nil {
				t.Fatalf("a broken document validates:\n%s", broken)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("xmllint: %v\n%s\nwant a complaint naming %q", err, out, tt.want)
			}
		})
	}
}

// xmllint returns the path of xmllint, or skips the test without it;
// with KAFKACHECK_REQUIRE_CLIENTS=1 (CI), it fails instead.
func xmllint(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		msg := "xmllint is not installed (Debian package libxml2-utils, which clients/install.sh installs), so the JUnit report is not validated against " + junitSchema
		if os.Getenv("KAFKACHECK_REQUIRE_CLIENTS") == "1" {
			t.Fatal(msg + "; KAFKACHECK_REQUIRE_CLIENTS=1 makes that a failure")
		}
		t.Skip(msg)
	}
	return path
}

// validate runs xmllint --noout --schema junit.xsd on doc and returns its
// output; the error is xmllint's exit status when doc does not validate.
// A schema that does not load fails the test.
func validate(t *testing.T, lint string, doc []byte) (string, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "junit.xml")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(lint, "--noout", "--schema", junitSchema, file).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), nil
	case !errors.As(err, &exit):
		t.Fatalf("xmllint: %v", err)
	case exit.ExitCode() == 5: // the schema did not compile
		t.Fatalf("xmllint cannot read %s: %s", junitSchema, out)
	}
	return string(out), err
}

// junitDoc reads back what WriteJUnit writes.
type junitDoc struct {
	Name      string `xml:"name,attr"`
	Tests     int    `xml:"tests,attr"`
	Failures  int    `xml:"failures,attr"`
	Errors    int    `xml:"errors,attr"`
	Skipped   int    `xml:"skipped,attr"`
	Time      string `xml:"time,attr"`
	Timestamp string `xml:"timestamp,attr"`
	Suites    []struct {
		Name      string `xml:"name,attr"`
		Tests     int    `xml:"tests,attr"`
		Failures  int    `xml:"failures,attr"`
		Errors    int    `xml:"errors,attr"`
		Skipped   int    `xml:"skipped,attr"`
		Time      string `xml:"time,attr"`
		Timestamp string `xml:"timestamp,attr"`
		Cases     []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped   *struct{} `xml:"skipped"`
			SystemOut string    `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func decodeJUnit(t *testing.T, b []byte) junitDoc {
	t.Helper()
	var doc junitDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("reading the document back: %v\n%s", err, b)
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("%d testsuites, want 1", len(doc.Suites))
	}
	return doc
}

// checkCounts checks the counts of both levels against the testcases.
func checkCounts(t *testing.T, doc junitDoc) {
	t.Helper()
	s := doc.Suites[0]
	failures, skipped := 0, 0
	for _, c := range s.Cases {
		if c.Failure != nil {
			failures++
		}
		if c.Skipped != nil {
			skipped++
		}
	}
	want := [4]int{len(s.Cases), failures, 0, skipped}
	for _, got := range [][4]int{{doc.Tests, doc.Failures, doc.Errors, doc.Skipped}, {s.Tests, s.Failures, s.Errors, s.Skipped}} {
		if got != want {
			t.Errorf("tests, failures, errors, skipped = %v, want %v", got, want)
		}
	}
	if doc.Time != s.Time || doc.Timestamp != s.Timestamp || doc.Name != s.Name {
		t.Errorf("testsuites name, time, timestamp %q, %q, %q differ from the testsuite's %q, %q, %q", doc.Name, doc.Time, doc.Timestamp, s.Name, s.Time, s.Timestamp)
	}
}

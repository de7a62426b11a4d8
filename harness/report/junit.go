package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/settle"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// WriteJUnit writes results as a JUnit XML report, the format CI systems
// (Jenkins, GitLab, GitHub Actions' test reporters) read: one <testsuite>
// named suiteName, in a <testsuites> root, with one <testcase> per
// scenario:
//
//   - name is the scenario's name and classname its teams, comma-separated:
//     "team-3" for kafkacheck run, whose scenarios are narrowed to the
//     team (Scenario.ForTeam); file is the scenario's file;
//   - time is Result.Duration in seconds;
//   - a scenario that did not pass has a <failure>: its message attribute
//     sums the failure up on one line ("2 expected actions never arrived;
//     1 unexpected message"), its type attribute is the scenario's tier
//     (classroom or edge), and its text is the scenario's text report,
//     exactly as WriteScenario prints it;
//   - each scenario of skipped, scenarios that were not run, is a testcase
//     with <skipped message="not run"/>.
//
// The counts (tests, failures, skipped; errors is always 0: a harness
// that could not run returns an error, not a result), the time and the
// timestamp are set on both <testsuites> and <testsuite>. See JUnit for
// the timestamp and the time, and for failures that are advice only.
//
// The document is valid against testdata/junit.xsd, the JUnit XML
// schema that CI systems accept, which a test checks with xmllint.
func WriteJUnit(w io.Writer, suiteName string, results []*harness.Result, skipped []*scenarios.Scenario) error {
	return JUnit{Name: suiteName, Results: results, Skipped: skipped}.Write(w)
}

// JUnit is a JUnit XML report of one run of scenarios; WriteJUnit writes
// one with the defaults, and says what the document holds.
type JUnit struct {
	// Name names the <testsuites> and its <testsuite>: "kafkacheck
	// suite", "kafkacheck run team-3".
	Name string
	// Results are the scenarios run, one testcase each, in this order.
	Results []*harness.Result
	// Skipped are the scenarios not run, after Results.
	Skipped []*scenarios.Scenario
	// Timestamp is when the run started, written in local time without a
	// zone as JUnit's schema wants it. Zero means the earliest start of a
	// result (Result.Verdict less Result.Duration), or now without one.
	Timestamp time.Time
	// Advice, when set, says which failed results are advice only (in
	// kafkacheck run, an edge-tier scenario without --strict): such a
	// testcase is written as passed, its text report in <system-out>, so
	// that the report agrees with the exit status.
	Advice func(*harness.Result) bool
}

// Write writes the report to w: an XML declaration, then the document,
// indented, ending in a newline.
func (j JUnit) Write(w io.Writer) error {
	suite := junitSuite{
		Name:      j.Name,
		Timestamp: j.start().Local().Format(junitTime),
		Time:      junitSeconds(j.elapsed()),
	}
	if len(j.Results) > 0 && j.Results[0].Backend != "" {
		suite.Properties = &junitProperties{Property: []junitProperty{{Name: "backend", Value: j.Results[0].Backend}}}
	}
	for _, r := range j.Results {
		c := junitCase{
			Name: r.Scenario.Name, Classname: strings.Join(r.Scenario.Teams, ","),
			File: r.Scenario.File, Time: junitSeconds(r.Duration),
		}
		if !r.Passed() {
			var text strings.Builder
			WriteScenario(&text, r)
			if j.Advice != nil && j.Advice(r) {
				c.SystemOut = &junitText{Text: xmlChars("advice only, not a failure: " + failureSummary(r) + "\n" + text.String())}
			} else {
				c.Failure = &junitFailure{Message: failureSummary(r), Type: string(r.Scenario.Tier), Text: xmlChars(text.String())}
				suite.Failures++
			}
		}
		suite.Cases = append(suite.Cases, c)
	}
	for _, s := range j.Skipped {
		suite.Cases = append(suite.Cases, junitCase{
			Name: s.Name, Classname: strings.Join(s.Teams, ","), File: s.File,
			Time: junitSeconds(0), Skipped: &junitSkipped{Message: "not run"},
		})
		suite.Skipped++
	}
	suite.Tests = len(suite.Cases)
	doc := junitSuites{
		Name: suite.Name, Tests: suite.Tests, Failures: suite.Failures, Skipped: suite.Skipped,
		Time: suite.Time, Timestamp: suite.Timestamp, Suites: []junitSuite{suite},
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitTime is the timestamp format of JUnit's schema: ISO 8601 without a
// zone.
const junitTime = "2006-01-02T15:04:05"

// start returns when the run started (see JUnit.Timestamp).
func (j JUnit) start() time.Time {
	if !j.Timestamp.IsZero() {
		return j.Timestamp
	}
	var first time.Time
	for _, r := range j.Results {
		if r.Verdict.IsZero() {
			continue
		}
		if s := r.Verdict.Add(-r.Duration); first.IsZero() || s.Before(first) {
			first = s
		}
	}
	if first.IsZero() {
		return time.Now()
	}
	return first
}

// elapsed returns the run's time: from the earliest start of a result to
// its latest verdict when every result has one (scenarios may run in
// parallel), else the sum of their durations.
func (j JUnit) elapsed() time.Duration {
	var sum time.Duration
	var first, last time.Time
	spans := true
	for _, r := range j.Results {
		sum += r.Duration
		if r.Verdict.IsZero() {
			spans = false
			continue
		}
		if s := r.Verdict.Add(-r.Duration); first.IsZero() || s.Before(first) {
			first = s
		}
		if r.Verdict.After(last) {
			last = r.Verdict
		}
	}
	if !spans || len(j.Results) == 0 {
		return sum
	}
	return last.Sub(first)
}

// failureSummary says on one line why r did not pass, for the failure's
// message: "did not settle (flood); team-7's program failed: exit status
// 1; 1 expected action never arrived; 4 unexpected messages".
func failureSummary(r *harness.Result) string {
	s := FromResult(r)
	var why []string
	if r.Settle.Condition != settle.Settled {
		why = append(why, fmt.Sprintf("did not settle (%s)", r.Settle.Condition))
	}
	for _, e := range s.Errors {
		why = append(why, fmt.Sprintf("%s's program failed: %s", e.Team, Clip([]byte(junitOneLine(e.Error)), 0, 200)))
	}
	if r.NotReplayed {
		why = append(why, fmt.Sprintf("its %d events were never sent", s.Events))
	} else if n := len(s.Missing); n > 0 {
		why = append(why, fmt.Sprintf("%d expected %s never arrived", n, junitPlural(n, "action", "actions")))
	}
	if n := s.UnexpectedTotal; n > 0 {
		why = append(why, fmt.Sprintf("%d unexpected %s", n, junitPlural(n, "message", "messages")))
	}
	if k := s.Keyed; k != nil && !k.Passed {
		why = append(why, fmt.Sprintf("%d %s with the keyed records on %s", len(k.Problems), junitPlural(len(k.Problems), "problem", "problems"), k.Topic))
	}
	if len(why) == 0 {
		return "failed"
	}
	return strings.Join(why, "; ")
}

func junitOneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func junitPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// xmlChars replaces what XML 1.0 cannot hold (most control characters)
// with U+FFFD, for text written as CDATA, which encoding/xml writes as it
// is; in other text and in attributes, it replaces them itself.
func xmlChars(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}

// junitSeconds formats d as JUnit's time: seconds, to the millisecond.
func junitSeconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", max(d, 0).Seconds())
}

// The JUnit XML document; field order is element order.
type (
	junitSuites struct {
		XMLName   xml.Name     `xml:"testsuites"`
		Name      string       `xml:"name,attr"`
		Tests     int          `xml:"tests,attr"`
		Failures  int          `xml:"failures,attr"`
		Errors    int          `xml:"errors,attr"`
		Skipped   int          `xml:"skipped,attr"`
		Time      string       `xml:"time,attr"`
		Timestamp string       `xml:"timestamp,attr"`
		Suites    []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string           `xml:"name,attr"`
		Tests      int              `xml:"tests,attr"`
		Failures   int              `xml:"failures,attr"`
		Errors     int              `xml:"errors,attr"`
		Skipped    int              `xml:"skipped,attr"`
		Time       string           `xml:"time,attr"`
		Timestamp  string           `xml:"timestamp,attr"`
		Properties *junitProperties `xml:"properties"`
		Cases      []junitCase      `xml:"testcase"`
	}
	junitProperties struct {
		Property []junitProperty `xml:"property"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		File      string        `xml:"file,attr,omitempty"`
		Time      string        `xml:"time,attr"`
		Skipped   *junitSkipped `xml:"skipped"`
		Failure   *junitFailure `xml:"failure"`
		SystemOut *junitText    `xml:"system-out"`
	}
	junitText struct {
		Text string `xml:",cdata"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",cdata"`
	}
)

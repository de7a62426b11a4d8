package diagnose

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"github.com/kafkacheck/kafkacheck/harness/process"
)

// Code names a diagnosis; the values are a contract.
type Code string

// The diagnosis codes, in the order they are reported.
const (
	NeverConnected    Code = "never_connected"
	AuthFailed        Code = "auth_failed"
	WrongMechanism    Code = "wrong_mechanism"
	ACLDenied         Code = "acl_denied"
	NoConsumerGroup   Code = "no_consumer_group"
	ClientIDMismatch  Code = "client_id_mismatch"
	NotConsuming      Code = "not_consuming"
	ProgramExited     Code = "program_exited"
	IgnoredSIGINT     Code = "ignored_sigint"
	LeftProcesses     Code = "left_processes"
	InvalidJSON       Code = "invalid_json"
	MissingFields     Code = "missing_fields"
	MissingActions    Code = "missing_actions"
	UnexpectedActions Code = "unexpected_actions"
	DuplicateActions  Code = "duplicate_actions"
	Flood             Code = "flood"
	Timeout           Code = "timeout"
)

// Diagnostic is one diagnosis: a code and a message for a beginner that
// says what was seen and what to try.
type Diagnostic struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
	// Advice is set on a diagnosis that does not fail the run by
	// itself: one of edge-tier scenarios, whose values the classroom
	// never sends (unless kafkacheck run --strict), or a client id that
	// is not the team's.
	Advice bool `json:"advice,omitempty"`
}

// Advisory reports whether d alone does not fail a run.
func (d Diagnostic) Advisory() bool {
	return d.Advice || d.Code == ClientIDMismatch || d.Code == IgnoredSIGINT || d.Code == LeftProcesses
}

// Input is everything a diagnosis may use.
type Input struct {
	// Team is the team the program ran for.
	Team string
	// Bootstrap is the address the program was told to use.
	Bootstrap string
	// Mechanism is the SASL mechanism the broker accepts.
	Mechanism string
	// Runs are the scenarios run, in order.
	Runs []Run
	// NoEvidence says the broker collected no connection evidence (a real
	// Kafka, which kafkacheck cannot watch): the diagnoses that need it
	// (never_connected, auth_failed, acl_denied, no_consumer_group,
	// client_id_mismatch) are not made, rather than made from nothing.
	NoEvidence bool
	// Edge says the runs are of edge-tier scenarios: their values are
	// ones the classroom's producer never sends.
	Edge bool
	// GroupChecked says the edition's leaderboard looks at the team's
	// consumer group (classroom.Profile.GroupChecked): a program outside
	// it then fails, where at 349bd19 it is only told (advice).
	GroupChecked bool
}

// Run is one scenario's run of the program.
type Run struct {
	Result *harness.Result
	// Evidence is what the broker saw of the program in this scenario.
	Evidence tap.Evidence
	// Exit is how the program's process ended; nil if it did not run as a
	// process (an in-process program).
	Exit *process.Exit
}

// Diagnose returns the diagnoses of in, in the order of the codes above,
// at most one per code; none for a correct run. The one exception puts
// causes first: a program that stopped on its own before it ever
// connected is program_exited first, with its output, which says why.
func Diagnose(in Input) []Diagnostic {
	var out []Diagnostic
	add := func(code Code, msg string) {
		if msg != "" {
			out = append(out, Diagnostic{Code: code, Message: msg})
		}
	}
	exitedFirst := exitedUnconnected(in)
	if exitedFirst {
		add(ProgramExited, programExited(in))
	}
	if !in.NoEvidence {
		add(NeverConnected, neverConnected(in))
		add(AuthFailed, authFailed(in))
		add(WrongMechanism, wrongMechanism(in))
		add(ACLDenied, aclDenied(in))
		if in.GroupChecked {
			add(NoConsumerGroup, noConsumerGroup(in))
		}
		add(ClientIDMismatch, clientIDMismatch(in))
	}
	if !hasAny(out, NeverConnected, AuthFailed, WrongMechanism, ACLDenied, NoConsumerGroup) {
		add(NotConsuming, notConsuming(in))
	}
	if !exitedFirst {
		add(ProgramExited, programExited(in))
	}
	if !hasAny(out, NeverConnected, AuthFailed, WrongMechanism, ACLDenied, NoConsumerGroup) {
		// A client still retrying a refused login may take long to stop
		// (kafka-python does): the refusal is the news, not the kill.
		add(IgnoredSIGINT, ignoredSIGINT(in))
	}
	if !in.NoEvidence && !in.GroupChecked {
		if msg := noConsumerGroup(in); msg != "" {
			out = append(out, Diagnostic{Code: NoConsumerGroup, Message: msg, Advice: true})
		}
	}
	add(LeftProcesses, leftProcesses(in))
	add(InvalidJSON, invalidJSON(in))
	add(MissingFields, missingFields(in))
	setup := Setup(out)
	if !setup {
		add(MissingActions, missingActions(in))
	}
	add(UnexpectedActions, unexpectedActions(in))
	add(DuplicateActions, duplicateActions(in))
	add(Flood, flood(in))
	if !setup {
		add(Timeout, timeout(in))
	}
	return out
}

// Setup reports whether ds hold a problem that stops the program from
// working at all, whatever the scenario: running more scenarios would only
// repeat it.
func Setup(ds []Diagnostic) bool {
	ds = slices.DeleteFunc(slices.Clone(ds), func(d Diagnostic) bool { return d.Advice })
	return hasAny(ds, NeverConnected, AuthFailed, WrongMechanism, ACLDenied, NoConsumerGroup, NotConsuming, Timeout)
}

// Failed reports whether ds hold a diagnosis that fails a run.
func Failed(ds []Diagnostic) bool {
	for _, d := range ds {
		if !d.Advisory() {
			return true
		}
	}
	return false
}

func hasAny(ds []Diagnostic, codes ...Code) bool {
	for _, d := range ds {
		for _, c := range codes {
			if d.Code == c {
				return true
			}
		}
	}
	return false
}

// maxListed bounds the entries a message lists; the scenario diffs above
// it have the rest.
const maxListed = 8

// list formats entries as indented lines, at most maxListed of them.
func list(entries []string) string {
	var b strings.Builder
	for i, e := range entries {
		if i == maxListed {
			fmt.Fprintf(&b, "\n  … and %d more", len(entries)-maxListed)
			break
		}
		b.WriteString("\n  - ")
		b.WriteString(strings.ReplaceAll(e, "\n", "\n    "))
	}
	return b.String()
}

// plural returns "1 action" or "3 actions"; "copy" becomes "copies".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	if w, ok := strings.CutSuffix(word, "y"); ok {
		return fmt.Sprintf("%d %sies", n, w)
	}
	if strings.HasSuffix(word, "s") {
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

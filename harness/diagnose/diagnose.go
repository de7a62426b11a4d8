package diagnose

import (
	"fmt"
	"strings"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/process"
)

// Code names a diagnosis; the values are a contract.
type Code string

// The diagnosis codes, in the order they are reported.
const (
	NeverConnected    Code = "never_connected"
	AuthFailed        Code = "auth_failed"
	ACLDenied         Code = "acl_denied"
	NoConsumerGroup   Code = "no_consumer_group"
	ClientIDMismatch  Code = "client_id_mismatch"
	ProgramExited     Code = "program_exited"
	InvalidJSON       Code = "invalid_json"
	MissingFields     Code = "missing_fields"
	MissingActions    Code = "missing_actions"
	UnexpectedActions Code = "unexpected_actions"
	DuplicateActions  Code = "duplicate_actions"
	Timeout           Code = "timeout"
)

// Diagnostic is one diagnosis: a code and a message for a beginner that
// says what was seen and what to try.
type Diagnostic struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
}

// Advisory reports whether d alone does not fail a run.
func (d Diagnostic) Advisory() bool { return d.Code == ClientIDMismatch }

// Input is everything a diagnosis may use.
type Input struct {
	// Team is the team the program ran for.
	Team string
	// Bootstrap is the address the program was told to use.
	Bootstrap string
	// Runs are the scenarios run, in order.
	Runs []Run
	// NoEvidence says the broker collected no connection evidence (a real
	// Kafka, which kafkacheck cannot watch): the diagnoses that need it
	// (never_connected, auth_failed, acl_denied, no_consumer_group,
	// client_id_mismatch) are not made, rather than made from nothing.
	NoEvidence bool
}

// Run is one scenario's run of the program.
type Run struct {
	Result *harness.Result
	// Evidence is what the broker saw of the program in this scenario.
	Evidence Evidence
	// Exit is how the program's process ended; nil if it did not run as a
	// process (an in-process program).
	Exit *process.Exit
}

// Diagnose returns the diagnoses of in, in the order of the codes above,
// at most one per code; none for a correct run.
func Diagnose(in Input) []Diagnostic {
	var out []Diagnostic
	add := func(code Code, msg string) {
		if msg != "" {
			out = append(out, Diagnostic{Code: code, Message: msg})
		}
	}
	if !in.NoEvidence {
		add(NeverConnected, neverConnected(in))
		add(AuthFailed, authFailed(in))
		add(ACLDenied, aclDenied(in))
		add(NoConsumerGroup, noConsumerGroup(in))
		add(ClientIDMismatch, clientIDMismatch(in))
	}
	add(ProgramExited, programExited(in))
	add(InvalidJSON, invalidJSON(in))
	add(MissingFields, missingFields(in))
	setup := len(out) > 0 && hasAny(out, NeverConnected, AuthFailed, ACLDenied, NoConsumerGroup)
	if !setup {
		add(MissingActions, missingActions(in))
	}
	add(UnexpectedActions, unexpectedActions(in))
	add(DuplicateActions, duplicateActions(in))
	if !setup {
		add(Timeout, timeout(in))
	}
	return out
}

// Setup reports whether ds hold a problem that stops the program from
// working at all, whatever the scenario: running more scenarios would only
// repeat it.
func Setup(ds []Diagnostic) bool {
	return hasAny(ds, NeverConnected, AuthFailed, ACLDenied, NoConsumerGroup, Timeout)
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
	return fmt.Sprintf("%d %ss", n, word)
}

package diagnose

import (
	"fmt"
	"strings"

	"github.com/kafkacheck/kafkacheck/harness/settle"
)

// tailShown is how many of the program's last lines a message shows.
const tailShown = 15

// programExited: the program ended on its own in some scenario.
func programExited(in Input) string {
	for _, r := range in.Runs {
		e := r.Exit
		if e == nil || e.Stopped {
			continue
		}
		if e.Err != nil {
			return fmt.Sprintf("Your program could not be started: %v. Check the command after -- : "+
				"it must be a program on your PATH or a path to one, such as python3 consumer.py.", e.Err)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Your program stopped on its own during scenario %q (%s, after %.1f s). ",
			r.Result.Scenario.Name, e.Status(), e.Ran.Seconds())
		switch {
		case e.Code == 0:
			b.WriteString("It ended without an error: a consumer must keep polling until it is interrupted " +
				"(for message in consumer: ...), and flush its producer before it exits.")
		default:
			b.WriteString("It must skip values it cannot use (not JSON, a missing field) rather than crash.")
		}
		lines := e.Tail
		if len(lines) > tailShown {
			lines = lines[len(lines)-tailShown:]
		}
		if len(lines) == 0 {
			b.WriteString(" It printed nothing.")
		} else {
			b.WriteString(" Its last lines of output:")
			for _, l := range lines {
				b.WriteString("\n    | ")
				b.WriteString(l)
			}
		}
		return b.String()
	}
	return ""
}

// timeout: a scenario that did not settle before its deadline.
func timeout(in Input) string {
	for _, r := range in.Runs {
		if r.Result.Settle.Condition != settle.Deadline {
			continue
		}
		return fmt.Sprintf("Scenario %q did not settle in time: %s. kafkacheck waits until your consumer group "+
			"has committed every event of new_users; does your program commit its offsets (enable_auto_commit=True, "+
			"kafka-python's default, or consumer.commit())? If it is just slow, give it longer with --timeout.",
			r.Result.Scenario.Name, r.Result.Settle.Detail)
	}
	return ""
}

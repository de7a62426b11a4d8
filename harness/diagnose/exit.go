package diagnose

import (
	"fmt"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"slices"
	"strings"

	"github.com/kafkacheck/kafkacheck/classroom"
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
		sc := r.Result.Scenario
		switch {
		case e.Code == 0:
			b.WriteString("It ended without an error: a consumer must keep polling until it is interrupted " +
				"(for message in consumer: ...), and flush its producer before it exits.")
		case r.Result.NotReplayed:
			b.WriteString("It stopped before kafkacheck sent it any user: its last lines below say why.")
		case in.Edge:
			fmt.Fprintf(&b, "That scenario is an edge case: it sends values the classroom's producer never sends (such as "+
				"%s), so in class your program would not meet them; a robust program skips a value it cannot use rather than crash.", sc.TierReason)
		default:
			b.WriteString("It must handle every user the classroom's producer sends rather than crash: its last lines below say where it failed.")
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

// exitedUnconnected reports whether, in some run, the program stopped on
// its own (or could not start) without ever connecting to the broker.
func exitedUnconnected(in Input) bool {
	for _, r := range in.Runs {
		if e := r.Exit; e != nil && !e.Stopped && r.Evidence.Connections == 0 {
			return true
		}
	}
	return false
}

// ignoredSIGINT: the program did not stop on SIGINT and was killed.
func ignoredSIGINT(in Input) string {
	for _, r := range in.Runs {
		if e := r.Exit; e != nil && e.Killed {
			return "Your program did not stop within the grace period (--grace) after kafkacheck pressed Ctrl-C for it " +
				"(SIGINT), so it was killed (SIGKILL). In class, Ctrl-C should stop it: do not catch KeyboardInterrupt " +
				"(or use a bare except:) without exiting. This alone does not fail the run."
		}
	}
	return ""
}

// leftProcesses: the program left processes running after it ended.
func leftProcesses(in Input) string {
	var left []string
	for _, r := range in.Runs {
		if r.Exit != nil {
			left = append(left, r.Exit.Leftovers...)
		}
	}
	if len(left) == 0 {
		return ""
	}
	return fmt.Sprintf("Your program left %s running after it ended, and kafkacheck killed %s:%s\n"+
		"A process your program starts in the background (with &, nohup, setsid, a thread pool that is "+
		"not shut down) would keep consuming in class after you stop the program, and steal its users. "+
		"This alone does not fail the run.", plural(len(left), "process"), itThem(len(left)), list(left))
}

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// notConsuming: the program never had a position on every partition of
// new_users, so the scenario's events were never replayed.
func notConsuming(in Input) string {
	for _, r := range in.Runs {
		if r.Result.Settle.Condition != settle.NotReady {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "kafkacheck never sent your program the users of scenario %q: it waits until your consumer has its "+
			"position on every partition of %s, as a consumer in class has while the producer runs, and %s. ",
			r.Result.Scenario.Name, classroom.NewUsers, r.Result.Settle.Detail)
		if in.NoEvidence {
			b.WriteString("On this backend a commit is the only sign of a position: kafka-python commits on its own every 5 s " +
				"(enable_auto_commit=True, the default); a program that turns auto-commit off must call consumer.commit(). ")
		} else {
			b.WriteString(didWhat(in.Team, r.Evidence))
		}
		fmt.Fprintf(&b, "A consumer must subscribe to %q in its group (KafkaConsumer(%q, group_id=%q, ...)) and keep polling "+
			"(for message in consumer: ...): one that assigns itself a partition, or stops polling, misses the others' users.",
			classroom.NewUsers, classroom.NewUsers, in.Team)
		return b.String()
	}
	return ""
}

// didWhat says what the broker saw the program do, for a beginner.
func didWhat(team string, ev tap.Evidence) string {
	var did []string
	if ev.Authenticated() {
		did = append(did, "logged in")
	}
	for _, m := range ev.Joined {
		did = append(did, fmt.Sprintf("joined group %q", m.Group))
	}
	switch parts := sortedParts(ev.Positions); {
	case len(parts) == 0:
		did = append(did, fmt.Sprintf("never fetched from %s", classroom.NewUsers))
	default:
		did = append(did, fmt.Sprintf("fetched only partition %s of %s", parts, classroom.NewUsers))
	}
	return "What the broker saw: your program " + strings.Join(did, ", ") + ". "
}

func sortedParts(pos map[int32]int64) string {
	parts := make([]string, 0, len(pos))
	for p := range pos {
		parts = append(parts, fmt.Sprint(p))
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// flood: a scenario ended early because the program wrote far more
// actions than it expects.
func flood(in Input) string {
	for _, r := range in.Runs {
		if r.Result.Settle.Condition != settle.Flood {
			continue
		}
		return fmt.Sprintf("Scenario %q was ended early: %s. kafkacheck kept the first %d and counted the others (%d). "+
			"Send one action per matching user: not one per poll, not in a loop that resends.",
			r.Result.Scenario.Name, r.Result.Settle.Detail, len(r.Result.Records), r.Result.Dropped)
	}
	return ""
}

// timeout: a scenario that did not settle before its deadline.
func timeout(in Input) string {
	for _, r := range in.Runs {
		if r.Result.Settle.Condition != settle.Deadline {
			continue
		}
		return fmt.Sprintf("Scenario %q did not settle in time: %s. kafkacheck waits until your consumer has "+
			"fetched every event of new_users and your program then stays idle, or until your consumer group has "+
			"committed every event (enable_auto_commit=True, kafka-python's default, or consumer.commit()). "+
			"If your program is just slow, give it longer with --timeout.",
			r.Result.Scenario.Name, r.Result.Settle.Detail)
	}
	return ""
}

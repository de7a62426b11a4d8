package diagnose

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"github.com/kafkacheck/kafkacheck/harness/process"
	"github.com/kafkacheck/kafkacheck/harness/settle"
)

// The diagnoses of step 4 (kafkacheck run --step 4), besides step 3's.
const (
	// EveryInstanceReadEveryPartition: the instances did not share the
	// partitions in the team's group, each read them all (a student who
	// calls consumer.assign with every partition, or gives each copy a
	// group of its own), so each action arrived once per instance.
	EveryInstanceReadEveryPartition Code = "every_instance_read_every_partition"
	// NoTakeOver: the stopped instance's partitions were not given to the
	// others in time.
	NoTakeOver Code = "no_take_over"
)

// ScaleUp returns the diagnoses of a step-4 run: step 3's on what step 4
// does not allow (ScaleUpResult.Step3: every duplicate but the take-over's),
// and step 4's own. ev is the tap's evidence (empty on a container, with
// in.NoEvidence set), exit how an instance that stopped on its own ended,
// if one did.
func ScaleUp(in Input, r *harness.ScaleUpResult, ev tap.Evidence, exit *process.Exit) []Diagnostic {
	in.Runs = []Run{{Result: r.Step3(), Evidence: ev, Exit: exit}}
	out := Diagnose(in)
	if msg := everyPartition(in.Team, r); msg != "" {
		// It explains the duplicates: drop step 3's "send one action
		// per user", which would send the student the wrong way.
		out = slices.DeleteFunc(out, func(d Diagnostic) bool { return d.Code == DuplicateActions })
		out = append(out, Diagnostic{Code: EveryInstanceReadEveryPartition, Message: msg})
	}
	if msg := noTakeOver(r); msg != "" {
		out = slices.DeleteFunc(out, func(d Diagnostic) bool { return d.Code == Timeout })
		out = append(out, Diagnostic{Code: NoTakeOver, Message: msg})
	}
	return out
}

// everyPartition: duplicates no take-over explains, with the broker's
// evidence that the instances did not share the partitions.
func everyPartition(team string, r *harness.ScaleUpResult) string {
	if r.Duplicates.Other == 0 {
		return ""
	}
	var seen []string
	if r.MostMembers < r.Instances {
		most := fmt.Sprintf("at most %s", plural(r.MostMembers, "member"))
		if r.MostMembers == 0 {
			most = "no member"
		}
		seen = append(seen, fmt.Sprintf("the broker listed %s in group %s while your %d instances ran",
			most, team, r.Instances))
	}
	if shared := sharedPartitions(r.Fetchers); len(shared) > 0 {
		seen = append(seen, fmt.Sprintf("before any instance was stopped, your instances read the same partitions "+
			"side by side: %s (a group gives each partition to one consumer at a time)", strings.Join(shared, ", ")))
	}
	if d := r.Duplicates; d.Expected > 0 && 2*d.Everywhere > d.Expected {
		seen = append(seen, fmt.Sprintf("%d of the %d expected actions arrived %d times or more, once per instance",
			d.Everywhere, d.Expected, r.Instances))
	}
	if len(seen) == 0 {
		return "" // step 3's duplicate_actions says what arrived twice
	}
	return fmt.Sprintf("Every instance read every partition of new_users instead of sharing them in your team's consumer group: %s. "+
		"%s arrived about users whose partition never changed owner, so the take-over cannot explain them. "+
		"Subscribe to the topic in your team's group and let Kafka share out the partitions: "+
		`KafkaConsumer("new_users", group_id=%q, ...), with no consumer.assign(...) and no group id of your own; `+
		"then each user is handled by one instance only.",
		strings.Join(seen, "; "), plural(r.Duplicates.Other, "extra copy"), team)
}

// sharedPartitions lists the partitions more than one connection fetched.
func sharedPartitions(fetchers map[int32]int) []string {
	var ps []int32
	for p, n := range fetchers {
		if n > 1 {
			ps = append(ps, p)
		}
	}
	slices.Sort(ps)
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("partition %d by %d connections", p, fetchers[p])
	}
	return out
}

// noTakeOver: the group never gave the stopped instance's partitions to
// the others.
func noTakeOver(r *harness.ScaleUpResult) string {
	if r.TookOver || r.Stopped < 0 || r.Settle.Condition != settle.Deadline {
		return ""
	}
	return fmt.Sprintf("After instance %d was stopped with %s, its partitions were not taken over: %s. "+
		"In a consumer group the broker gives a stopped member's partitions to the others once its session "+
		"timeout has passed (45 s by default) and they rejoin; a program that never polls again, or that reads "+
		"outside the group, never takes them. If your session timeout is longer, give kafkacheck longer with --timeout.",
		r.Stopped+1, r.Signal, r.Settle.Detail)
}

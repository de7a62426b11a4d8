package harness

import (
	"time"

	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/harness/settle"
)

// Options tune how a scenario is run. Zero fields take the defaults of
// DefaultOptions for the broker's backend.
type Options struct {
	// Idle is how long no new action must arrive, once every group has
	// committed, before the scenario counts as settled.
	Idle time.Duration
	// Poll is how often consumer-group offsets are checked.
	Poll time.Duration
	// Deadline bounds the wait for a scenario to settle.
	Deadline time.Duration
	// StopGrace bounds the wait for programs to stop once cancelled.
	StopGrace time.Duration
	// OnAction, if set, sees every captured action as it arrives, with
	// its verdict.
	OnAction func(judge.Captured, judge.Verdict)
	// OnReplayed, if set, is told new_users' end offsets before and after
	// each scenario's replay, for a live display of progress.
	OnReplayed func(from, to map[int32]int64)

	// Positions, if set, returns where the programs' consumers are on a
	// topic, by partition, as a connection tap saw their Fetch requests.
	// Replay then waits until every partition has a position (see
	// Session), and with Activity a position at the end offsets stands
	// in for a commit (see package settle).
	Positions func(topic string) map[int32]int64
	// PositionsShowWork, if set, reports whether those positions show
	// the work done, not just the data received (settle.Wait).
	PositionsShowWork func() bool
	// Activity, if set, samples the programs' processes.
	Activity func() (settle.Activity, error)
	// Quiet is the idle window when positions stand in for commits.
	Quiet time.Duration
	// Flood is how many actions past a scenario's expected ones end it
	// early (settle.Flood): it can no longer pass, and a program that
	// writes without end must not take kafkacheck's memory with it.
	// Zero means DefaultFlood.
	Flood int
	// Probe, without Positions, makes replay wait until every team's
	// group has committed past a probe user (the neutral user) on every
	// partition: the evidence of readiness a broker without a tap shows.
	Probe bool
}

// DefaultOptions returns the defaults for a backend: kfake answers in
// microseconds, a real broker in milliseconds. The idle window only matters
// for a program that commits before its sends are acknowledged (the
// reference client acknowledges first, so once its group has committed,
// its actions are all on the topic); kafkacheck run, which runs such
// programs, asks for a longer one.
func DefaultOptions(backend string) Options {
	if backend == "kfake" {
		return Options{Idle: 2 * time.Millisecond, Poll: time.Millisecond, Deadline: 10 * time.Second, StopGrace: 10 * time.Second}
	}
	return Options{Idle: 100 * time.Millisecond, Poll: 20 * time.Millisecond, Deadline: 60 * time.Second, StopGrace: 30 * time.Second}
}

// DefaultQuiet is the idle window of the positions path. A program that
// has fetched everything is done once it stays quiet this long: no action,
// next to no CPU, no thread asleep. It must cover the gaps of a working
// program that none of these show, such as a wait for a produce's
// acknowledgement, which takes a millisecond on loopback.
const DefaultQuiet = 100 * time.Millisecond

// DefaultFlood is Options.Flood's default: far more than a wrong rule or a
// duplicate on each user gives (the built-in suite's largest scenario
// expects 1,248 actions), far fewer than a runaway loop writes.
const DefaultFlood = 5000

func (o Options) withDefaults(backend string) Options {
	d := DefaultOptions(backend)
	if o.Idle == 0 {
		o.Idle = d.Idle
	}
	if o.Poll == 0 {
		o.Poll = d.Poll
	}
	if o.Deadline == 0 {
		o.Deadline = d.Deadline
	}
	if o.StopGrace == 0 {
		o.StopGrace = d.StopGrace
	}
	if o.Quiet == 0 {
		o.Quiet = DefaultQuiet
	}
	if o.Flood == 0 {
		o.Flood = DefaultFlood
	}
	return o
}

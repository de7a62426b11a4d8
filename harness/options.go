package harness

import (
	"time"

	"github.com/kafkacheck/kafkacheck/harness/judge"
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
	return o
}

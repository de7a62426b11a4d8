package harness

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kafkacheck/kafkacheck/harness/settle"
)

// instance is one running copy of the program.
type instance struct {
	progs   *programs
	stopped bool // by the ScaleUp, part-way
}

// startInstance starts instance i; an instance that stops on its own,
// unless stopped part-way, is reported on u.exited.
func (u *scaleRun) startInstance(ctx context.Context, i int) {
	p := startPrograms(ctx, u.b, []string{u.s.Team}, u.s.Program(i))
	in := &instance{progs: p}
	u.mu.Lock()
	u.insts = append(u.insts, in)
	u.mu.Unlock()
	go func() {
		// A program that stopped on its own said so before it was done.
		p.wg.Wait()
		select {
		case team := <-p.exited:
			u.mu.Lock()
			stopped := in.stopped
			u.mu.Unlock()
			if !stopped {
				u.exited <- fmt.Sprintf("%s (instance %d)", team, i+1)
			}
		default:
		}
	}()
}

// stop stops instance i part-way and waits for it to end.
func (u *scaleRun) stop(i int) error {
	u.mu.Lock()
	in := u.insts[i]
	in.stopped = true
	u.mu.Unlock()
	if u.s.Kill == nil {
		in.progs.stop(u.opts.StopGrace)
		return nil
	}
	if err := u.s.Kill(i); err != nil {
		return fmt.Errorf("stop instance %d: %w", i+1, err)
	}
	done := make(chan struct{})
	go func() { in.progs.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(u.opts.StopGrace):
		return fmt.Errorf("instance %d still running %v after SIGKILL", i+1, u.opts.StopGrace)
	}
	return nil
}

// stopAll stops every instance and returns the errors of those that
// failed, but for the one stopped part-way, by instance ("instance 2").
func (u *scaleRun) stopAll() map[string]error {
	u.mu.Lock()
	insts := slices.Clone(u.insts)
	u.mu.Unlock()
	var errs map[string]error
	for i, in := range insts {
		if in.stopped {
			in.progs.stop(u.opts.StopGrace) // ended already: releases its context
			continue
		}
		for _, err := range in.progs.stop(u.opts.StopGrace) {
			if errs == nil {
				errs = map[string]error{}
			}
			errs[fmt.Sprintf("instance %d", i+1)] = err
		}
	}
	return errs
}

// errExited is a wait ended by an instance that stopped on its own.
type errExited struct{ who string }

func (e errExited) Error() string { return e.who + " stopped on its own" }

func exitedOutcome(err error) (settle.Outcome, bool) {
	var e errExited
	if errors.As(err, &e) {
		return settle.Outcome{Condition: settle.ProgramExited, Detail: e.who, At: time.Now()}, true
	}
	return settle.Outcome{}, false
}

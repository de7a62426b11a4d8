package settle_test

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/capture"
	"github.com/kafkacheck/kafkacheck/harness/replay"
	"github.com/kafkacheck/kafkacheck/harness/settle"
)

// fixture is a classroom with three events replayed to new_users (two on
// partition 0, one on partition 1) and a capture of actions, but no
// program: the tests commit and produce actions themselves.
type fixture struct {
	adm  *kadm.Client
	prod *kgo.Client // produces to actions, partition 0
	capt *capture.Capture
}

// ends are new_users' end offsets after the fixture's replay.
var ends = map[int32]int64{0: 2, 1: 1}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	b, err := embedded.Start(t.Context(), embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	adm, err := b.Admin()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(adm.Close)
	prod, err := kgo.NewClient(append(b.AdminOpts(), replay.Opts()...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(prod.Close)
	if err := replay.Replay(t.Context(), prod, classroom.NewUsers, 2, [][]byte{[]byte("u1"), []byte("u2"), []byte("u3")}); err != nil {
		t.Fatal(err)
	}
	capt, err := capture.Start(classroom.Actions, map[int32]int64{0: 0, 1: 0}, nil, capture.Limits{}, b.AdminOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(capt.Close)
	return &fixture{adm: adm, prod: prod, capt: capt}
}

// commit commits group's offsets on new_users, partition → offset.
func (f *fixture) commit(t *testing.T, group string, at map[int32]int64) {
	t.Helper()
	var offs kadm.Offsets
	for p, o := range at {
		offs.Add(kadm.Offset{Topic: classroom.NewUsers, Partition: p, At: o, LeaderEpoch: -1})
	}
	resp, err := f.adm.CommitOffsets(t.Context(), group, offs)
	if err == nil {
		err = resp.Error()
	}
	if err != nil {
		t.Fatalf("commit %v for %s: %v", at, group, err)
	}
}

// action produces values to actions and waits until the capture has them.
func (f *fixture) action(t *testing.T, values ...string) {
	t.Helper()
	for _, v := range values {
		if err := f.prod.ProduceSync(t.Context(), &kgo.Record{Topic: classroom.Actions, Value: []byte(v)}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	listed, err := f.adm.ListEndOffsets(ctx, classroom.Actions)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int32]int64{}
	listed.Each(func(o kadm.ListedOffset) { want[o.Partition] = o.Offset })
	if err := f.capt.WaitOffsets(ctx, want); err != nil {
		t.Fatal(err)
	}
}

// wait is a Wait on the fixture for groups, with short windows.
func (f *fixture) wait(groups ...string) settle.Wait {
	return settle.Wait{
		Admin: f.adm, Groups: groups, Topic: classroom.NewUsers, Ends: ends,
		Actions: classroom.Actions, Capture: f.capt,
		Idle: 20 * time.Millisecond, Poll: 5 * time.Millisecond, Deadline: 10 * time.Second,
	}
}

func TestWaitSettlesOnCommits(t *testing.T) {
	f := newFixture(t)
	f.commit(t, "team-1", map[int32]int64{0: 2, 1: 1})
	f.commit(t, "team-2", map[int32]int64{0: 2, 1: 1})
	// Written after the commits and not yet captured when the wait
	// starts: the wait must still see it (step 2 catches the capture up).
	if err := f.prod.ProduceSync(t.Context(), &kgo.Record{Topic: classroom.Actions, Value: []byte("late")}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	o := f.wait("team-1", "team-2").Run(t.Context())
	if o.Condition != settle.Settled || o.By != "commits" || o.Detail != "" {
		t.Fatalf("outcome %+v, want settled by commits with no detail", o)
	}
	if o.At.Sub(start) < 20*time.Millisecond {
		t.Errorf("settled %v after the start, before an idle window of 20ms", o.At.Sub(start))
	}
	if n, _ := f.capt.Pending(); n != 1 {
		t.Errorf("capture holds %d actions when settled, want the 1 written", n)
	}
}

func TestWaitIgnoresEmptyPartitions(t *testing.T) {
	f := newFixture(t)
	f.commit(t, "team-1", map[int32]int64{0: 2})
	w := f.wait("team-1")
	w.Ends = map[int32]int64{0: 2, 1: 0} // nothing replayed to partition 1
	if o := w.Run(t.Context()); o.Condition != settle.Settled || o.By != "commits" {
		t.Fatalf("outcome %+v, want settled by commits", o)
	}
}

func TestWaitDeadlineSaysWhatIsPending(t *testing.T) {
	f := newFixture(t)
	f.commit(t, "team-1", map[int32]int64{0: 2, 1: 1}) // done
	f.commit(t, "team-2", map[int32]int64{0: 1})       // one event left on partition 0, none read on 1
	w := f.wait("team-1", "team-2")
	w.Deadline = 200 * time.Millisecond
	o := w.Run(t.Context())
	want := "waited 200ms for the consumer groups to commit new_users up to offsets [0:2 1:1]; " +
		"still pending: group team-2: partition 0 at 1 of 2, partition 1 at no commit of 1"
	if o.Condition != settle.Deadline || o.Detail != want || o.By != "" {
		t.Errorf("outcome %+v\nwant deadline with detail %q", o, want)
	}
}

func TestWaitFlood(t *testing.T) {
	f := newFixture(t)
	f.action(t, "a1", "a2", "a3")
	w := f.wait("team-1")
	w.Flood, w.Expected = 2, 1
	o := w.Run(t.Context())
	want := "3 actions (0 MB) arrived where 1 were expected: the scenario can no longer pass, so it was ended there"
	if o.Condition != settle.Flood || o.Detail != want {
		t.Errorf("outcome %+v\nwant flood with detail %q", o, want)
	}

	// Bytes flood too: 3 actions of 2 bytes each are over 5 bytes.
	w.Flood, w.FloodBytes = 100, 5
	if o := w.Run(t.Context()); o.Condition != settle.Flood {
		t.Errorf("outcome %+v over FloodBytes, want flood", o)
	}
	// Within both bounds, the wait goes on to its deadline.
	w.Flood, w.FloodBytes, w.Deadline = 3, 6, 100*time.Millisecond
	if o := w.Run(t.Context()); o.Condition != settle.Deadline {
		t.Errorf("outcome %+v within the flood bounds, want a deadline", o)
	}
}

func TestWaitEndsWhenAProgramExits(t *testing.T) {
	f := newFixture(t)
	exited := make(chan string, 1)
	exited <- "team-4"
	w := f.wait("team-4")
	w.Exited = exited
	if o := w.Run(t.Context()); o.Condition != settle.ProgramExited || o.Detail != "team-4" {
		t.Errorf("outcome %+v, want program exited with detail team-4", o)
	}
}

// idleProgram is the evidence of a program whose consumers fetched every
// event and that uses no CPU.
func idleProgram(w *settle.Wait, positions map[int32]int64, sleeping string) {
	w.Positions = func() map[int32]int64 { return positions }
	w.PositionsShowWork = func() bool { return true }
	w.Activity = func() (settle.Activity, error) {
		return settle.Activity{CPU: time.Second, Sleeping: sleeping}, nil
	}
	w.Quiet = 30 * time.Millisecond
}

func TestWaitSettlesOnPositions(t *testing.T) {
	f := newFixture(t)
	// The group exists (kfake answers GROUP_ID_NOT_FOUND for one that
	// never committed) but has committed nothing of the events.
	f.commit(t, "team-1", map[int32]int64{0: 0})
	w := f.wait("team-1")
	idleProgram(&w, map[int32]int64{0: 2, 1: 1}, "")
	if o := w.Run(t.Context()); o.Condition != settle.Settled || o.By != "positions" {
		t.Fatalf("outcome %+v, want settled by positions", o)
	}

	// Positions that do not show the work done never stand in.
	w.PositionsShowWork = func() bool { return false }
	w.Deadline = 100 * time.Millisecond
	o := w.Run(t.Context())
	want := "waited 100ms for the consumer groups to commit new_users up to offsets [0:2 1:1]; " +
		"still pending: group team-1: partition 0 at 0 of 2, partition 1 at no commit of 1; " +
		"the program's consumers fetch new_users at offsets [0:2 1:1]"
	if o.Condition != settle.Deadline || o.Detail != want {
		t.Errorf("outcome %+v\nwant deadline with detail %q", o, want)
	}
}

func TestWaitPositionsBehind(t *testing.T) {
	f := newFixture(t) // team-1 never committed: kfake knows no such group
	w := f.wait("team-1")
	idleProgram(&w, map[int32]int64{0: 1}, "")
	w.Deadline = 100 * time.Millisecond
	o := w.Run(t.Context())
	want := "waited 100ms for the consumer groups to commit new_users up to offsets [0:2 1:1]; " +
		"still pending: group team-1: partition 0 at no commit of 2, partition 1 at no commit of 1; " +
		"the program's consumers fetch new_users at offsets [0:1]"
	if o.Condition != settle.Deadline || o.Detail != want {
		t.Errorf("outcome %+v\nwant deadline with detail %q", o, want)
	}

	idleProgram(&w, map[int32]int64{}, "")
	o = w.Run(t.Context())
	want = "waited 100ms for the consumer groups to commit new_users up to offsets [0:2 1:1]; " +
		"still pending: group team-1: partition 0 at no commit of 2, partition 1 at no commit of 1; " +
		"the program's consumers never fetched from new_users"
	if o.Condition != settle.Deadline || o.Detail != want {
		t.Errorf("outcome %+v\nwant deadline with detail %q", o, want)
	}
}

func TestWaitASleepingProgramIsNotIdle(t *testing.T) {
	f := newFixture(t)
	w := f.wait("team-1")
	idleProgram(&w, map[int32]int64{0: 2, 1: 1}, "thread 42 in nanosleep")
	w.Deadline = 200 * time.Millisecond
	o := w.Run(t.Context())
	want := "the program never stayed idle for 30ms before the deadline (actions arriving, CPU in use or a thread asleep); " +
		"the program's consumers fetch new_users at offsets [0:2 1:1] and it was still working (thread 42 in nanosleep)"
	if o.Condition != settle.Deadline || o.Detail != want {
		t.Errorf("outcome %+v\nwant deadline with detail %q", o, want)
	}

	// A commit up to the end offsets ends the positions path as on the
	// commits path, even with a thread asleep (a leftover sleep &).
	f.commit(t, "team-1", map[int32]int64{0: 2, 1: 1})
	w.Deadline = 10 * time.Second
	if o := w.Run(t.Context()); o.Condition != settle.Settled || o.By != "commits" {
		t.Errorf("outcome %+v after the commit, want settled by commits", o)
	}
}

package client

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestStopFinishesThePollInHand: a stop that arrives while a poll's
// actions are being acknowledged does not cut the poll short. Its offsets
// are committed, so the instance that takes the partitions over does not
// send the actions again (step 4 with a Ctrl-C). The stop is the broker
// receiving the first Produce, the worst moment: acknowledged but not yet
// committed.
func TestStopFinishesThePollInHand(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(2, NewUsers), kfake.SeedTopics(1, Actions))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	seed, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...))
	if err != nil {
		t.Fatal(err)
	}
	defer seed.Close()
	const users = 10
	for range users {
		// goodUser is in Asia: team-9 acts on it.
		if err := seed.ProduceSync(t.Context(), &kgo.Record{Topic: NewUsers, Value: []byte(goodUser)}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}

	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	c.ControlKey(int16(kmsg.Produce), func(kmsg.Request) (kmsg.Response, error, bool) {
		stop()
		return nil, nil, false // observe only: the broker acknowledges it
	})
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Config{Bootstrap: c.ListenAddrs(), SecurityProtocol: "PLAINTEXT", Team: "team-9"})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run after a stop: %v", err)
		}
	case <-time.After(finishTimeout + 10*time.Second):
		t.Fatal("Run did not return after the stop")
	}

	adm := kadm.NewClient(seed)
	committed, err := adm.FetchOffsets(t.Context(), "team-9")
	if err != nil {
		t.Fatal(err)
	}
	ends, err := adm.ListEndOffsets(t.Context(), NewUsers, Actions)
	if err != nil {
		t.Fatal(err)
	}
	var read, sent int64
	committed.Each(func(o kadm.OffsetResponse) {
		if o.Topic == NewUsers {
			read += o.At
		}
	})
	ends.Each(func(o kadm.ListedOffset) {
		if o.Topic == Actions {
			sent += o.Offset
		}
	})
	if sent == 0 {
		t.Fatal("no action was sent before the stop; the test did not stop mid-poll")
	}
	// Each user sent one action: the committed offsets cover exactly as
	// many users as actions were acknowledged.
	if read != sent {
		t.Errorf("stopped with %d actions acknowledged but %d users committed; want the poll in hand committed", sent, read)
	}
}

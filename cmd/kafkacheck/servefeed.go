package main

import (
	"context"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/leaderboard"
	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// serveDrainWait bounds how long serve, once stopped, goes on reading
// actions and the step-5 topic up to where they ended at the stop, so that
// the final leaderboard counts every record written before it.
const serveDrainWait = 5 * time.Second

// produceUsers writes users like the tutorial's producer to new_users at
// rate per second until ctx is done; rate 0 writes none (another producer
// feeds new_users). The board learns the users from new_users, as it
// learns anyone else's. Records are not compressed: the tutorial's
// producer does not compress, and kafka-python cannot read snappy without
// an extra library.
func produceUsers(ctx context.Context, b *embedded.Broker, view *boardView, rate float64, seed int64) error {
	if rate == 0 {
		return nil
	}
	cl, err := kgo.NewClient(append(broker.ClientOpts(b, classroom.AdminUser, classroom.AdminPassword),
		kgo.DefaultProduceTopic(classroom.NewUsers),
		kgo.ProducerBatchCompression(kgo.NoCompression()),
		kgo.ProducerLinger(0),
	)...)
	if err != nil {
		return fmt.Errorf("producer: %w", err)
	}
	defer cl.Close()
	p := producer.New(seed)
	interval := time.Duration(float64(time.Second) / rate)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		cl.Produce(ctx, &kgo.Record{Value: p.Next().JSON()}, func(_ *kgo.Record, err error) {
			if err != nil && ctx.Err() == nil {
				view.problem(fmt.Errorf("producer: %w", err))
			}
		})
	}
}

// feed is serve's reader of actions and the edition's step-5 topic.
type feed struct {
	b     *embedded.Broker
	board *leaderboard.Board
	view  *boardView
	prod  *producers
	users *usersRead
}

// watchTopics reads actions and the step-5 topic from their start,
// outside any group, and feeds the board; records are judged and dropped,
// never kept. Each record is credited to the user who wrote it, as prod
// learns from the broker; an action about a user not read yet waits for
// the reader of new_users. When ctx is done it goes on reading up to the
// end offsets of that moment, for at most serveDrainWait, and returns.
func (f *feed) watchTopics(ctx context.Context) error {
	step5 := f.board.Profile().Step5.Topic
	cl, err := kgo.NewClient(append(broker.ClientOpts(f.b, classroom.AdminUser, classroom.AdminPassword),
		kgo.ConsumeTopics(classroom.Actions, step5),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
	)...)
	if err != nil {
		return fmt.Errorf("watch %s: %w", classroom.Actions, err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	next := map[partitionOf]int64{} // where this reader is
	// Records are judged with judging, which is not cancelled by a stop:
	// a fetch in hand is judged whole (each wait has its own bound).
	poll, judging := ctx, context.WithoutCancel(ctx)
	var ends map[partitionOf]int64 // set when stopped
	for {
		if ends == nil && ctx.Err() != nil {
			drain, cancel := context.WithTimeout(judging, serveDrainWait)
			defer cancel()
			if ends, err = endOffsets(drain, adm, classroom.Actions, step5); err != nil {
				return nil // the board stays as it is
			}
			poll, judging = drain, drain
		}
		if ends != nil && reachedAll(next, ends) {
			return nil
		}
		fetches := cl.PollFetches(poll)
		if ends != nil && poll.Err() != nil {
			return nil
		}
		f.judge(judging, adm, fetches)
		fetches.EachPartition(func(p kgo.FetchTopicPartition) {
			if n := len(p.Records); n > 0 {
				next[partitionOf{p.Topic, p.Partition}] = p.Records[n-1].Offset + 1
			}
		})
	}
}

// judge feeds one fetch to the board, in order.
func (f *feed) judge(ctx context.Context, adm *kadm.Client, fetches kgo.Fetches) {
	needUsers := false
	fetches.EachRecord(func(r *kgo.Record) {
		needUsers = needUsers || (r.Topic == classroom.Actions && f.board.NeedsUser(r.Value))
	})
	if needUsers {
		if err := f.users.catchUp(ctx, adm); err != nil && ctx.Err() == nil {
			f.view.problem(fmt.Errorf("judging actions with the users read so far: %w", err))
		}
	}
	var deadline time.Time // for the whole fetch: see producers
	fetches.EachRecord(func(r *kgo.Record) {
		login, ok := f.prod.producer(ctx, r.Topic, r.Partition, r.Offset, &deadline)
		if !ok {
			return
		}
		if r.Topic != classroom.Actions {
			f.view.unlocked(f.board.Step5Record(r.Value, login))
			return
		}
		f.view.action(f.board.Action(r.Value, login))
	})
}

// endOffsets lists the end offsets of topics.
func endOffsets(ctx context.Context, adm *kadm.Client, topics ...string) (map[partitionOf]int64, error) {
	listed, err := adm.ListEndOffsets(ctx, topics...)
	if err == nil {
		err = listed.Error()
	}
	if err != nil {
		return nil, err
	}
	ends := map[partitionOf]int64{}
	listed.Each(func(o kadm.ListedOffset) { ends[partitionOf{o.Topic, o.Partition}] = o.Offset })
	return ends, nil
}

// reachedAll reports whether next is at or past every partition's end.
func reachedAll(next, ends map[partitionOf]int64) bool {
	for p, end := range ends {
		if next[p] < end {
			return false
		}
	}
	return true
}

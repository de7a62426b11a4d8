package main

import (
	"context"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/leaderboard"
	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// produceUsers writes users like the tutorial's producer to new_users at
// rate per second until ctx is done. Records are not compressed: the
// tutorial's producer does not compress, and kafka-python cannot read
// snappy without an extra library.
func produceUsers(ctx context.Context, b *embedded.Broker, board *leaderboard.Board, view *boardView, rate float64, seed int64) error {
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
		v := p.Next().JSON()
		board.Produced(v)
		cl.Produce(ctx, &kgo.Record{Value: v}, func(_ *kgo.Record, err error) {
			if err != nil && ctx.Err() == nil {
				view.problem(fmt.Errorf("producer: %w", err))
			}
		})
	}
}

// watchTopics reads actions and watchlist from their start, outside any
// group, and feeds the board; records are judged and dropped, never kept.
// Each record is credited to the user who wrote it, as prod learns from
// the broker; one whose writer is not known falls back to its team field.
func watchTopics(ctx context.Context, b *embedded.Broker, board *leaderboard.Board, view *boardView, prod *producers) error {
	cl, err := kgo.NewClient(append(broker.ClientOpts(b, classroom.AdminUser, classroom.AdminPassword),
		kgo.ConsumeTopics(classroom.Actions, classroom.Watchlist),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
	)...)
	if err != nil {
		return fmt.Errorf("watch %s: %w", classroom.Actions, err)
	}
	defer cl.Close()
	for {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var deadline time.Time // for the whole fetch: see producers
		fetches.EachRecord(func(r *kgo.Record) {
			login, ok := prod.producer(ctx, r.Topic, r.Partition, r.Offset, &deadline)
			if !ok {
				return
			}
			if r.Topic == classroom.Watchlist {
				view.unlocked(board.WatchlistRecord(r.Value, login))
				return
			}
			view.action(board.Action(r.Value, login))
		})
	}
}

// Package client is the reference student program of the tutorial's steps
// 1 to 3 and 5, written as a careful student would with franz-go: it
// consumes new_users in the team's consumer group, keeps the users that
// match the team's rule, produces one action per match to actions (and,
// with Config.Step5, a keyed record to the edition's compacted topic), and
// commits a consumed offset only after every record up to it is
// acknowledged. A crash may therefore produce a record twice, never lose
// one.
package client

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Topic names, as in the tutorial.
const (
	NewUsers = "new_users"
	Actions  = "actions"
)

// Stats counts what a client did.
type Stats struct {
	Consumed int64 // records read from new_users
	Skipped  int64 // values that were not a valid user
	Produced int64 // actions acknowledged on actions
}

// Client is one running instance of a team's program.
type Client struct {
	cfg   Config
	rule  Rule
	cl    *kgo.Client
	step5 *step5

	consumed, skipped, produced atomic.Int64
}

// New checks cfg and connects lazily; call Run to start consuming.
func New(cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	rule, _ := RuleFor(cfg.Team) // withDefaults checked the team
	s5, err := newStep5(cfg.Step5, cfg.Team)
	if err != nil {
		return nil, err
	}
	opts := append([]kgo.Opt{
		kgo.SeedBrokers(cfg.Bootstrap...),
		kgo.ClientID(cfg.ClientID),
		kgo.ConsumerGroup(cfg.Group),
		kgo.ConsumeTopics(NewUsers),
		// A new group starts from the beginning: students who read from
		// the end see nothing, a classic of the tutorial.
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		// Offsets are committed by hand, after the actions are acked.
		kgo.DisableAutoCommit(),
		// No rebalance between a poll and its commit, so a revoked
		// partition is never committed by the wrong member.
		kgo.BlockRebalanceOnPoll(),
		kgo.DefaultProduceTopic(Actions),
		// Each poll's actions are sent together and awaited before the
		// commit, so franz-go's default 10 ms linger would only add
		// latency to every batch.
		kgo.ProducerLinger(0),
		// The classroom collects no client telemetry (KIP-714).
		kgo.DisableClientMetrics(),
	}, cfg.saslOpt()...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("client %s: %w", cfg.Team, err)
	}
	return &Client{cfg: cfg, rule: rule, cl: cl, step5: s5}, nil
}

// Run consumes until ctx is done, then leaves the group and closes the
// client. It returns nil after a cancel, and an error when the cluster
// refuses the program (authentication, ACLs) or an action cannot be
// delivered.
func (c *Client) Run(ctx context.Context) error {
	defer func() {
		// Close leaves the group, which waits for a rebalance that
		// BlockRebalanceOnPoll holds until allowed.
		c.cl.AllowRebalance()
		c.cl.Close()
	}()
	for {
		fetches := c.cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err := fatal(fetches); err != nil {
			return fmt.Errorf("client %s: consume %s: %w", c.cfg.Team, NewUsers, err)
		}
		if err := c.finish(ctx, fetches.Records()); err != nil {
			if ctx.Err() != nil {
				return nil // stopped and could not finish: nothing committed, nothing lost
			}
			return fmt.Errorf("client %s: %w", c.cfg.Team, err)
		}
		if ctx.Err() != nil {
			return nil
		}
		c.cl.AllowRebalance()
	}
}

// finishTimeout bounds how long a stopped client goes on with the poll it
// has in hand.
const finishTimeout = 5 * time.Second

// finish processes one poll to its commit even when ctx is cancelled
// meanwhile. A stop between an acknowledged action and its commit would
// otherwise hand the partition over with its actions sent but not
// committed, and the instance that takes it over would send them again.
// finishTimeout bounds it when the cluster is gone.
func (c *Client) finish(ctx context.Context, records []*kgo.Record) error {
	work, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	return c.process(work, records)
}

// process produces the actions of one poll, waits for all of them to be
// acknowledged, and only then commits the poll's offsets.
func (c *Client) process(ctx context.Context, records []*kgo.Record) error {
	if len(records) == 0 {
		return nil
	}
	var out []*kgo.Record
	actions := 0
	for _, r := range records {
		c.consumed.Add(1)
		c.step5.seen()
		u, err := ParseUser(r.Value)
		if err != nil {
			c.skipped.Add(1)
			continue
		}
		if a, ok := c.rule.Act(c.cfg.Team, u); ok {
			out = append(out, &kgo.Record{Value: a.Encode()})
			actions++
			if k := c.step5.matched(u); k != nil {
				out = append(out, k)
			}
		}
	}
	if len(out) > 0 {
		// Actions and keyed records alike are acknowledged before the
		// commit: nothing is lost.
		for _, pr := range c.cl.ProduceSync(ctx, out...) {
			if pr.Err != nil {
				return fmt.Errorf("produce to %s: %w", pr.Record.Topic, pr.Err)
			}
		}
		c.produced.Add(int64(actions))
	}
	if err := c.cl.CommitRecords(ctx, records...); err != nil {
		return fmt.Errorf("commit offsets: %w", err)
	}
	return nil
}

// Stats returns what the client has done so far.
func (c *Client) Stats() Stats {
	return Stats{Consumed: c.consumed.Load(), Skipped: c.skipped.Load(), Produced: c.produced.Load()}
}

// Run runs one instance of cfg's program until ctx is done.
func Run(ctx context.Context, cfg Config) error {
	c, err := New(cfg)
	if err != nil {
		return err
	}
	return c.Run(ctx)
}

// fatal returns the first fetch error that retrying cannot fix, such as a
// refused authentication or a missing ACL.
func fatal(fetches kgo.Fetches) error {
	for _, fe := range fetches.Errors() {
		if errors.Is(fe.Err, context.Canceled) {
			continue
		}
		// Anything that is not a broker's error code (a dial error, a
		// closed connection) is retried by franz-go itself.
		var ke *kerr.Error
		if errors.As(fe.Err, &ke) && !ke.Retriable {
			return fe.Err
		}
	}
	return nil
}

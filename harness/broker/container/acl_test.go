package container

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
)

// TestACLsAreReal checks that the classroom's authentication and ACLs refuse
// the same mistakes on the real broker as on kfake, in each edition: the
// point of running both is that a verdict does not depend on the backend.
func TestACLsAreReal(t *testing.T) {
	type backend struct {
		name  string
		start func(testing.TB) broker.Broker
	}
	for _, p := range []classroom.Profile{classroom.Default(), edition2026(t)} {
		backends := []backend{
			{"kfake", func(tb testing.TB) broker.Broker {
				b, err := embedded.Start(context.Background(), embedded.Config{Profile: p})
				if err != nil {
					tb.Fatal(err)
				}
				tb.Cleanup(func() { b.Close() })
				return b
			}},
			{"container", func(tb testing.TB) broker.Broker { return sharedEdition(tb, p) }},
		}
		cases := []struct {
			name     string
			user     string
			password string
			try      func(ctx context.Context, opts []kgo.Opt) error
			want     error // nil: must succeed
		}{
			{"team consumes with its own group", "team-3", classroom.TeamPassword("team-3"), joinGroup("team-3"), nil},
			{"group name without the dash", "team-3", classroom.TeamPassword("team-3"), joinGroup("team3"), kerr.GroupAuthorizationFailed},
			{"another team's group", "team-3", classroom.TeamPassword("team-3"), joinGroup("team-4"), kerr.GroupAuthorizationFailed},
			{"team produces actions", "team-3", classroom.TeamPassword("team-3"), produce(classroom.Actions), nil},
			{"team produces the step-5 topic", "team-3", classroom.TeamPassword("team-3"), produce(p.Step5.Topic), nil},
			{"team produces new_users", "team-3", classroom.TeamPassword("team-3"), produce(classroom.NewUsers), kerr.TopicAuthorizationFailed},
			{"wrong password", "team-3", "team-3-wrong", login, kerr.SaslAuthenticationFailed},
			{"user name not lower case", "Team-3", classroom.TeamPassword("team-3"), login, kerr.SaslAuthenticationFailed},
		}
		for _, be := range backends {
			t.Run(p.Edition+"/"+be.name, func(t *testing.T) {
				b := be.start(t)
				for _, c := range cases {
					t.Run(c.name, func(t *testing.T) {
						ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
						defer cancel()
						opts := append(broker.ClientOpts(b, c.user, c.password), kgo.ClientID(c.user))
						err := c.try(ctx, opts)
						switch {
						case c.want == nil && err != nil:
							t.Fatalf("%s: got %v, want success", be.name, err)
						case c.want == nil:
						case !errors.Is(err, c.want):
							t.Fatalf("%s: got %v, want %v", be.name, err, c.want)
						}
					})
				}
			})
		}
	}
}

// joinGroup consumes new_users in group as a student program does, and
// returns the first error the group reports, or nil once the group has
// assigned the consumer its partitions.
func joinGroup(group string) func(context.Context, []kgo.Opt) error {
	return func(ctx context.Context, opts []kgo.Opt) error {
		assigned := make(chan struct{})
		cl, err := kgo.NewClient(append(opts,
			kgo.ConsumerGroup(group),
			kgo.ConsumeTopics(classroom.NewUsers),
			kgo.OnPartitionsAssigned(func(context.Context, *kgo.Client, map[string][]int32) { close(assigned) }),
		)...)
		if err != nil {
			return err
		}
		defer cl.Close()
		for {
			polled := make(chan error, 1)
			pollCtx, cancel := context.WithCancel(ctx)
			go func() {
				polled <- cl.PollFetches(pollCtx).Err0()
			}()
			select {
			case <-assigned:
				cancel()
				<-polled
				return nil
			case err := <-polled:
				cancel()
				if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
					return errors.New("neither assigned partitions nor refused before the deadline")
				}
				if err != nil {
					return err
				}
			}
		}
	}
}

// produce writes one record to topic and returns the broker's answer. The
// record has a key, as a compacted topic (the step-5 topic) requires.
func produce(topic string) func(context.Context, []kgo.Opt) error {
	return func(ctx context.Context, opts []kgo.Opt) error {
		cl, err := kgo.NewClient(opts...)
		if err != nil {
			return err
		}
		defer cl.Close()
		return cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Key: []byte("team-3"), Value: []byte(`{"team":"team-3"}`)}).FirstErr()
	}
}

// login connects and authenticates, returning the broker's verdict. A
// producer would retry a failed login until its delivery timeout; a ping
// reports it at once.
func login(ctx context.Context, opts []kgo.Opt) error {
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return err
	}
	defer cl.Close()
	return cl.Ping(ctx)
}

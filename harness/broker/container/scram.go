package container

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
)

// scramIterations is the lowest count Kafka accepts, and the one
// setup-redpanda.sh's `rpk security user create` uses.
const scramIterations = 4096

// createUsers creates the SCRAM credentials of every user of the edition,
// admin included, as setup-redpanda.sh does with `rpk security user create
// --mechanism scram-sha-256`. Kafka keeps them in the cluster's metadata,
// so they survive Reset, which only recreates topics and deletes groups.
func (b *Broker) createUsers(ctx context.Context) error {
	mech := kadm.ScramSha256
	if b.profile.Mechanism == classroom.ScramSHA512 {
		mech = kadm.ScramSha512
	}
	var upserts []kadm.UpsertSCRAM
	for _, u := range b.profile.Users() {
		upserts = append(upserts, kadm.UpsertSCRAM{User: u.Name, Mechanism: mech, Iterations: scramIterations, Password: u.Password})
	}
	adm, err := b.Admin()
	if err != nil {
		return err
	}
	defer adm.Close()
	altered, err := adm.AlterUserSCRAMs(ctx, nil, upserts)
	if err == nil {
		err = altered.Error()
	}
	if err != nil {
		return fmt.Errorf("create %s users: %w", b.profile.Mechanism, err)
	}
	return nil
}

// waitLogin waits until the last user createUsers created logs in on the
// client listener. The controller commits the credentials and the broker
// applies them to its login cache asynchronously, in the metadata log's
// order, so once the last one works every earlier one does too.
func (b *Broker) waitLogin(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	users := b.profile.Users()
	u := users[len(users)-1]
	cl, err := kgo.NewClient(broker.ClientOpts(b, u.Name, u.Password)...)
	if err != nil {
		return err
	}
	defer cl.Close()
	poll := time.NewTicker(50 * time.Millisecond)
	defer poll.Stop()
	for {
		attempt, cancelAttempt := context.WithTimeout(ctx, 2*time.Second)
		err := cl.Ping(attempt)
		cancelAttempt()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return fmt.Errorf("user %s could not log in with %s at %s within %s of creating the users; last error: %v\n%s",
					u.Name, b.profile.Mechanism, b.bootstrap, timeout, err, b.logTail(40))
			}
			return ctx.Err()
		case <-poll.C:
		}
	}
}

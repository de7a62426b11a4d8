package saslfront_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"

	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"
)

// A kfake cluster behind the front tells who failed to log in, and the
// client gets Kafka's SASL_AUTHENTICATION_FAILED.
func Example() {
	events := make(chan saslfront.AuthEvent, 8)
	front := saslfront.Config{
		Mechanisms: []string{"PLAIN"},
		OnAuth: func(e saslfront.AuthEvent) {
			select {
			case events <- e:
			default: // keep the connection going even if nobody reads
			}
		},
	}
	cluster, err := kfake.NewCluster(
		kfake.NumBrokers(1),
		kfake.EnableSASL(),
		kfake.User("PLAIN", "team-3", "team-3-secret"),
		kfake.ListenFn(front.ListenFunc(nil)),
	)
	if err != nil {
		panic(err)
	}
	defer cluster.Close()

	cl, err := kgo.NewClient(
		kgo.SeedBrokers(cluster.ListenAddrs()...),
		kgo.SASL(plain.Auth{User: "Team-3", Pass: "team-3-secret"}.AsMechanism()),
		kgo.RequestRetries(0),
	)
	if err != nil {
		panic(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = cl.Ping(ctx)
	fmt.Println("SASL_AUTHENTICATION_FAILED:", errors.Is(err, kerr.SaslAuthenticationFailed))

	e := <-events
	fmt.Printf("user %q, %s, ok=%v, legacy=%v: %s\n", e.User, e.Mechanism, e.OK, e.Legacy, e.Reason)
	// Output:
	// SASL_AUTHENTICATION_FAILED: true
	// user "Team-3", PLAIN, ok=false, legacy=false: Authentication failed: Invalid username or password
}

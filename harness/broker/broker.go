// Package broker defines what the harness needs from a Kafka cluster, whatever
// runs it: franz-go's kfake in memory (package embedded), a real Apache Kafka
// in a container (package container), or a cluster someone else runs
// (package external).
//
// A backend only starts the cluster with the classroom's users; the classroom's
// topics and ACLs are created through the admin API by package classroom, so
// that every backend is set up by the same code.
package broker

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Broker is a running Kafka cluster that knows the classroom's users.
type Broker interface {
	// Backend names the kind of cluster: "kfake", "container" or "external".
	Backend() string
	// Bootstrap returns the seed addresses (host:port) clients connect to.
	Bootstrap() []string
	// Listener describes how clients authenticate on Bootstrap.
	Listener() Listener
	// AdminOpts returns franz-go options that connect as the cluster's
	// superuser; the harness's own clients (replay, capture) use them.
	AdminOpts() []kgo.Opt
	// Admin returns an admin client built from AdminOpts, for setup,
	// reset and observation. The caller closes it.
	Admin() (*kadm.Client, error)
	// Reset brings the cluster back to a clean classroom between two
	// scenarios: no committed offsets in the team groups, and empty
	// topics where the backend owns them. It is how scenarios sharing a
	// broker stay isolated.
	Reset(ctx context.Context) error
	// Close stops the cluster and releases everything it holds. It is
	// idempotent. An external cluster is left running.
	Close() error
}

// Listener is the security setup of the listener that Bootstrap points at.
type Listener struct {
	// SecurityProtocol is "SASL_PLAINTEXT" or "PLAINTEXT".
	SecurityProtocol string
	// Mechanism is the SASL mechanism, one of classroom.Mechanisms; empty
	// with PLAINTEXT.
	Mechanism string
}

// Starter starts a broker. The harness calls it once per run.
type Starter func(ctx context.Context) (Broker, error)

// Starting returns the Starter that calls a backend's start with cfg.
func Starting[B Broker, C any](start func(context.Context, C) (B, error), cfg C) Starter {
	return func(ctx context.Context) (Broker, error) {
		b, err := start(ctx, cfg)
		if err != nil {
			return nil, err // not a Broker holding a nil *B
		}
		return b, nil
	}
}

// NewAdmin connects to b as its admin (b.AdminOpts) and returns the
// franz-go client, for raw requests, and its kadm wrapper; closing either
// closes both.
func NewAdmin(b Broker) (*kgo.Client, *kadm.Client, error) {
	cl, err := kgo.NewClient(b.AdminOpts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s broker: admin client: %w", b.Backend(), err)
	}
	return cl, kadm.NewClient(cl), nil
}

// ClientOpts returns franz-go options that connect to b as user with
// password, honouring b's listener. They turn off client telemetry
// (KIP-714): nobody reads it, and compressing it cost a suite 5% of its CPU.
func ClientOpts(b Broker, user, password string) []kgo.Opt {
	opts := []kgo.Opt{kgo.SeedBrokers(b.Bootstrap()...), kgo.DisableClientMetrics()}
	if m := SASL(b.Listener(), user, password); m != nil {
		opts = append(opts, kgo.SASL(m))
	}
	return opts
}

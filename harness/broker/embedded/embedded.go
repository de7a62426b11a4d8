// Package embedded runs the classroom cluster in memory with franz-go's
// kfake: one broker on loopback, SASL_PLAINTEXT with the edition's
// mechanism (349bd19: PLAIN), the edition's users, topics and ACLs
// enforced, topic auto-creation off.
//
// How kfake differs from the classroom's Apache Kafka 3.9 where the tests can
// see it is listed in the README under "Known differences".
package embedded

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"sync"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"
)

// Config configures an embedded broker. The zero value is the classroom:
// SASL_PLAINTEXT with PLAIN on a free loopback port.
type Config struct {
	// Port to listen on, on 127.0.0.1. Zero picks a free port.
	Port int
	// Plaintext turns SASL off: every connection is then User:ANONYMOUS
	// and ACLs are not enforced.
	Plaintext bool
	// Profile is the edition of the classroom; the zero value means
	// classroom.Default() (349bd19).
	Profile classroom.Profile
	// Mechanism is the SASL mechanism users are created for, one of
	// classroom.Mechanisms; empty means the edition's (Profile.Mechanism).
	Mechanism string
	// Listen, if set, replaces net.Listen; a protocol-aware front (such as
	// legacy SASL support) plugs in here. With SASL, the saslfront listener
	// wraps what Listen returns.
	Listen func(network, address string) (net.Listener, error)
	// OnAuth, if set, observes every SASL authentication attempt, legacy or
	// not, with the user name tried but never the password (see
	// saslfront.AuthEvent). It is not called with Plaintext.
	OnAuth func(saslfront.AuthEvent)
}

// Broker is a running embedded classroom cluster.
type Broker struct {
	cluster  *kfake.Cluster
	admin    *kgo.Client // creates groups for OffsetFetch (offsetfetch.go)
	listener broker.Listener
	profile  classroom.Profile
	once     sync.Once
}

// Start starts an embedded classroom cluster and sets up its topics and ACLs.
func Start(ctx context.Context, cfg Config) (*Broker, error) {
	profile := cfg.Profile
	if profile.Edition == "" {
		profile = classroom.Default()
	}
	mech := cmp.Or(cfg.Mechanism, profile.Mechanism)
	if err := classroom.CheckMechanism(mech); err != nil {
		return nil, fmt.Errorf("embedded broker: %w", err)
	}
	profile = smallSegments(profile)
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.Ports(cfg.Port),
		// No WithLogger(nil): kfake's default already discards logs, and
		// a nil logger panics on the first refused request, such as a
		// wrong password.
	}
	listen := cfg.Listen
	b := &Broker{listener: broker.Listener{SecurityProtocol: "PLAINTEXT"}, profile: profile}
	if !cfg.Plaintext {
		b.listener = broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: mech}
		// kfake alone refuses the legacy SASL flow of kafka-python 2.0,
		// librdkafka < 2.11.1 and old sarama; the front accepts it.
		listen = saslfront.Config{Mechanisms: []string{mech}, OnAuth: cfg.OnAuth}.ListenFunc(listen)
		opts = append(opts, kfake.EnableSASL(), kfake.EnableACLs())
		for _, u := range profile.Users() {
			if u.Super {
				opts = append(opts, kfake.Superuser(mech, u.Name, u.Password))
			} else {
				opts = append(opts, kfake.User(mech, u.Name, u.Password))
			}
		}
	}
	if listen != nil {
		opts = append(opts, kfake.ListenFn(listen))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		if cfg.Port != 0 {
			return nil, fmt.Errorf("embedded broker: listen on 127.0.0.1:%d: %w", cfg.Port, err)
		}
		return nil, fmt.Errorf("embedded broker: %w", err)
	}
	b.cluster = c
	if err := broker.SetupClassroom(ctx, b, profile); err != nil {
		b.Close()
		return nil, fmt.Errorf("embedded broker: %w", err)
	}
	if b.admin, err = kgo.NewClient(b.AdminOpts()...); err != nil {
		b.Close()
		return nil, fmt.Errorf("embedded broker: %w", err)
	}
	answerUnknownGroupsAsKafka(c, b.admin)
	return b, nil
}

// Starter returns the Starter of an embedded broker with cfg.
func (cfg Config) Starter() broker.Starter { return broker.Starting(Start, cfg) }

// AdminOpts returns client options that connect as the classroom's admin.
func (b *Broker) AdminOpts() []kgo.Opt { return broker.ClassroomAdminOpts(b) }

// Admin returns an admin client authenticated as the classroom's admin.
// The caller closes it.
func (b *Broker) Admin() (*kadm.Client, error) { return broker.Admin(b) }

// Reset brings the broker back to a clean classroom: team groups deleted,
// every topic recreated empty (classroom.Reset).
func (b *Broker) Reset(ctx context.Context) error {
	return broker.ResetClassroom(ctx, b, b.profile)
}

// Backend returns "kfake".
func (b *Broker) Backend() string { return "kfake" }

// Bootstrap returns the broker's loopback address.
func (b *Broker) Bootstrap() []string { return b.cluster.ListenAddrs() }

// Listener describes the broker's security setup.
func (b *Broker) Listener() broker.Listener { return b.listener }

// Cluster returns the underlying kfake cluster, for hooks that observe
// requests (kfake.Cluster.Control).
func (b *Broker) Cluster() *kfake.Cluster { return b.cluster }

// Close stops the broker. It is idempotent.
func (b *Broker) Close() error {
	b.once.Do(func() {
		if b.admin != nil {
			b.admin.Close()
		}
		b.cluster.Close()
	})
	return nil
}

var _ broker.Broker = (*Broker)(nil)

// smallSegments returns p with 1 MiB log segments on every topic that sets
// no segment size. kfake keeps a segment in one byte slice that doubles as
// it grows; with Kafka's 1 GiB default, a 100,000-user replay spends its
// time copying and clearing ever larger slices and holds up to twice its
// data. Segment size changes nothing a client can see.
func smallSegments(p classroom.Profile) classroom.Profile {
	topics := make([]classroom.Topic, len(p.Topics))
	for i, t := range p.Topics {
		configs := map[string]string{"segment.bytes": "1048576"}
		for k, v := range t.Configs {
			configs[k] = v
		}
		t.Configs = configs
		topics[i] = t
	}
	p.Topics = topics
	return p
}

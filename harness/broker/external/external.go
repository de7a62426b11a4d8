// Package external drives a Kafka cluster that someone else runs, such as a
// maintainer's classroom cluster: `kafkacheck --backend external --bootstrap
// HOST:PORT`. The harness authenticates its admin side with the SASL
// credentials given; the cluster's users and passwords must be the
// classroom's (classroom.Users) for scenario programs to log in.
//
// It is careful with a cluster it does not own:
//   - Without Config.AllowWrite (--allow-write) it writes nothing: Start only
//     checks that the classroom's topics exist, and Reset refuses.
//   - With AllowWrite, Start creates the classroom's missing topics and its
//     ACLs (classroom.Setup; existing topics and ACLs are kept), and Reset
//     deletes the team and leaderboard consumer groups (their members must
//     have stopped) and recreates only the topics this Broker created.
//   - It never deletes a topic it did not create, so topics that existed
//     before Start keep their records across Reset: a scenario on an
//     external cluster must start reading at the end offsets it sees when it
//     starts, not at offset 0.
//   - Close closes nothing on the cluster: topics it created are left in
//     place for the classroom.
//
// The admin password is never printed: Config's String method and every
// error leave it out.
package external

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
)

// Config says how to reach and authenticate to an external cluster.
type Config struct {
	// Bootstrap is the cluster's seed addresses, host:port.
	Bootstrap []string
	// SecurityProtocol is "SASL_PLAINTEXT" (the default, as in the
	// classroom) or "PLAINTEXT".
	SecurityProtocol string
	// Mechanism is one of classroom.Mechanisms; empty means classroom.Plain.
	Mechanism string
	// User and Password authenticate the harness's admin side; User
	// defaults to classroom.AdminUser. The password is never printed.
	User, Password string
	// AllowWrite lets the harness create topics and ACLs and reset groups
	// and the topics it created. Off, the cluster is only read.
	AllowWrite bool
	// Profile is the classroom's topics; the zero value means
	// classroom.Default().
	Profile classroom.Profile
	// DialTimeout bounds the first contact with the cluster; zero means 10 s.
	DialTimeout time.Duration
}

// String describes c without its password.
func (c Config) String() string {
	pw := "unset"
	if c.Password != "" {
		pw = "set"
	}
	return fmt.Sprintf("external cluster %s (%s %s as %q, password %s, allow-write %t)",
		strings.Join(c.Bootstrap, ","), c.SecurityProtocol, c.Mechanism, c.User, pw, c.AllowWrite)
}

// GoString is String, so that %#v cannot print the password either.
func (c Config) GoString() string { return c.String() }

// Broker is an external cluster the harness uses.
type Broker struct {
	cfg      Config
	listener broker.Listener
	created  []classroom.Topic // topics Start created, the only ones Reset may delete
}

// Start checks that the cluster answers the admin and, with AllowWrite, sets
// up the classroom's missing topics and its ACLs. Without AllowWrite, a
// missing topic is an error.
func Start(ctx context.Context, cfg Config) (*Broker, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	b := &Broker{cfg: cfg, listener: broker.Listener{SecurityProtocol: cfg.SecurityProtocol}}
	if cfg.SecurityProtocol == "SASL_PLAINTEXT" {
		b.listener.Mechanism = cfg.Mechanism
	}
	cl, adm, err := broker.NewAdmin(b)
	if err != nil {
		return nil, err
	}
	defer adm.Close()

	dctx, cancel := context.WithTimeout(ctx, cfg.DialTimeout)
	defer cancel()
	existing, err := b.existingTopics(dctx, adm)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg, err)
	}
	var missing []classroom.Topic
	for _, t := range cfg.Profile.Topics {
		if !existing[t.Name] {
			missing = append(missing, t)
		}
	}
	if !cfg.AllowWrite {
		if len(missing) > 0 {
			return nil, fmt.Errorf("%s: classroom topics missing: %s; create them or pass --allow-write", cfg, topicNames(missing))
		}
		return b, nil
	}
	if err := classroom.Setup(ctx, cl, cfg.Profile); err != nil {
		return nil, fmt.Errorf("%s: %w", cfg, err)
	}
	b.created = missing
	return b, nil
}

// Starter returns a broker.Starter that starts this configuration. It
// returns a nil interface on error, never a typed nil.
func (c Config) Starter() broker.Starter { return broker.Starting(Start, c) }

// defaults fills in c's defaults and rejects what cannot work.
func (c *Config) defaults() error {
	if len(c.Bootstrap) == 0 {
		return errors.New("external cluster: no bootstrap address (--bootstrap HOST:PORT)")
	}
	if c.SecurityProtocol == "" {
		c.SecurityProtocol = "SASL_PLAINTEXT"
	}
	if c.Mechanism == "" {
		c.Mechanism = classroom.Plain
	}
	if c.User == "" {
		c.User = classroom.AdminUser
	}
	if c.Profile.Topics == nil {
		c.Profile = classroom.Default()
	}
	if c.DialTimeout == 0 {
		c.DialTimeout = 10 * time.Second
	}
	switch c.SecurityProtocol {
	case "SASL_PLAINTEXT", "PLAINTEXT":
	default:
		return fmt.Errorf("external cluster: unknown security protocol %q (want SASL_PLAINTEXT or PLAINTEXT)", c.SecurityProtocol)
	}
	if err := classroom.CheckMechanism(c.Mechanism); err != nil {
		return fmt.Errorf("external cluster: %w", err)
	}
	return nil
}

// existingTopics returns which of the profile's topics the cluster has.
func (b *Broker) existingTopics(ctx context.Context, adm *kadm.Client) (map[string]bool, error) {
	md, err := adm.Metadata(ctx, b.cfg.Profile.TopicNames()...)
	if err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	have := make(map[string]bool)
	for name, td := range md.Topics {
		if td.Err == nil {
			have[name] = true
		}
	}
	return have, nil
}

// AdminOpts returns client options that authenticate with the configured
// credentials.
func (b *Broker) AdminOpts() []kgo.Opt {
	return broker.ClientOpts(b, b.cfg.User, b.cfg.Password)
}

// Admin returns a client authenticated with the configured credentials.
// The caller closes it. Note that it can write whatever those credentials
// allow: AllowWrite guards what this package does, not what callers do.
func (b *Broker) Admin() (*kadm.Client, error) { return broker.Admin(b) }

// CanReset says, before anything runs, whether Reset will be refused:
// it writes to the cluster, which only AllowWrite permits.
func (b *Broker) CanReset() error {
	if !b.cfg.AllowWrite {
		return fmt.Errorf("%s: a reset between scenarios deletes groups and recreates topics, which writes to the cluster; pass --allow-write, or run one scenario (--scenarios FILE)", b.cfg)
	}
	return nil
}

// Reset prepares the cluster for the next scenario, as far as a cluster that
// is not ours allows: the team and leaderboard groups are deleted, and the
// topics Start created are deleted and created again. Topics that existed
// before Start are left as they are, records included. It needs AllowWrite.
func (b *Broker) Reset(ctx context.Context) error {
	if err := b.CanReset(); err != nil {
		return err
	}
	// A profile of only the created topics: classroom.Reset then deletes
	// the groups and recreates those topics, and no other.
	if err := broker.ResetClassroom(ctx, b, classroom.Profile{Topics: b.created}); err != nil {
		return fmt.Errorf("%s: %w", b.cfg, err)
	}
	return nil
}

// String describes the cluster as Config.String does: without the password,
// which printing b field by field would show.
func (b *Broker) String() string { return b.cfg.String() }

// GoString is String, so that %#v cannot print the password either.
func (b *Broker) GoString() string { return b.cfg.String() }

// Backend returns "external".
func (b *Broker) Backend() string { return "external" }

// Bootstrap returns the configured seed addresses.
func (b *Broker) Bootstrap() []string { return b.cfg.Bootstrap }

// Listener describes the configured security setup.
func (b *Broker) Listener() broker.Listener { return b.listener }

// Close leaves the cluster running and its topics in place; it holds no
// connection of its own. It is idempotent.
func (b *Broker) Close() error { return nil }

func topicNames(ts []classroom.Topic) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = fmt.Sprintf("%q", t.Name)
	}
	return strings.Join(names, ", ")
}

var _ broker.Broker = (*Broker)(nil)

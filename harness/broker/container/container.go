// Package container runs the classroom cluster as one real Apache Kafka 3.9
// node in a container, through testcontainers-go's generic container API:
// KRaft, SASL_PLAINTEXT with the edition's mechanism on a loopback port
// (PLAIN for 349bd19, SCRAM-SHA-256 for 2026-01), the classroom's users,
// StandardAuthorizer denying whatever no ACL allows, topic auto-creation off.
// Topics and ACLs are then created by classroom.Setup, as for every backend.
// With SCRAM the users are created through the admin API too, as
// setup-redpanda.sh does, the admin logging in on a PLAIN listener of its
// own (see serverEnv).
//
// The image is the official apache/kafka (DefaultImage) unless
// Config.Image, the CLI's --kafka-image or $KAFKACHECK_KAFKA_IMAGE names
// another; image/build.sh builds one from Debian and Maven Central packages
// that honours the same KAFKA_* interface, for machines with no registry.
//
// The engine is any Docker-API engine testcontainers-go finds. With podman
// (setup-engine.sh) set DOCKER_HOST=unix:///run/podman/podman.sock,
// TESTCONTAINERS_RYUK_DISABLED=true and TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1.
// The broker is published on 127.0.0.1 only and is always dialled there.
package container

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	dcontainer "github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
)

// Config configures a container broker. The zero value is the classroom on
// the image ResolveImage("") picks.
type Config struct {
	// Image to run; empty means $KAFKACHECK_KAFKA_IMAGE, else DefaultImage.
	Image string
	// ReadyTimeout bounds the wait from container start until the broker
	// answers an authenticated metadata request, and with a SCRAM edition
	// again the wait from creating the users until one logs in; zero means
	// 90 s. Pulling the image is bounded by ctx only.
	ReadyTimeout time.Duration
	// Logf, if set, receives testcontainers-go's progress lines; by default
	// they are discarded.
	Logf func(format string, args ...any)
	// Profile is the edition of the classroom; the zero value means
	// classroom.Default().
	Profile classroom.Profile
}

// Broker is a running classroom cluster in a container.
type Broker struct {
	ctr       *testcontainers.DockerContainer
	image     string
	bootstrap string
	// admin is the admin listener's address with a SCRAM edition (see
	// serverEnv), "" with PLAIN, where the admin uses bootstrap.
	admin    string
	profile  classroom.Profile
	once     sync.Once
	closeErr error
}

// Start starts a Kafka container, waits until the broker answers the admin,
// and sets up the classroom's topics and ACLs; with a SCRAM edition it
// creates every user's credentials too and returns once a user can log in
// with them. On error nothing is left running.
func Start(ctx context.Context, cfg Config) (*Broker, error) {
	if err := CheckEngine(); err != nil {
		return nil, fmt.Errorf("start kafka container: %w", err)
	}
	b := &Broker{image: ResolveImage(cfg.Image), profile: cfg.Profile}
	if b.profile.Edition == "" {
		b.profile = classroom.Default()
	}
	var logger tclog.Logger = tclog.NewNoopLogger()
	if cfg.Logf != nil {
		logger = logfFunc(cfg.Logf)
	}
	published := []string{clientPort}
	if scram(b.profile) {
		published = append(published, adminPort)
	}
	ctr, err := testcontainers.Run(ctx, b.image,
		testcontainers.WithLogger(logger),
		testcontainers.WithEnv(serverEnv(b.profile)),
		testcontainers.WithEntrypoint(entrypoint...),
		testcontainers.WithExposedPorts(published...),
		testcontainers.WithHostConfigModifier(func(hc *dcontainer.HostConfig) {
			// Loopback only: nothing but this machine may reach the broker.
			hc.PortBindings = network.PortMap{}
			for _, p := range published {
				hc.PortBindings[network.MustParsePort(p)] = []network.PortBinding{{HostIP: netip.MustParseAddr("127.0.0.1"), HostPort: "0"}}
			}
		}),
		testcontainers.WithFiles(testcontainers.ContainerFile{
			Reader: bytes.NewReader(jaas(b.profile)), ContainerFilePath: jaasPath, FileMode: 0o644,
		}),
		// A tmpfs is faster than the image's data volume and, unlike it,
		// can never outlive the container.
		testcontainers.WithTmpfs(map[string]string{dataDir: "rw,mode=1777"}),
		testcontainers.WithAdditionalLifecycleHooks(advertiseHook(b.profile)),
		testcontainers.WithLabels(map[string]string{"org.kafkacheck.backend": "container"}),
	)
	b.ctr = ctr // partly started containers come back too: Close removes them
	if err != nil {
		b.Close()
		if strings.HasPrefix(b.image, "localhost/") {
			// A local image comes from no registry: only build.sh makes it.
			return nil, fmt.Errorf("start kafka container %s (built by make kafka-image): %w", b.image, err)
		}
		return nil, fmt.Errorf("start kafka container %s: %w", b.image, err)
	}
	mapped, err := ctr.MappedPort(ctx, clientPort)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("start kafka container %s: mapped port: %w", b.image, err)
	}
	b.bootstrap = "127.0.0.1:" + strconv.Itoa(int(mapped.Num()))
	if scram(b.profile) {
		mapped, err := ctr.MappedPort(ctx, adminPort)
		if err != nil {
			b.Close()
			return nil, fmt.Errorf("start kafka container %s: mapped port: %w", b.image, err)
		}
		b.admin = "127.0.0.1:" + strconv.Itoa(int(mapped.Num()))
	}

	timeout := cfg.ReadyTimeout
	if timeout == 0 {
		timeout = 90 * time.Second
	}
	if err := b.waitReady(ctx, timeout); err != nil {
		b.Close()
		return nil, fmt.Errorf("start kafka container %s: %w", b.image, err)
	}
	if err := b.setup(ctx, timeout); err != nil {
		b.Close()
		return nil, fmt.Errorf("start kafka container %s: %w", b.image, err)
	}
	return b, nil
}

// Starter returns a broker.Starter that starts this configuration. It
// returns a nil interface on error, never a typed nil.
func (c Config) Starter() broker.Starter { return broker.Starting(Start, c) }

// setup creates the classroom on the broker: with a SCRAM edition the
// users' credentials first, then the topics and ACLs, and at last, once the
// broker has applied the credentials, a SCRAM login (see scram.go).
func (b *Broker) setup(ctx context.Context, timeout time.Duration) error {
	if !scram(b.profile) {
		return broker.SetupClassroom(ctx, b, b.profile)
	}
	if err := b.createUsers(ctx); err != nil {
		return err
	}
	if err := broker.SetupClassroom(ctx, b, b.profile); err != nil {
		return err
	}
	return b.waitLogin(ctx, timeout)
}

// AdminOpts returns client options that connect as the admin: on the
// client listener with PLAIN, on the admin listener with a SCRAM edition
// (see serverEnv).
//
// Their metadata may be 100 ms old rather than franz-go's 5 s: a real
// broker hosts a topic's partitions a moment after creating it, and a
// ListOffsets that saw some partitions without a leader would otherwise
// go on using that view for 5 s, which made one Reset in a few take 5 s
// instead of half a second. One local broker answers metadata at once.
func (b *Broker) AdminOpts() []kgo.Opt {
	opts := broker.ClassroomAdminOpts(b)
	if b.admin != "" {
		plain := broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: classroom.Plain}
		opts = []kgo.Opt{
			kgo.SeedBrokers(b.admin), kgo.DisableClientMetrics(),
			kgo.SASL(broker.SASL(plain, classroom.AdminUser, classroom.AdminPassword)),
		}
	}
	return append(opts, kgo.MetadataMinAge(100*time.Millisecond))
}

// Admin returns an admin client authenticated as the classroom's admin.
// The caller closes it.
func (b *Broker) Admin() (*kadm.Client, error) { return broker.Admin(b) }

// Reset brings the cluster back to a clean classroom (classroom.Reset): the
// container owns every topic, so all of the profile's topics are recreated
// and the team groups deleted.
func (b *Broker) Reset(ctx context.Context) error {
	return broker.ResetClassroom(ctx, b, b.profile)
}

// Backend returns "container".
func (b *Broker) Backend() string { return "container" }

// Bootstrap returns the broker's published address, on 127.0.0.1.
func (b *Broker) Bootstrap() []string { return []string{b.bootstrap} }

// Listener describes the classroom's listener: SASL_PLAINTEXT with the
// edition's mechanism.
func (b *Broker) Listener() broker.Listener {
	return broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: cmp.Or(b.profile.Mechanism, classroom.Plain)}
}

// Image returns the image the broker runs.
func (b *Broker) Image() string { return b.image }

// ContainerID returns the engine's id of the broker's container.
func (b *Broker) ContainerID() string { return b.ctr.GetContainerID() }

// Close removes the container with its anonymous volumes. It is idempotent
// and returns the first call's result.
func (b *Broker) Close() error {
	b.once.Do(func() {
		if b.ctr == nil {
			return
		}
		// The broker's state is thrown away, so there is nothing to shut
		// down gracefully: kill at once instead of waiting out a stop timeout.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := b.ctr.Terminate(ctx, testcontainers.StopTimeout(0)); err != nil {
			b.closeErr = fmt.Errorf("remove kafka container %s: %w", b.ctr.GetContainerID(), err)
		}
	})
	return b.closeErr
}

// logfFunc adapts a printf-like function to testcontainers' logger.
type logfFunc func(format string, args ...any)

func (f logfFunc) Printf(format string, args ...any) { f(format, args...) }

var _ broker.Broker = (*Broker)(nil)

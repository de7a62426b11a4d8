// Command sarama-app is a correct team program (tutorial steps 1-3) with
// IBM/sarama, the Go client the tutorial recommended: consume new_users in
// the team's group from the earliest offset, skip values that are not
// users, send one action per user matching the team's rule, and commit only
// after the action is delivered (at-least-once).
//
// Settings come from kafkacheck run's environment (BOOTSTRAP_SERVERS,
// SECURITY_PROTOCOL, SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD,
// TEAM_NAME); with SECURITY_PROTOCOL=PLAINTEXT no SASL is configured.
//
// -handshake v0 (or SARAMA_HANDSHAKE=v0) authenticates the way sarama did
// by default before v1.41: SaslHandshake v0, then raw SASL tokens. v1, the
// default, uses SaslAuthenticate. -version prints the client's version.
//
// It lives in a module of its own so that sarama never enters kafkacheck's.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/IBM/sarama"
)

func main() {
	handshake := flag.String("handshake", envOr("SARAMA_HANDSHAKE", "v1"), "SASL handshake version: v0 (legacy) or v1")
	version := flag.Bool("version", false, "print the client's version and exit")
	flag.Parse()
	if *version {
		fmt.Printf("sarama %s\n", saramaVersion())
		return
	}
	log.SetFlags(0)
	log.SetPrefix("sarama-app: ")
	team := os.Getenv("TEAM_NAME")
	rule, ok := rules[team]
	if !ok {
		log.Fatalf("TEAM_NAME must be team-1 … team-15, got %q", team)
	}
	cfg, err := config(team, *handshake)
	if err != nil {
		log.Fatal(err)
	}
	brokers := strings.Split(os.Getenv("BOOTSTRAP_SERVERS"), ",")

	producer, err := sarama.NewSyncProducer(brokers, cfg)
	if err != nil {
		log.Fatalf("producer: %v", err)
	}
	defer producer.Close()
	group, err := sarama.NewConsumerGroup(brokers, team, cfg)
	if err != nil {
		log.Fatalf("consumer group: %v", err)
	}
	defer group.Close()

	// kafkacheck run stops the program with SIGINT: leave the group cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	h := &handler{team: team, rule: rule, producer: producer}
	for ctx.Err() == nil {
		// Consume returns at each rebalance; join again.
		if err := group.Consume(ctx, []string{"new_users"}, h); err != nil && !errors.Is(err, sarama.ErrClosedConsumerGroup) {
			log.Printf("consume: %v", err)
			return
		}
	}
}

// config is the client configuration for team with the classroom's SASL
// settings, or none with SECURITY_PROTOCOL=PLAINTEXT.
func config(team, handshake string) (*sarama.Config, error) {
	cfg := sarama.NewConfig()
	cfg.ClientID = team
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	// Commits are explicit, after delivery (see ConsumeClaim).
	cfg.Consumer.Offsets.AutoCommit.Enable = false
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Return.Successes = true // a SyncProducer needs it
	switch protocol := envOr("SECURITY_PROTOCOL", "SASL_PLAINTEXT"); protocol {
	case "PLAINTEXT":
		return cfg, nil
	case "SASL_PLAINTEXT":
	default:
		return nil, fmt.Errorf("SECURITY_PROTOCOL %q: want SASL_PLAINTEXT or PLAINTEXT", protocol)
	}
	cfg.Net.SASL.Enable = true
	cfg.Net.SASL.Mechanism = sarama.SASLMechanism(envOr("SASL_MECHANISM", "PLAIN"))
	cfg.Net.SASL.User = os.Getenv("SASL_USERNAME")
	cfg.Net.SASL.Password = os.Getenv("SASL_PASSWORD")
	switch handshake {
	case "v0":
		// sarama's default up to v1.40: SaslHandshake v0, then raw tokens,
		// as the connection's first request. sarama refuses the
		// combination with ApiVersions ("ApiVersionsRequest must be
		// disabled when SASL v0 is enabled").
		cfg.Net.SASL.Version = sarama.SASLHandshakeV0
		cfg.ApiVersionsRequest = false
	case "v1":
		cfg.Net.SASL.Version = sarama.SASLHandshakeV1
	default:
		return nil, fmt.Errorf("-handshake %q: want v0 or v1", handshake)
	}
	return cfg, nil
}

// handler sends the team's actions for one group session.
type handler struct {
	team     string
	rule     rule
	producer sarama.SyncProducer
}

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// ConsumeClaim sends each matching user's action, waits for its delivery,
// then commits the user's offset: at-least-once.
func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for {
		select {
		case msg, ok := <-claim.Messages():
			if !ok {
				return nil
			}
			if action, ok := h.rule.act(h.team, msg.Value); ok {
				if _, _, err := h.producer.SendMessage(&sarama.ProducerMessage{Topic: "actions", Value: sarama.ByteEncoder(action)}); err != nil {
					return fmt.Errorf("send action: %w", err)
				}
			}
			sess.MarkMessage(msg, "")
			sess.Commit()
		case <-sess.Context().Done():
			return nil
		}
	}
}

// saramaVersion is the sarama module version this binary was built with.
func saramaVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/IBM/sarama" {
				return d.Version
			}
		}
	}
	return "unknown"
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

package client

import (
	"fmt"
	"os"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// Config is what a student sets in their program. Team is required;
// everything else has the classroom's default.
type Config struct {
	// Bootstrap is the list of seed brokers, host:port.
	Bootstrap []string
	// SecurityProtocol is SASL_PLAINTEXT (the default) or PLAINTEXT.
	SecurityProtocol string
	// Mechanism is PLAIN (the default), SCRAM-SHA-256 or SCRAM-SHA-512.
	Mechanism string
	// User and Password authenticate the program; User defaults to Team
	// and Password to the classroom's "<team>-secret".
	User, Password string
	// Team is the team's name, team-1 … team-15.
	Team string
	// ClientID and Group default to Team, as the tutorial requires (the
	// ACLs only allow the group named exactly like the team).
	ClientID, Group string
	// Step5 adds step 5: Watchlist (349bd19) or TeamStats (2026-01)
	// records beside the actions; none by default.
	Step5 Step5
}

// The environment variables of kafkacheck run's contract with a program.
const (
	EnvBootstrap        = "BOOTSTRAP_SERVERS"
	EnvSecurityProtocol = "SECURITY_PROTOCOL"
	EnvMechanism        = "SASL_MECHANISM"
	EnvUser             = "SASL_USERNAME"
	EnvPassword         = "SASL_PASSWORD"
	EnvTeam             = "TEAM_NAME"
)

// ConfigFromEnv reads a Config from kafkacheck run's environment variables.
func ConfigFromEnv() Config {
	var bootstrap []string
	if s := os.Getenv(EnvBootstrap); s != "" {
		bootstrap = strings.Split(s, ",")
	}
	return Config{
		Bootstrap:        bootstrap,
		SecurityProtocol: os.Getenv(EnvSecurityProtocol),
		Mechanism:        os.Getenv(EnvMechanism),
		User:             os.Getenv(EnvUser),
		Password:         os.Getenv(EnvPassword),
		Team:             os.Getenv(EnvTeam),
	}
}

// withDefaults fills in the defaults and checks what cannot be defaulted.
func (c Config) withDefaults() (Config, error) {
	if _, err := RuleFor(c.Team); err != nil {
		return c, fmt.Errorf("client config: %w", err)
	}
	if len(c.Bootstrap) == 0 {
		c.Bootstrap = []string{"127.0.0.1:9092"}
	}
	if c.SecurityProtocol == "" {
		c.SecurityProtocol = "SASL_PLAINTEXT"
	}
	if c.Mechanism == "" {
		c.Mechanism = "PLAIN"
	}
	if c.User == "" {
		c.User = c.Team
	}
	if c.Password == "" {
		c.Password = c.Team + "-secret"
	}
	if c.ClientID == "" {
		c.ClientID = c.Team
	}
	if c.Group == "" {
		c.Group = c.Team
	}
	switch c.SecurityProtocol {
	case "SASL_PLAINTEXT", "PLAINTEXT":
	default:
		return c, fmt.Errorf("client config: security protocol %q: want SASL_PLAINTEXT or PLAINTEXT", c.SecurityProtocol)
	}
	switch c.Mechanism {
	case "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512":
	default:
		return c, fmt.Errorf("client config: SASL mechanism %q: want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", c.Mechanism)
	}
	return c, nil
}

// saslOpt returns the franz-go option that authenticates c, if any.
func (c Config) saslOpt() []kgo.Opt {
	if c.SecurityProtocol != "SASL_PLAINTEXT" {
		return nil
	}
	switch c.Mechanism {
	case "SCRAM-SHA-256":
		return []kgo.Opt{kgo.SASL(scram.Auth{User: c.User, Pass: c.Password}.AsSha256Mechanism())}
	case "SCRAM-SHA-512":
		return []kgo.Opt{kgo.SASL(scram.Auth{User: c.User, Pass: c.Password}.AsSha512Mechanism())}
	default:
		return []kgo.Opt{kgo.SASL(plain.Auth{User: c.User, Pass: c.Password}.AsMechanism())}
	}
}

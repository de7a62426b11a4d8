package process

import (
	"strings"

	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/classroom"
)

// Env returns the environment variables of kafkacheck run's contract for
// team on b: BOOTSTRAP_SERVERS, SECURITY_PROTOCOL, SASL_MECHANISM,
// SASL_USERNAME, SASL_PASSWORD and TEAM_NAME. The password is the
// classroom's well-known team password, team-N-secret. On a PLAINTEXT
// listener the three SASL_ variables are left out.
func Env(b broker.Broker, team string) []string {
	l := b.Listener()
	env := []string{
		client.EnvBootstrap + "=" + strings.Join(b.Bootstrap(), ","),
		client.EnvSecurityProtocol + "=" + l.SecurityProtocol,
		client.EnvTeam + "=" + team,
	}
	if l.Mechanism == "" {
		// A PLAINTEXT listener: no SASL settings, so that a program that
		// keys on SASL_MECHANISM alone does not try to log in.
		return env
	}
	return append(env,
		client.EnvMechanism+"="+l.Mechanism,
		client.EnvUser+"="+team,
		client.EnvPassword+"="+classroom.TeamPassword(team),
	)
}

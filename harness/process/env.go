package process

import (
	"strings"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
)

// Env returns the environment variables of kafkacheck run's contract for
// team on b: BOOTSTRAP_SERVERS, SECURITY_PROTOCOL, SASL_MECHANISM,
// SASL_USERNAME, SASL_PASSWORD and TEAM_NAME. The password is the
// classroom's well-known team password, team-N-secret. On a PLAINTEXT
// listener the three SASL_ variables are left out.
func Env(b broker.Broker, team string) []string {
	l := b.Listener()
	env := []string{
		classroom.EnvBootstrap + "=" + strings.Join(b.Bootstrap(), ","),
		classroom.EnvSecurityProtocol + "=" + l.SecurityProtocol,
		classroom.EnvTeam + "=" + team,
	}
	if l.Mechanism == "" {
		// A PLAINTEXT listener: no SASL settings, so that a program that
		// keys on SASL_MECHANISM alone does not try to log in.
		return env
	}
	return append(env,
		classroom.EnvMechanism+"="+l.Mechanism,
		classroom.EnvUser+"="+team,
		classroom.EnvPassword+"="+classroom.TeamPassword(team),
	)
}

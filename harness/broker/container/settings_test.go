package container

import (
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// TestSettingsPerEdition checks, without an engine, what each edition asks
// of the broker: 349bd19's listeners and JAAS file as before 2026-01 came
// (PLAIN knows every user), and 2026-01's SCRAM-SHA-256 alone on the
// client listener, an admin listener, and PLAIN knowing the admin only.
func TestSettingsPerEdition(t *testing.T) {
	t.Run("349bd19", func(t *testing.T) {
		p := classroom.Default()
		env := serverEnv(p)
		for k, want := range map[string]string{
			"KAFKA_LISTENERS":                      "SASL_PLAINTEXT://0.0.0.0:9092,BROKER://localhost:9094,CONTROLLER://localhost:9093",
			"KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "SASL_PLAINTEXT:SASL_PLAINTEXT,BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
			"KAFKA_SASL_ENABLED_MECHANISMS":        "PLAIN",
		} {
			if env[k] != want {
				t.Errorf("%s = %q, want %q", k, env[k], want)
			}
		}
		if v, ok := env["KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SASL_ENABLED_MECHANISMS"]; ok {
			t.Errorf("the client listener has mechanisms of its own, %q; want PLAIN from sasl.enabled.mechanisms", v)
		}
		file := string(jaas(p))
		for _, want := range []string{`user_admin="admin-secret"`, `user_team-1="team-1-secret"`, `user_team-15="team-15-secret"`, `user_leaderboard="leaderboard-secret"`} {
			if !strings.Contains(file, want) {
				t.Errorf("JAAS file lacks %s:\n%s", want, file)
			}
		}
		if strings.Contains(file, "Scram") || strings.Contains(file, "team-admin") {
			t.Errorf("JAAS file of 349bd19 names SCRAM or team-admin:\n%s", file)
		}
	})
	t.Run("2026-01", func(t *testing.T) {
		p := edition2026(t)
		env := serverEnv(p)
		for k, want := range map[string]string{
			"KAFKA_LISTENERS":                                             "SASL_PLAINTEXT://0.0.0.0:9092,ADMIN://0.0.0.0:9095,BROKER://localhost:9094,CONTROLLER://localhost:9093",
			"KAFKA_LISTENER_SECURITY_PROTOCOL_MAP":                        "SASL_PLAINTEXT:SASL_PLAINTEXT,ADMIN:SASL_PLAINTEXT,BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
			"KAFKA_SASL_ENABLED_MECHANISMS":                               "PLAIN",
			"KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SASL_ENABLED_MECHANISMS": "SCRAM-SHA-256",
		} {
			if env[k] != want {
				t.Errorf("%s = %q, want %q", k, env[k], want)
			}
		}
		file := string(jaas(p))
		for _, want := range []string{`user_admin="admin-secret"`, "sasl_plaintext.KafkaServer {\n  org.apache.kafka.common.security.scram.ScramLoginModule required;\n};"} {
			if !strings.Contains(file, want) {
				t.Errorf("JAAS file lacks %q:\n%s", want, file)
			}
		}
		for _, unwanted := range []string{"user_team-", "user_leaderboard"} {
			if strings.Contains(file, unwanted) {
				t.Errorf("JAAS file gives PLAIN a password for %s…; want the admin only:\n%s", unwanted, file)
			}
		}
	})
}

package container

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// Where things live inside the container. The paths exist, or are created,
// in both the official image and the one image/build.sh makes.
const (
	clientPort   = "9092/tcp"
	adminPort    = "9095/tcp"
	jaasPath     = "/etc/kafka/kafkacheck_jaas.conf"
	dataDir      = "/var/lib/kafka/data"
	advertiseEnv = "/tmp/kafkacheck/advertise.env"
	advertiseGo  = "/tmp/kafkacheck/go"
	officialRun  = "/etc/kafka/docker/run"
)

// serverEnv returns the broker's configuration in the official image's
// KAFKA_* interface (KAFKA_A_B -> a.b, "__" -> "_", "___" -> "-"); setting
// any of them replaces the image's default server.properties, so the list is
// complete. KAFKA_ADVERTISED_LISTENERS is missing: it needs the mapped host
// ports and is written after the container starts (see advertise.go).
//
// Like the classroom (TUTORIAL.md): one KRaft node, SASL_PLAINTEXT with PLAIN
// on 9092, StandardAuthorizer denying whatever no ACL allows, admin as the
// only super user, no topic auto-creation. Unlike it, the broker-to-broker
// and broker-to-controller links authenticate with SASL as admin too: with
// the authorizer on, a PLAINTEXT controller listener would see the broker as
// User:ANONYMOUS and deny it unless ANONYMOUS were a super user, which would
// make any PLAINTEXT connection all-powerful.
//
// An edition whose users log in with SCRAM (2026-01) gets that mechanism,
// and only it, on 9092: a program asking for PLAIN is refused before its
// user name is looked at, as by the classroom's Redpanda. SCRAM credentials
// live in the cluster's metadata and are created through the admin API,
// which needs a login first, so the admin has a PLAIN listener of its own
// on 9095 (see scram.go); it is the only user PLAIN knows in that edition.
func serverEnv(p classroom.Profile) map[string]string {
	env := map[string]string{
		"CLUSTER_ID": newClusterID(),
		// The official start script insists on KAFKA_OPTS once an advertised
		// listener is SASL_*; the JAAS file carries the users.
		"KAFKA_OPTS":      "-Djava.security.auth.login.config=" + jaasPath,
		"KAFKA_HEAP_OPTS": "-Xms256m -Xmx1g",

		"KAFKA_NODE_ID":                              "1",
		"KAFKA_PROCESS_ROLES":                        "broker,controller",
		"KAFKA_CONTROLLER_QUORUM_VOTERS":             "1@localhost:9093",
		"KAFKA_CONTROLLER_LISTENER_NAMES":            "CONTROLLER",
		"KAFKA_INTER_BROKER_LISTENER_NAME":           "BROKER",
		"KAFKA_LISTENERS":                            "SASL_PLAINTEXT://0.0.0.0:9092,BROKER://localhost:9094,CONTROLLER://localhost:9093",
		"KAFKA_LISTENER_SECURITY_PROTOCOL_MAP":       "SASL_PLAINTEXT:SASL_PLAINTEXT,BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
		"KAFKA_SASL_ENABLED_MECHANISMS":              "PLAIN",
		"KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL": "PLAIN",
		"KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL":   "PLAIN",
		"KAFKA_LOG_DIRS":                             dataDir,

		"KAFKA_AUTHORIZER_CLASS_NAME":          "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
		"KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND": "false",
		"KAFKA_SUPER_USERS":                    "User:" + classroom.AdminUser,
		"KAFKA_AUTO_CREATE_TOPICS_ENABLE":      "false",

		// Faster, same behaviour: no 3 s wait before the first group
		// rebalance, and internal topics sized for one broker.
		"KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS":                 "0",
		"KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR":                 "1",
		"KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS":                     "1",
		"KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR":         "1",
		"KAFKA_TRANSACTION_STATE_LOG_MIN_ISR":                    "1",
		"KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS":             "1",
		"KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR": "1",
		"KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR":            "1",
		// Denials are what the tests provoke; keep them out of the log.
		"KAFKA_LOG4J_LOGGERS": "kafka.authorizer.logger=WARN",
	}
	if scram(p) {
		env["KAFKA_LISTENERS"] = "SASL_PLAINTEXT://0.0.0.0:9092,ADMIN://0.0.0.0:9095,BROKER://localhost:9094,CONTROLLER://localhost:9093"
		env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] = "SASL_PLAINTEXT:SASL_PLAINTEXT,ADMIN:SASL_PLAINTEXT,BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT"
		// listener.name.sasl_plaintext.sasl.enabled.mechanisms: the
		// listener's own value overrides sasl.enabled.mechanisms (PLAIN,
		// which the other three listeners keep).
		env["KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SASL_ENABLED_MECHANISMS"] = p.Mechanism
	}
	return env
}

// scram reports whether p's users log in with a SCRAM mechanism, which the
// broker knows users of only once they are created through the admin API.
func scram(p classroom.Profile) bool {
	return p.Mechanism == classroom.ScramSHA256 || p.Mechanism == classroom.ScramSHA512
}

// jaas returns the JAAS file of the broker: the users PLAIN knows, and
// admin's credentials for the broker's own SASL connections to itself and to
// its controller. The official image reads it through KAFKA_OPTS. With
// PLAIN, PLAIN knows every user of p. With SCRAM it knows only the admin,
// for the admin listener, and the client listener gets a section of its own
// (JAAS looks up "<listener>.KafkaServer" first) naming ScramLoginModule:
// loading that class is what registers Kafka's SCRAM server with Java's
// SASL; without it the broker drops every SCRAM login.
func jaas(p classroom.Profile) []byte {
	var b strings.Builder
	b.WriteString("KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n")
	fmt.Fprintf(&b, "  username=%q\n  password=%q", classroom.AdminUser, classroom.AdminPassword)
	for _, u := range p.Users() {
		if scram(p) && u.Name != classroom.AdminUser {
			continue
		}
		fmt.Fprintf(&b, "\n  user_%s=%q", u.Name, u.Password)
	}
	b.WriteString(";\n};\n")
	if scram(p) {
		b.WriteString("sasl_plaintext.KafkaServer {\n  org.apache.kafka.common.security.scram.ScramLoginModule required;\n};\n")
	}
	return []byte(b.String())
}

// newClusterID returns a random KRaft cluster id: 16 bytes in unpadded
// URL-safe base64, the form kafka-storage random-uuid prints.
func newClusterID() string {
	var id [16]byte
	rand.Read(id[:])
	return base64.RawURLEncoding.EncodeToString(id[:])
}

package broker

import (
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// SASL returns the franz-go mechanism that authenticates user on l, or nil
// when l is PLAINTEXT. l.Mechanism is one of classroom.Mechanisms; empty
// means PLAIN.
func SASL(l Listener, user, password string) sasl.Mechanism {
	if l.SecurityProtocol != "SASL_PLAINTEXT" {
		return nil
	}
	switch l.Mechanism {
	case classroom.ScramSHA256:
		return scram.Auth{User: user, Pass: password}.AsSha256Mechanism()
	case classroom.ScramSHA512:
		return scram.Auth{User: user, Pass: password}.AsSha512Mechanism()
	default:
		return plain.Auth{User: user, Pass: password}.AsMechanism()
	}
}

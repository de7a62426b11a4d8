package broker

import (
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// SASL returns the franz-go mechanism that authenticates user on l, or nil
// when l is PLAINTEXT.
func SASL(l Listener, user, password string) sasl.Mechanism {
	if l.SecurityProtocol != "SASL_PLAINTEXT" {
		return nil
	}
	switch l.Mechanism {
	case "SCRAM-SHA-256":
		return scram.Auth{User: user, Pass: password}.AsSha256Mechanism()
	case "SCRAM-SHA-512":
		return scram.Auth{User: user, Pass: password}.AsSha512Mechanism()
	default:
		return plain.Auth{User: user, Pass: password}.AsMechanism()
	}
}

package saslfront

import (
	"bytes"
	"fmt"
	"net"
	"strings"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// AuthEvent is the outcome of one authentication attempt on the front. It
// never holds a password.
type AuthEvent struct {
	// Remote is the client's address.
	Remote net.Addr
	// Mechanism is the SASL mechanism the client asked for.
	Mechanism string
	// User is the user name the client tried, from the PLAIN token or the
	// SCRAM client-first message; empty if none could be read.
	User string
	// Legacy is set when the client used SaslHandshake v0 followed by raw
	// tokens, as kafka-python 2.0 and old sarama do.
	Legacy bool
	// OK is set when the client authenticated.
	OK bool
	// Reason says why authentication failed, in Kafka's words where Kafka
	// has some; empty when OK.
	Reason string
}

// String describes the event for a log line or a diagnosis, such as
// `authentication failed for user "Team-3" (PLAIN) from 127.0.0.1:5555:
// Authentication failed: Invalid username or password`.
func (e AuthEvent) String() string {
	flow := e.Mechanism
	if e.Legacy {
		flow += ", legacy SaslHandshake v0"
	}
	if e.OK {
		return fmt.Sprintf("authenticated user %q (%s) from %v", e.User, flow, e.Remote)
	}
	return fmt.Sprintf("authentication failed for user %q (%s) from %v: %s", e.User, flow, e.Remote, e.Reason)
}

// Kafka's messages for a failed authentication (PlainSaslServer,
// SaslServerAuthenticator.handleSaslToken); clients print them.
const (
	reasonPlain        = "Authentication failed: Invalid username or password"
	reasonScram        = "Authentication failed during authentication due to invalid credentials with SASL mechanism "
	reasonReceiveSize  = "Failing SASL authentication due to invalid receive size"
	reasonNoMechanism  = "Unsupported SASL mechanism "
	reasonDisconnected = "client disconnected during authentication"
)

// credentialsReason is what Kafka tells a client whose credentials were
// refused with mechanism.
func credentialsReason(mechanism string) string {
	if mechanism == classroom.Plain {
		return reasonPlain
	}
	return reasonScram + mechanism
}

// userOf returns the user name in the first token a client sends with
// mechanism: PLAIN's "authzid\0user\0password" (RFC 4616) or SCRAM's
// client-first message "n,,n=user,r=nonce" (RFC 5802). It copies only the
// user name, so the password is not retained.
func userOf(mechanism string, token []byte) string {
	if mechanism == classroom.Plain {
		parts := bytes.SplitN(token, []byte{0}, 3)
		if len(parts) != 3 {
			return ""
		}
		return string(parts[1])
	}
	// gs2-cbind-flag "," [authzid] "," client-first-message-bare
	parts := strings.SplitN(string(token), ",", 3)
	if len(parts) != 3 {
		return ""
	}
	for attr := range strings.SplitSeq(parts[2], ",") {
		if name, ok := strings.CutPrefix(attr, "n="); ok {
			return scramNameDecoder.Replace(name)
		}
	}
	return ""
}

// scramNameDecoder undoes RFC 5802's escaping of ',' and '=' in user names.
var scramNameDecoder = strings.NewReplacer("=2C", ",", "=3D", "=")

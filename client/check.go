package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// CheckTimeout bounds Check: how long a broker that does not answer is
// waited for.
const CheckTimeout = 5 * time.Second

// checkRetry is how often Check tries again a broker it cannot reach yet.
const checkRetry = 250 * time.Millisecond

// Check connects to the cluster, logs in and looks up the tutorial's
// topics, within CheckTimeout. franz-go itself retries all of these
// quietly in the background, so a program with a wrong address or
// password would wait forever; Check instead returns an error that says
// what happened and what to check: a broker that cannot be reached, a
// login refused, a SASL mechanism the broker does not offer, a topic that
// is missing or not allowed. The error never holds the password.
func (c *Client) Check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, CheckTimeout)
	defer cancel()
	var err error
	for {
		if err = c.cl.Ping(ctx); err == nil || !unreachable(err) {
			break
		}
		// The broker may be starting: try again until the deadline.
		t := time.NewTimer(checkRetry)
		select {
		case <-ctx.Done():
			t.Stop()
			return c.explain(err)
		case <-t.C:
		}
	}
	if err != nil {
		return c.explain(err)
	}
	req := kmsg.NewPtrMetadataRequest()
	for _, topic := range []string{NewUsers, Actions} {
		t := kmsg.NewMetadataRequestTopic()
		t.Topic = kmsg.StringPtr(topic)
		req.Topics = append(req.Topics, t)
	}
	resp, err := req.RequestWith(ctx, c.cl)
	if err != nil {
		return c.explain(err)
	}
	for _, t := range resp.Topics {
		if err := kerr.ErrorForCode(t.ErrorCode); err != nil {
			return c.explainTopic(*t.Topic, err)
		}
	}
	return nil
}

// unreachable reports whether err means no broker could be talked to yet.
func unreachable(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, net.ErrClosed)
}

// where describes how c connects, for messages: never the password.
func (c *Client) where() string {
	s := fmt.Sprintf("%s (%s", strings.Join(c.cfg.Bootstrap, ","), c.cfg.SecurityProtocol)
	if c.cfg.SecurityProtocol == "SASL_PLAINTEXT" {
		s += fmt.Sprintf(", SASL %s as user %s", c.cfg.Mechanism, c.cfg.User)
	}
	return s + ")"
}

// explain turns a connection or login error into what happened and what to
// check.
func (c *Client) explain(err error) error {
	var (
		msg      string
		firstEOF *kgo.ErrFirstReadEOF
	)
	switch {
	case errors.Is(err, kerr.SaslAuthenticationFailed):
		msg = fmt.Sprintf("the broker refused the login of user %s (%v); check the user name (SASL_USERNAME or --user) and the password (SASL_PASSWORD, or the variable --password-env names)", c.cfg.User, err)
	case errors.Is(err, kerr.UnsupportedSaslMechanism), errors.Is(err, kerr.IllegalSaslState):
		msg = fmt.Sprintf("the broker does not accept SASL mechanism %s (%v); set the one it enables (SASL_MECHANISM or --mechanism: the classroom uses PLAIN)", c.cfg.Mechanism, err)
	case (errors.As(err, &firstEOF) || closedEarly(err)) && c.cfg.SecurityProtocol != "SASL_PLAINTEXT":
		msg = "the broker closed the connection at the first request, as a broker that wants a login does; set SECURITY_PROTOCOL=SASL_PLAINTEXT (or --security-protocol) with a user and password"
	case errors.As(err, &firstEOF):
		msg = "the broker closed the connection at the first request; check that the address is a Kafka listener and that it speaks SASL_PLAINTEXT"
	case unreachable(err) || errors.Is(err, context.DeadlineExceeded):
		msg = fmt.Sprintf("cannot reach a broker within %v (%v); check that Kafka is running and that the address (BOOTSTRAP_SERVERS or --bootstrap, host:port) is right", CheckTimeout, err)
	default:
		msg = fmt.Sprintf("cannot connect (%v); check the address, the security protocol and the login", err)
	}
	return fmt.Errorf("client %s: %s: %s", c.cfg.Team, c.where(), msg)
}

// explainTopic says why a topic's metadata could not be read.
func (c *Client) explainTopic(topic string, err error) error {
	var msg string
	switch {
	case errors.Is(err, kerr.UnknownTopicOrPartition):
		msg = fmt.Sprintf("topic %s does not exist; create it (the classroom's setup-kafka.sh does) or check the address points at the classroom's cluster", topic)
	case errors.Is(err, kerr.TopicAuthorizationFailed):
		msg = fmt.Sprintf("user %s may not use topic %s (%v); check the ACLs, and that the user is the team's", c.cfg.User, topic, err)
	default:
		msg = fmt.Sprintf("topic %s: %v", topic, err)
	}
	return fmt.Errorf("client %s: %s: %s", c.cfg.Team, c.where(), msg)
}

// Close releases a client that will not Run (Run closes its client when it
// returns).
func (c *Client) Close() {
	c.cl.AllowRebalance()
	c.cl.Close()
}

// closedEarly reports an error of a connection the broker closed before
// answering, as franz-go says it when it saw no first read: a SASL
// listener closes a connection that sends a request without a login, and
// under load franz-go may report that as a dead connection rather than as
// ErrFirstReadEOF.
func closedEarly(err error) bool {
	return errors.Is(err, io.EOF) || strings.Contains(err.Error(), "connection has died")
}

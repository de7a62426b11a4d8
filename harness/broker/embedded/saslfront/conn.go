package saslfront

import (
	"net"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// phase is where a connection is in authentication.
type phase uint8

const (
	// negotiating (the zero value, where every connection starts):
	// Kafka-framed ApiVersions, SaslHandshake and SaslAuthenticate
	// requests.
	_ phase = iota
	// legacyTokens: after a successful SaslHandshake v0, raw tokens.
	legacyTokens
	// passThrough: authenticated, or not a SASL client at all; bytes go
	// through untouched.
	passThrough
)

// request is a request handed to kfake whose answer the front has not seen
// yet. kfake answers a connection's requests one at a time, in order.
type request struct {
	requestHeader
	legacy    bool   // SaslHandshake v0, or a raw token framed by the front
	mechanism string // SaslHandshake: the mechanism asked for
}

// attempt is the authentication under way on a connection.
type attempt struct {
	mechanism string
	user      string
	legacy    bool
	rounds    int  // SaslAuthenticate round trips that succeeded
	reported  bool // OnAuth has been told the outcome
}

// conn is one client connection behind the front. kfake reads the client's
// requests from it and writes its responses to it.
type conn struct {
	net.Conn // the client
	front    *Listener

	// Read side: used by kfake's reading goroutines, one at a time.
	toBroker []byte // request bytes kfake has not read yet
	readRaw  bool

	// Write side: used by kfake's writing goroutines, one at a time.
	fromBroker []byte // the start of a response frame
	writeRaw   bool

	mu         sync.Mutex
	changed    *sync.Cond // broadcast when an answer was seen or conn closed
	phase      phase
	inflight   []request
	auth       attempt
	clientGone bool // the client hung up or sent garbage: no failed login
	closed     bool

	closeOnce sync.Once
	closeErr  error
}

// Read gives kfake the client's next request bytes: framed requests, with
// raw tokens framed by the front, until authentication completes, then the
// client's bytes untouched.
func (c *conn) Read(p []byte) (int, error) {
	for len(c.toBroker) == 0 {
		if c.readRaw {
			return c.Conn.Read(p)
		}
		if err := c.nextRequest(); err != nil {
			return 0, err
		}
	}
	n := copy(p, c.toBroker)
	c.toBroker = c.toBroker[n:]
	return n, nil
}

// Write takes kfake's response bytes and sends the client what a real
// broker would: rewritten or translated answers until authentication
// completes, then kfake's bytes untouched.
func (c *conn) Write(p []byte) (int, error) {
	if c.writeRaw {
		return c.Conn.Write(p)
	}
	c.fromBroker = append(c.fromBroker, p...) // kfake reuses p
	for len(c.fromBroker) >= 4 {
		end := 4 + int(beUint32(c.fromBroker))
		if len(c.fromBroker) < end {
			break
		}
		if err := c.answer(c.fromBroker[:end]); err != nil {
			return 0, err
		}
		c.fromBroker = c.fromBroker[end:]
	}
	if len(c.fromBroker) == 0 {
		c.fromBroker = nil
		c.mu.Lock()
		c.writeRaw = c.phase == passThrough && len(c.inflight) == 0
		c.mu.Unlock()
	}
	return len(p), nil
}

// Close closes the connection. When kfake closes it with a SaslAuthenticate
// unanswered, which is how kfake refuses credentials, the attempt is
// reported as failed and, in the v1 flow, the client first gets the
// SASL_AUTHENTICATION_FAILED answer Kafka sends. Close is idempotent.
func (c *conn) Close() error {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		ev, answer := c.refused()
		c.closed = true
		c.changed.Broadcast()
		c.mu.Unlock()
		if ev != nil {
			c.front.report(*ev)
		}
		if answer != nil {
			// Bounded, so that a client that stopped reading cannot
			// hold kfake's goroutine.
			_ = c.Conn.SetWriteDeadline(time.Now().Add(time.Second))
			_, _ = c.Conn.Write(answer)
		}
		c.closeErr = c.Conn.Close()
	})
	return c.closeErr
}

// refused returns, when the connection is being closed because kfake refused
// a SaslAuthenticate, the event to report and the answer to send the client
// first (nil in the legacy flow, where Kafka sends nothing). c.mu is held.
func (c *conn) refused() (*AuthEvent, []byte) {
	// A closed listener means kfake is shutting down, not refusing.
	if c.clientGone || c.front.closed.Load() || len(c.inflight) == 0 {
		return nil, nil
	}
	req := c.inflight[0]
	if req.key != keySaslAuthenticate {
		return nil, nil
	}
	reason := credentialsReason(c.auth.mechanism)
	ev := c.finish(false, reason)
	if req.legacy {
		return ev, nil
	}
	resp := kmsg.NewPtrSASLAuthenticateResponse()
	resp.Version = req.version
	resp.ErrorCode = kerr.SaslAuthenticationFailed.Code
	resp.ErrorMessage = &reason
	return ev, appendResponse(nil, req.corr, resp)
}

// finish records the outcome of the attempt and returns the event to report
// once c.mu is released, or nil if it was reported already. c.mu is held.
func (c *conn) finish(ok bool, reason string) *AuthEvent {
	if c.auth.reported {
		return nil
	}
	c.auth.reported = true
	return &AuthEvent{
		Remote:    c.RemoteAddr(),
		Mechanism: c.auth.mechanism,
		User:      c.auth.user,
		Legacy:    c.auth.legacy,
		OK:        ok,
		Reason:    reason,
	}
}

// settledPhase waits until no answer that could change the phase is
// outstanding, and returns the phase. Clients wait for those answers before
// they send more, so this normally returns at once; it matters for a client
// that sends a raw token right behind its SaslHandshake v0.
func (c *conn) settledPhase() phase {
	c.mu.Lock()
	defer c.mu.Unlock()
	for !c.closed && c.awaitingAuthAnswer() {
		c.changed.Wait()
	}
	return c.phase
}

// awaitingAuthAnswer reports whether a SaslHandshake or SaslAuthenticate is
// unanswered. c.mu is held.
func (c *conn) awaitingAuthAnswer() bool {
	for _, r := range c.inflight {
		if r.key == keySaslHandshake || r.key == keySaslAuthenticate {
			return true
		}
	}
	return false
}

// roundTrips is how many successful SaslAuthenticate round trips complete an
// authentication with mechanism: PLAIN is one token and its empty answer,
// SCRAM is client-first/server-first then client-final/server-final.
func roundTrips(mechanism string) int {
	if mechanism == classroom.Plain {
		return 1
	}
	return 2
}

package saslfront

import (
	"net"
	"slices"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// answer sends the client what a real broker would answer, given kfake's
// response frame (with its size prefix).
func (c *conn) answer(frame []byte) error {
	corr := int32(beUint32(frame[4:8]))
	out, hangUp := frame, false
	var ev *AuthEvent
	c.mu.Lock()
	// kfake answers in order, so the oldest request is the one answered;
	// a mismatch cannot happen, and the frame then goes out as it is.
	if len(c.inflight) > 0 && c.inflight[0].corr == corr {
		req := c.inflight[0]
		c.inflight = c.inflight[1:]
		// The phase changes before the client can see the answer, so
		// its next bytes are read in the new phase.
		out, ev, hangUp = c.translate(frame, req)
		c.changed.Broadcast()
	}
	c.mu.Unlock()
	if ev != nil {
		c.front.report(*ev)
	}
	if len(out) > 0 {
		if _, err := c.Conn.Write(out); err != nil {
			return err
		}
	}
	if hangUp {
		// Kafka closes the connection after a failed handshake or
		// legacy authentication.
		c.Close()
		return net.ErrClosed
	}
	return nil
}

// translate returns what the client gets for kfake's answer to req, the
// event to report if the attempt ended, and whether to close the connection
// afterwards. c.mu is held.
func (c *conn) translate(frame []byte, req request) (out []byte, ev *AuthEvent, hangUp bool) {
	switch {
	case req.key == keyApiVersions:
		return c.apiVersions(frame, req), nil, false
	case req.key == keySaslHandshake:
		return c.handshake(frame, req)
	case req.key == keySaslAuthenticate && req.legacy:
		return c.legacyAnswer(frame)
	case req.key == keySaslAuthenticate:
		return frame, c.authenticated(frame, req), false
	}
	return frame, nil, false
}

// apiVersions advertises SaslHandshake from v0, as Kafka does; librdkafka
// before 2.11.1 will not authenticate otherwise.
func (c *conn) apiVersions(frame []byte, req request) []byte {
	body, ok := responseBody(frame, keyApiVersions, req.version)
	// An error answer, such as the v0 answer to a version kfake does not
	// serve, lists no SaslHandshake to fix.
	if !ok || len(body) < 2 || body[0] != 0 || body[1] != 0 {
		return frame
	}
	resp := kmsg.NewPtrApiVersionsResponse()
	resp.Version = req.version
	if resp.ReadFrom(body) != nil {
		return frame
	}
	for i := range resp.ApiKeys {
		if resp.ApiKeys[i].ApiKey == keySaslHandshake {
			resp.ApiKeys[i].MinVersion = 0
		}
	}
	return appendResponse(nil, req.corr, resp)
}

// handshake lists the enabled mechanisms in kfake's SaslHandshake answer,
// refuses a mechanism that is not enabled, and after a v0 handshake expects
// raw tokens.
func (c *conn) handshake(frame []byte, req request) ([]byte, *AuthEvent, bool) {
	resp := kmsg.NewPtrSASLHandshakeResponse()
	resp.Version = 1 // what kfake answered; v0 and v1 bodies are the same
	body, ok := responseBody(frame, keySaslHandshake, 1)
	if !ok || resp.ReadFrom(body) != nil {
		return frame, nil, false
	}
	resp.Version = req.version
	resp.SupportedMechanisms = slices.Clone(c.front.cfg.Mechanisms)
	c.auth = attempt{mechanism: req.mechanism, legacy: req.legacy}
	var reason string
	switch {
	case !c.front.enabled(req.mechanism):
		// kfake accepts any mechanism it implements, even one with
		// no users; Kafka accepts only sasl.enabled.mechanisms.
		resp.ErrorCode = kerr.UnsupportedSaslMechanism.Code
		reason = reasonNoMechanism + req.mechanism
	case resp.ErrorCode != 0:
		reason = kerr.ErrorForCode(resp.ErrorCode).Error()
	}
	out := appendResponse(nil, req.corr, resp)
	if resp.ErrorCode != 0 {
		return out, c.finish(false, reason), true
	}
	if req.legacy {
		c.phase = legacyTokens
	}
	return out, nil, false
}

// legacyAnswer turns kfake's answer to a token the front framed into the raw
// token Kafka sends in the legacy flow: [int32 size][bytes], four zero bytes
// for PLAIN.
func (c *conn) legacyAnswer(frame []byte) ([]byte, *AuthEvent, bool) {
	resp := kmsg.NewPtrSASLAuthenticateResponse()
	body, ok := responseBody(frame, keySaslAuthenticate, 0)
	if !ok || resp.ReadFrom(body) != nil || resp.ErrorCode != 0 {
		// A legacy client cannot read an error: Kafka closes.
		return nil, c.finish(false, errorReason(resp)), true
	}
	c.auth.rounds++
	out := appendToken(nil, resp.SASLAuthBytes)
	if c.auth.rounds < roundTrips(c.auth.mechanism) {
		return out, nil, false
	}
	c.phase = passThrough
	return out, c.finish(true, ""), false
}

// authenticated follows a v1-flow SaslAuthenticate answer, which goes to the
// client unchanged, and returns the event if the attempt ended.
func (c *conn) authenticated(frame []byte, req request) *AuthEvent {
	resp := kmsg.NewPtrSASLAuthenticateResponse()
	resp.Version = req.version
	body, ok := responseBody(frame, keySaslAuthenticate, req.version)
	if !ok || resp.ReadFrom(body) != nil {
		return nil
	}
	if resp.ErrorCode != 0 {
		return c.finish(false, errorReason(resp))
	}
	c.auth.rounds++
	if c.auth.rounds < roundTrips(c.auth.mechanism) {
		return nil
	}
	c.phase = passThrough
	return c.finish(true, "")
}

// errorReason describes a SaslAuthenticate error answer.
func errorReason(resp *kmsg.SASLAuthenticateResponse) string {
	err := kerr.ErrorForCode(resp.ErrorCode)
	if err == nil {
		return "unreadable SaslAuthenticate answer from the broker"
	}
	reason := err.Error()
	if resp.ErrorMessage != nil && *resp.ErrorMessage != "" {
		reason += ": " + *resp.ErrorMessage
	}
	return reason
}

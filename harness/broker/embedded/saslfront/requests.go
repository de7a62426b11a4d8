package saslfront

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// errReceiveSize is returned to kfake for a request or token whose size
// Kafka would refuse before authentication; kfake then closes the
// connection, as Kafka does.
var errReceiveSize = errors.New("saslfront: invalid receive size before authentication")

// nextRequest reads the client's next request or raw token and queues what
// kfake should read in c.toBroker.
func (c *conn) nextRequest() error {
	var size [4]byte
	if _, err := io.ReadFull(c.Conn, size[:]); err != nil {
		return c.lostClient(err)
	}
	n := int32(binary.BigEndian.Uint32(size[:]))
	switch c.settledPhase() {
	case passThrough:
		// The client authenticated: from its next request on, kfake
		// reads the client directly.
		c.readRaw = true
		c.toBroker = append(c.toBroker[:0], size[:]...)
		return nil
	case legacyTokens:
		return c.legacyToken(n)
	default: // negotiating, the first phase
		return c.kafkaRequest(size, n)
	}
}

// kafkaRequest reads a framed request of n bytes before authentication.
func (c *conn) kafkaRequest(size [4]byte, n int32) error {
	if n < 0 || n > maxReceiveSize {
		return c.lostClient(fmt.Errorf("%w: request of %d bytes", errReceiveSize, n))
	}
	frame := make([]byte, 4+int(n))
	copy(frame, size[:])
	if _, err := io.ReadFull(c.Conn, frame[4:]); err != nil {
		return c.lostClient(err)
	}
	c.toBroker = frame
	h, body, ok := parseRequest(frame[4:])
	if !ok {
		return nil // kfake refuses it and closes the connection
	}
	req := request{requestHeader: h}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch h.key {
	case keyApiVersions:
	case keySaslHandshake:
		hs := kmsg.NewPtrSASLHandshakeRequest()
		if hs.ReadFrom(body) == nil { // v0 and v1 bodies are the same
			req.mechanism = hs.Mechanism
		}
		if h.version == 0 {
			// kfake serves v1 only. The version field sits after the
			// size and the API key.
			binary.BigEndian.PutUint16(frame[6:], 1)
			req.legacy = true
		}
	case keySaslAuthenticate:
		auth := kmsg.NewPtrSASLAuthenticateRequest()
		auth.Version = h.version
		if c.auth.rounds == 0 && auth.ReadFrom(body) == nil {
			c.auth.user = userOf(c.auth.mechanism, auth.SASLAuthBytes)
		}
	default:
		// Not part of authentication: kfake refuses it when SASL is
		// on, or serves it when it is off; either way there is nothing
		// more to translate.
		c.phase = passThrough
		c.readRaw = true
	}
	c.inflight = append(c.inflight, req)
	return nil
}

// legacyToken reads a raw token of n bytes, sent after SaslHandshake v0, and
// frames it as the SaslAuthenticate v0 request kfake understands.
func (c *conn) legacyToken(n int32) error {
	if n < 0 || n > maxReceiveSize {
		c.mu.Lock()
		ev := c.finish(false, reasonReceiveSize)
		c.clientGone = true // reported here, not again at Close
		c.mu.Unlock()
		if ev != nil {
			c.front.report(*ev)
		}
		return fmt.Errorf("%w: token of %d bytes", errReceiveSize, n)
	}
	token := make([]byte, n)
	if _, err := io.ReadFull(c.Conn, token); err != nil {
		return c.lostClient(err)
	}
	c.mu.Lock()
	if c.auth.rounds == 0 {
		c.auth.user = userOf(c.auth.mechanism, token)
	}
	c.inflight = append(c.inflight, request{
		requestHeader: requestHeader{key: keySaslAuthenticate, version: 0, corr: legacyCorr},
		legacy:        true,
	})
	c.mu.Unlock()
	req := kmsg.NewPtrSASLAuthenticateRequest()
	req.SASLAuthBytes = token
	c.toBroker = appendRequest(c.toBroker[:0], legacyCorr, req)
	return nil
}

// lostClient records that the connection ends because of the client, so
// that Close does not take it for refused credentials, and returns err.
func (c *conn) lostClient(err error) error {
	c.mu.Lock()
	c.clientGone = true
	c.mu.Unlock()
	return err
}

package saslfront_test

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kbin"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"
)

// patience bounds every wait in these tests.
const patience = 10 * time.Second

// events records the AuthEvents of a broker.
type events struct {
	mu     sync.Mutex
	seen   []saslfront.AuthEvent
	notify chan struct{} // closed and replaced on every event
}

func newEvents() *events { return &events{notify: make(chan struct{})} }

func (e *events) record(ev saslfront.AuthEvent) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seen = append(e.seen, ev)
	close(e.notify)
	e.notify = make(chan struct{})
}

// waitFor returns the first event, from index from on, that match accepts,
// and its index.
func (e *events) waitFor(t testing.TB, from int, what string, match func(saslfront.AuthEvent) bool) (saslfront.AuthEvent, int) {
	t.Helper()
	deadline := time.NewTimer(patience)
	defer deadline.Stop()
	for {
		e.mu.Lock()
		for i := from; i < len(e.seen); i++ {
			if match(e.seen[i]) {
				ev := e.seen[i]
				e.mu.Unlock()
				return ev, i
			}
		}
		seen, notify := append([]saslfront.AuthEvent(nil), e.seen[from:]...), e.notify
		e.mu.Unlock()
		select {
		case <-notify:
		case <-deadline.C:
			t.Fatalf("no AuthEvent %s within %v; saw %v", what, patience, seen)
		}
	}
}

// count returns how many events have been seen.
func (e *events) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.seen)
}

// since returns the events seen from index from on.
func (e *events) since(from int) []saslfront.AuthEvent {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]saslfront.AuthEvent(nil), e.seen[from:]...)
}

// startBroker starts an embedded classroom broker with SASL mechanism mech
// and records its AuthEvents.
func startBroker(t testing.TB, mech string) (*embedded.Broker, *events) {
	t.Helper()
	ev := newEvents()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	b, err := embedded.Start(ctx, embedded.Config{Mechanism: mech, OnAuth: ev.record})
	if err != nil {
		t.Fatalf("start broker: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b, ev
}

// wire is a raw client connection that speaks the protocol byte by byte.
type wire struct {
	t    testing.TB
	conn net.Conn
	corr int32
}

// dial connects to b with every read and write bounded by patience.
func dial(t testing.TB, b *embedded.Broker) *wire {
	t.Helper()
	conn, err := net.DialTimeout("tcp", b.Bootstrap()[0], patience)
	if err != nil {
		t.Fatalf("dial %s: %v", b.Bootstrap()[0], err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.SetDeadline(time.Now().Add(patience)); err != nil {
		t.Fatalf("set deadline: %v", err)
	}
	return &wire{t: t, conn: conn, corr: 100}
}

var formatter = kmsg.NewRequestFormatter(kmsg.FormatterClientID("team-1"))

// frame returns req framed with the wire's next correlation id.
func (w *wire) frame(req kmsg.Request) ([]byte, int32) {
	w.corr++
	return formatter.AppendRequest(nil, req, w.corr), w.corr
}

// write sends raw bytes.
func (w *wire) write(b []byte) {
	w.t.Helper()
	if _, err := w.conn.Write(b); err != nil {
		w.t.Fatalf("write %d bytes: %v", len(b), err)
	}
}

// send sends req and returns its correlation id.
func (w *wire) send(req kmsg.Request) int32 {
	w.t.Helper()
	b, corr := w.frame(req)
	w.write(b)
	return corr
}

// readFull reads exactly n bytes.
func (w *wire) readFull(n int) []byte {
	w.t.Helper()
	b := make([]byte, n)
	if _, err := io.ReadFull(w.conn, b); err != nil {
		w.t.Fatalf("read %d bytes: %v", n, err)
	}
	return b
}

// recv reads the response to the request with correlation id corr into
// resp, whose version must be set.
func (w *wire) recv(corr int32, resp kmsg.Response) {
	w.t.Helper()
	size := binary.BigEndian.Uint32(w.readFull(4))
	frame := w.readFull(int(size))
	r := kbin.Reader{Src: frame}
	if got := r.Int32(); got != corr {
		w.t.Fatalf("response correlation id: got %d, want %d", got, corr)
	}
	if resp.IsFlexible() && resp.Key() != 18 {
		kmsg.SkipTags(&r)
	}
	if err := resp.ReadFrom(r.Src); err != nil {
		w.t.Fatalf("parse %s v%d response: %v", kmsg.NameForKey(resp.Key()), resp.GetVersion(), err)
	}
}

// roundTrip sends req and returns its response.
func (w *wire) roundTrip(req kmsg.Request) kmsg.Response {
	w.t.Helper()
	corr := w.send(req)
	resp := req.ResponseKind()
	w.recv(corr, resp)
	return resp
}

// handshake sends SaslHandshake at version for mechanism and returns the
// response.
func (w *wire) handshake(version int16, mechanism string) *kmsg.SASLHandshakeResponse {
	w.t.Helper()
	req := kmsg.NewPtrSASLHandshakeRequest()
	req.Version = version
	req.Mechanism = mechanism
	return w.roundTrip(req).(*kmsg.SASLHandshakeResponse)
}

// legacyHandshake sends SaslHandshake v0 for mechanism and fails the test
// unless the broker accepts it.
func (w *wire) legacyHandshake(mechanism string) {
	w.t.Helper()
	resp := w.handshake(0, mechanism)
	if resp.ErrorCode != 0 {
		w.t.Fatalf("SaslHandshake v0 %s: error code %d, want 0", mechanism, resp.ErrorCode)
	}
}

// sendToken sends a raw SASL token, [int32 size][bytes], as the legacy flow
// does.
func (w *wire) sendToken(tok []byte) {
	w.t.Helper()
	w.write(binary.BigEndian.AppendUint32(nil, uint32(len(tok))))
	w.write(tok)
}

// recvToken reads a raw SASL token.
func (w *wire) recvToken() []byte {
	w.t.Helper()
	size := binary.BigEndian.Uint32(w.readFull(4))
	return w.readFull(int(size))
}

// expectClosed fails the test unless the broker closes the connection
// without sending another byte.
func (w *wire) expectClosed() {
	w.t.Helper()
	var b [64]byte
	n, err := w.conn.Read(b[:])
	var nerr net.Error
	switch {
	case n > 0:
		w.t.Fatalf("got %d more bytes (% x), want the connection closed", n, b[:n])
	case errors.As(err, &nerr) && nerr.Timeout():
		w.t.Fatalf("connection still open after %v, want it closed", patience)
	case err == nil:
		w.t.Fatalf("read returned nothing and no error, want the connection closed")
	}
}

// plainToken is RFC 4616's message, authzid = user as kafka-python sends it.
func plainToken(user, pass string) []byte {
	return []byte(user + "\x00" + user + "\x00" + pass)
}

package saslfront

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// After a legacy login the front forwards bytes both ways without looking
// at them: here the broker is played by the test, so it can check what
// crosses the front, byte for byte, down to bytes that are not Kafka frames.
func TestPassThroughAfterAuthentication(t *testing.T) {
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	var events []AuthEvent
	ln := Wrap(tcp, Config{Mechanisms: []string{"PLAIN"}, OnAuth: func(e AuthEvent) { events = append(events, e) }})
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer client.Close()
	accepted, err := ln.Accept()
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	defer accepted.Close()
	broker := accepted.(*conn)
	deadline := time.Now().Add(10 * time.Second)
	for _, c := range []net.Conn{client, broker.Conn} {
		if err := c.SetDeadline(deadline); err != nil {
			t.Fatalf("set deadline: %v", err)
		}
	}

	// SaslHandshake v0 reaches the broker as v1 and comes back with the
	// mechanism list filled in.
	hs := kmsg.NewPtrSASLHandshakeRequest()
	hs.Mechanism = "PLAIN"
	write(t, client, requestFormatter.AppendRequest(nil, hs, 7))
	got := readFrame(t, broker)
	if key, version := int16(binary.BigEndian.Uint16(got[4:])), int16(binary.BigEndian.Uint16(got[6:])); key != 17 || version != 1 {
		t.Fatalf("broker got key %d v%d, want SaslHandshake v1", key, version)
	}
	hsResp := kmsg.NewPtrSASLHandshakeResponse()
	hsResp.Version = 1
	write(t, broker, appendResponse(nil, 7, hsResp))
	answer := readFrame(t, client)
	hsResp = kmsg.NewPtrSASLHandshakeResponse()
	if err := hsResp.ReadFrom(answer[8:]); err != nil || !slices.Equal(hsResp.SupportedMechanisms, []string{"PLAIN"}) {
		t.Fatalf("client got mechanisms %q (%v), want [PLAIN]", hsResp.SupportedMechanisms, err)
	}

	// The raw token reaches the broker framed as SaslAuthenticate v0.
	token := []byte("\x00team-1\x00team-1-secret")
	write(t, client, appendToken(nil, token))
	got = readFrame(t, broker)
	h, body, ok := parseRequest(got[4:])
	auth := kmsg.NewPtrSASLAuthenticateRequest()
	if !ok || h.key != 36 || h.version != 0 || h.corr != legacyCorr || auth.ReadFrom(body) != nil || !bytes.Equal(auth.SASLAuthBytes, token) {
		t.Fatalf("broker got %+v, want SaslAuthenticate v0 with the client's token", h)
	}
	write(t, broker, appendResponse(nil, legacyCorr, kmsg.NewPtrSASLAuthenticateResponse()))
	if got := readN(t, client, 4); !bytes.Equal(got, []byte{0, 0, 0, 0}) {
		t.Fatalf("client got % x, want an empty raw token", got)
	}

	// From here on, anything goes through as it is.
	raw := []byte("not a Kafka frame at all")
	write(t, client, raw)
	if got := readN(t, broker, len(raw)); !bytes.Equal(got, raw) {
		t.Errorf("broker got %q, want %q", got, raw)
	}
	write(t, broker, raw[:5])
	if got := readN(t, client, 5); !bytes.Equal(got, raw[:5]) {
		t.Errorf("client got %q, want %q", got, raw[:5])
	}
	if !broker.readRaw || !broker.writeRaw {
		t.Errorf("after authentication: readRaw=%v writeRaw=%v, want both", broker.readRaw, broker.writeRaw)
	}
	if len(events) != 1 || !events[0].OK || events[0].User != "team-1" || !events[0].Legacy {
		t.Errorf("events: got %v, want one legacy success for team-1", events)
	}
}

func write(t *testing.T, c net.Conn, b []byte) {
	t.Helper()
	if _, err := c.Write(b); err != nil {
		t.Fatalf("write: %v", err)
	}
}

func readN(t *testing.T, c net.Conn, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := io.ReadFull(c, b); err != nil {
		t.Fatalf("read %d bytes: %v", n, err)
	}
	return b
}

// readFrame reads a size-prefixed frame and returns it with its size.
func readFrame(t *testing.T, c net.Conn) []byte {
	t.Helper()
	size := readN(t, c, 4)
	return append(size, readN(t, c, int(binary.BigEndian.Uint32(size)))...)
}

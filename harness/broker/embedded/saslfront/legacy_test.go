package saslfront_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"
)

const plainRefused = "Authentication failed: Invalid username or password"

// A legacy PLAIN login (kafka-python 2.0.2's): SaslHandshake v0, then the raw
// token; Kafka answers four zero bytes, or closes the connection.
func TestLegacyPlain(t *testing.T) {
	b, ev := startBroker(t, "PLAIN")
	for _, tc := range []struct {
		name, user, pass string
		ok               bool
	}{
		{"good password", "team-1", "team-1-secret", true},
		{"bad password", "team-1", "team-2-secret", false},
		{"unknown user", "team-16", "team-16-secret", false},
		{"user name not lower case", "Team-3", "team-3-secret", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := dial(t, b)
			from := ev.count()
			w.legacyHandshake("PLAIN")
			w.sendToken(plainToken(tc.user, tc.pass))
			if tc.ok {
				// Read the raw bytes: the answer must be exactly an
				// empty token, nothing framed.
				if got := w.readFull(4); !bytes.Equal(got, []byte{0, 0, 0, 0}) {
					t.Fatalf("answer to a good PLAIN token: % x, want 00 00 00 00", got)
				}
				w.expectPrincipal(tc.user, "team-2")
			} else {
				w.expectClosed()
			}
			got, _ := ev.waitFor(t, from, "for "+tc.user, func(e saslfront.AuthEvent) bool { return e.User == tc.user })
			want := saslfront.AuthEvent{Remote: w.conn.LocalAddr(), Mechanism: "PLAIN", User: tc.user, Legacy: true, OK: tc.ok}
			if !tc.ok {
				want.Reason = plainRefused
			}
			if got.Remote.String() != want.Remote.String() {
				t.Errorf("event remote address: got %v, want %v", got.Remote, want.Remote)
			}
			got.Remote = want.Remote
			if got != want {
				t.Errorf("event:\n got %+v\nwant %+v", got, want)
			}
			if s := fmt.Sprintf("%+v %v", got, got); strings.Contains(s, tc.pass) {
				t.Errorf("event shows the password: %s", s)
			}
		})
	}
}

// After a legacy login, the connection is an ordinary authenticated one: a
// second authentication is refused with ILLEGAL_SASL_STATE, as Kafka's
// KafkaApis does, and the principal stays the first user.
func TestLegacySecondAuthentication(t *testing.T) {
	b, ev := startBroker(t, "PLAIN")
	w := dial(t, b)
	from := ev.count()
	w.legacyHandshake("PLAIN")
	w.sendToken(plainToken("team-1", "team-1-secret"))
	if got := w.recvToken(); len(got) != 0 {
		t.Fatalf("answer to a good PLAIN token: % x, want an empty token", got)
	}

	if resp := w.handshake(1, "PLAIN"); resp.ErrorCode != kerr.IllegalSaslState.Code {
		t.Errorf("second SaslHandshake v1: error code %d, want ILLEGAL_SASL_STATE (%d)", resp.ErrorCode, kerr.IllegalSaslState.Code)
	}
	auth := kmsg.NewPtrSASLAuthenticateRequest()
	auth.Version = 1
	auth.SASLAuthBytes = plainToken("team-2", "team-2-secret")
	if resp := w.roundTrip(auth).(*kmsg.SASLAuthenticateResponse); resp.ErrorCode != kerr.IllegalSaslState.Code {
		t.Errorf("second SaslAuthenticate: error code %d, want ILLEGAL_SASL_STATE (%d)", resp.ErrorCode, kerr.IllegalSaslState.Code)
	}
	w.expectPrincipal("team-1", "team-2")

	if got := ev.since(from); len(got) != 1 || !got[0].OK || got[0].User != "team-1" {
		t.Errorf("events: got %v, want one success for team-1", got)
	}
}

// A raw token whose size Kafka refuses (negative, or above
// sasl.server.max.receive.size) closes the connection; so does an empty
// PLAIN token.
func TestLegacyGarbageToken(t *testing.T) {
	b, ev := startBroker(t, "PLAIN")
	for _, tc := range []struct {
		name   string
		size   uint32
		reason string
	}{
		{"negative size", 0xFFFFFFFF, "invalid receive size"},
		{"size above 512 KiB", 512<<10 + 1, "invalid receive size"},
		{"size near 2 GiB", 0x7FFFFFFF, "invalid receive size"},
		{"empty token", 0, plainRefused},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := dial(t, b)
			from := ev.count()
			w.legacyHandshake("PLAIN")
			w.write(binary.BigEndian.AppendUint32(nil, tc.size))
			w.expectClosed()
			got, _ := ev.waitFor(t, from, "for this connection", func(e saslfront.AuthEvent) bool {
				return e.Remote.String() == w.conn.LocalAddr().String()
			})
			if got.OK || !got.Legacy || !strings.Contains(got.Reason, tc.reason) {
				t.Errorf("event: got %+v, want a legacy failure with a reason containing %q", got, tc.reason)
			}
		})
	}
}

// A client may send its token right behind SaslHandshake v0 without waiting
// for the answer; the token must still be read as a raw token.
func TestLegacyTokenPipelined(t *testing.T) {
	b, _ := startBroker(t, "PLAIN")
	w := dial(t, b)
	hs := kmsg.NewPtrSASLHandshakeRequest()
	hs.Mechanism = "PLAIN"
	frame, corr := w.frame(hs)
	tok := plainToken("team-4", "team-4-secret")
	frame = binary.BigEndian.AppendUint32(frame, uint32(len(tok)))
	w.write(append(frame, tok...))

	resp := kmsg.NewPtrSASLHandshakeResponse()
	w.recv(corr, resp)
	if resp.ErrorCode != 0 {
		t.Fatalf("SaslHandshake v0: error code %d, want 0", resp.ErrorCode)
	}
	if got := w.recvToken(); len(got) != 0 {
		t.Fatalf("answer to a good PLAIN token: % x, want an empty token", got)
	}
	w.expectPrincipal("team-4", "team-5")
}

// A legacy SCRAM login takes two raw round trips: client-first/server-first,
// then client-final/server-final.
func TestLegacyScram(t *testing.T) {
	for _, mech := range []string{"SCRAM-SHA-256", "SCRAM-SHA-512"} {
		t.Run(mech, func(t *testing.T) {
			b, ev := startBroker(t, mech)
			for _, tc := range []struct {
				name, user, pass string
				ok               bool
			}{
				{"good password", "team-7", "team-7-secret", true},
				{"bad password", "team-7", "team-8-secret", false},
				{"unknown user", "nobody", "team-7-secret", false},
			} {
				t.Run(tc.name, func(t *testing.T) {
					w := dial(t, b)
					from := ev.count()
					w.legacyHandshake(mech)
					ok := w.legacyScram(mech, tc.user, tc.pass)
					if ok != tc.ok {
						t.Fatalf("authenticated: %v, want %v", ok, tc.ok)
					}
					if ok {
						w.expectPrincipal(tc.user, "team-8")
					}
					got, _ := ev.waitFor(t, from, "for "+tc.user, func(e saslfront.AuthEvent) bool { return e.User == tc.user })
					if got.OK != tc.ok || !got.Legacy || got.Mechanism != mech {
						t.Errorf("event: got %+v, want OK=%v Legacy=true Mechanism=%s", got, tc.ok, mech)
					}
				})
			}
		})
	}
}

// legacyScram runs a SCRAM exchange with raw tokens, with franz-go's client
// side, and reports whether the broker accepted it. A refusal must be the
// connection closing without a byte.
func (w *wire) legacyScram(mech, user, pass string) bool {
	w.t.Helper()
	m := scram.Auth{User: user, Pass: pass}.AsSha256Mechanism()
	if mech == "SCRAM-SHA-512" {
		m = scram.Auth{User: user, Pass: pass}.AsSha512Mechanism()
	}
	session, tok, err := m.Authenticate(context.Background(), "")
	if err != nil {
		w.t.Fatalf("SCRAM client-first: %v", err)
	}
	for round := 1; ; round++ {
		w.sendToken(tok)
		var size [4]byte
		if n, _ := w.conn.Read(size[:1]); n == 0 {
			return false // closed: refused
		}
		if _, err := io.ReadFull(w.conn, size[1:]); err != nil {
			w.t.Fatalf("round %d: read token size: %v", round, err)
		}
		answer := w.readFull(int(binary.BigEndian.Uint32(size[:])))
		done, next, err := session.Challenge(answer)
		if err != nil {
			w.t.Fatalf("round %d: client refuses the server's token %q: %v", round, answer, err)
		}
		if done {
			return true
		}
		tok = next
	}
}

package saslfront_test

import (
	"encoding/binary"
	"slices"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"
)

// ApiVersions advertises SaslHandshake v0–v1, as Kafka does, in every
// ApiVersions version, flexible (v3+, header v0 all the same) or not.
func TestApiVersionsAdvertisesHandshakeV0(t *testing.T) {
	b, _ := startBroker(t, "PLAIN")
	for v := int16(0); v <= 4; v++ {
		w := dial(t, b)
		req := kmsg.NewPtrApiVersionsRequest()
		req.Version = v
		req.ClientSoftwareName = "kafkacheck"
		req.ClientSoftwareVersion = "1.0"
		resp := w.roundTrip(req).(*kmsg.ApiVersionsResponse)
		if resp.ErrorCode != 0 {
			t.Fatalf("ApiVersions v%d: error code %d", v, resp.ErrorCode)
		}
		got := map[int16][2]int16{}
		for _, k := range resp.ApiKeys {
			got[k.ApiKey] = [2]int16{k.MinVersion, k.MaxVersion}
		}
		if got[17] != [2]int16{0, 1} {
			t.Errorf("ApiVersions v%d: SaslHandshake versions %v, want [0 1]", v, got[17])
		}
		if got[36] != [2]int16{0, 2} {
			t.Errorf("ApiVersions v%d: SaslAuthenticate versions %v, want kfake's [0 2]", v, got[36])
		}
		if _, ok := got[0]; !ok || len(got) < 40 {
			t.Errorf("ApiVersions v%d: %d keys, want kfake's whole list", v, len(got))
		}
		// The connection still authenticates after the rewrite.
		w.legacyHandshake("PLAIN")
		w.sendToken(plainToken("team-1", "team-1-secret"))
		if tok := w.recvToken(); len(tok) != 0 {
			t.Fatalf("answer to a good PLAIN token: % x, want an empty token", tok)
		}
	}
}

// An ApiVersions version kfake does not serve gets kfake's v0
// UNSUPPORTED_VERSION answer untouched (KIP-511).
func TestApiVersionsUnsupportedVersionUntouched(t *testing.T) {
	b, _ := startBroker(t, "PLAIN")
	w := dial(t, b)
	req := kmsg.NewPtrApiVersionsRequest()
	req.Version = 5
	frame, corr := w.frame(req)
	binary.BigEndian.PutUint16(frame[6:], 6) // kfake serves up to v5
	w.write(frame)
	resp := kmsg.NewPtrApiVersionsResponse() // answered at v0
	w.recv(corr, resp)
	if resp.ErrorCode != kerr.UnsupportedVersion.Code || len(resp.ApiKeys) != 1 || resp.ApiKeys[0].ApiKey != 18 {
		t.Errorf("ApiVersions v6: got error code %d and keys %v, want UNSUPPORTED_VERSION and ApiVersions only", resp.ErrorCode, resp.ApiKeys)
	}
}

// A successful SaslHandshake lists the enabled mechanisms, v0 or v1; kafkajs
// refuses to go on otherwise.
func TestHandshakeListsMechanisms(t *testing.T) {
	for _, mech := range []string{"PLAIN", "SCRAM-SHA-256"} {
		b, _ := startBroker(t, mech)
		for v := int16(0); v <= 1; v++ {
			w := dial(t, b)
			resp := w.handshake(v, mech)
			if resp.ErrorCode != 0 || !slices.Equal(resp.SupportedMechanisms, []string{mech}) {
				t.Errorf("%s cluster, SaslHandshake v%d %s: error code %d, mechanisms %q; want 0 and [%s]",
					mech, v, mech, resp.ErrorCode, resp.SupportedMechanisms, mech)
			}
		}
	}
}

// A mechanism the cluster has no users for is refused as Kafka refuses it:
// UNSUPPORTED_SASL_MECHANISM with the enabled list, then the connection
// closes. kfake alone would accept any mechanism it implements.
func TestHandshakeRefusesMechanismNotEnabled(t *testing.T) {
	b, ev := startBroker(t, "PLAIN")
	for _, tc := range []struct {
		version   int16
		mechanism string
	}{{0, "SCRAM-SHA-256"}, {1, "SCRAM-SHA-512"}, {1, "GSSAPI"}} {
		w := dial(t, b)
		from := ev.count()
		resp := w.handshake(tc.version, tc.mechanism)
		if resp.ErrorCode != kerr.UnsupportedSaslMechanism.Code || !slices.Equal(resp.SupportedMechanisms, []string{"PLAIN"}) {
			t.Errorf("SaslHandshake v%d %s: error code %d, mechanisms %q; want UNSUPPORTED_SASL_MECHANISM (%d) and [PLAIN]",
				tc.version, tc.mechanism, resp.ErrorCode, resp.SupportedMechanisms, kerr.UnsupportedSaslMechanism.Code)
		}
		w.expectClosed()
		got, _ := ev.waitFor(t, from, "for "+tc.mechanism, func(e saslfront.AuthEvent) bool { return e.Mechanism == tc.mechanism })
		if got.OK || got.Reason != "Unsupported SASL mechanism "+tc.mechanism || got.Legacy != (tc.version == 0) {
			t.Errorf("event: got %+v, want a failure for the unsupported mechanism", got)
		}
	}
}

// Before authentication, a request other than ApiVersions and SASL is
// refused by closing the connection, and an oversized request closes it
// before the broker allocates it; neither is an authentication attempt.
func TestRequestsBeforeAuthentication(t *testing.T) {
	b, ev := startBroker(t, "PLAIN")
	from := ev.count()

	w := dial(t, b)
	md := kmsg.NewPtrMetadataRequest()
	t1 := kmsg.NewMetadataRequestTopic()
	t1.Topic = kmsg.StringPtr(classroom.NewUsers)
	md.Topics = append(md.Topics, t1)
	w.send(md)
	w.expectClosed()

	w = dial(t, b)
	w.write(binary.BigEndian.AppendUint32(nil, 1<<30))
	w.expectClosed()

	if got := ev.since(from); len(got) != 0 {
		t.Errorf("events: got %v, want none", got)
	}
}

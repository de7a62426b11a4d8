package tap_test

import (
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
)

// rawClient speaks the Kafka protocol by hand, to log in with the legacy
// flow of kafka-python 2.0: SaslHandshake v0, then a raw PLAIN token.
type rawClient struct {
	t    *testing.T
	conn net.Conn
	corr int32
}

var formatter = kmsg.NewRequestFormatter(kmsg.FormatterClientID("team-3"))

func (c *rawClient) send(req kmsg.Request) {
	c.t.Helper()
	c.corr++
	// AppendRequest writes the size prefix too.
	if _, err := c.conn.Write(formatter.AppendRequest(nil, req, c.corr)); err != nil {
		c.t.Fatal(err)
	}
}

func (c *rawClient) readFrame() []byte {
	c.t.Helper()
	var size [4]byte
	if _, err := io.ReadFull(c.conn, size[:]); err != nil {
		c.t.Fatalf("read: %v", err)
	}
	b := make([]byte, binary.BigEndian.Uint32(size[:]))
	if _, err := io.ReadFull(c.conn, b); err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return b
}

// TestCollectorFollowsTheLegacyFlow proves the raw tokens of the legacy
// flow do not throw the observer off: the refusal of a later request is
// still seen, for the right resource.
func TestCollectorFollowsTheLegacyFlow(t *testing.T) {
	b, col := start(t)
	conn, err := net.Dial("tcp", b.Bootstrap()[0])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	c := &rawClient{t: t, conn: conn}

	hs := kmsg.NewPtrSASLHandshakeRequest()
	hs.Version, hs.Mechanism = 0, "PLAIN"
	c.send(hs)
	c.readFrame()
	token := []byte("\x00team-3\x00team-3-secret")
	conn.Write(append(binary.BigEndian.AppendUint32(nil, uint32(len(token))), token...))
	if got := c.readFrame(); len(got) != 0 {
		t.Fatalf("answer to the PLAIN token: % x, want an empty token", got)
	}
	fc := kmsg.NewPtrFindCoordinatorRequest()
	fc.Version, fc.CoordinatorKey = 2, "team3"
	c.send(fc)
	c.readFrame()

	ev := waitFor(t, col, "the refusal of group team3", func(ev tap.Evidence) bool { return len(ev.Denials) > 0 })
	if d := ev.Denials[0]; d.Resource != "group" || d.Name != "team3" || d.Request != "FindCoordinator" {
		t.Errorf("denial = %+v, want group team3 in FindCoordinator", d)
	}
	if len(ev.Auth) != 1 || !ev.Auth[0].OK || !ev.Auth[0].Legacy {
		t.Errorf("auth = %+v, want one legacy success", ev.Auth)
	}
}

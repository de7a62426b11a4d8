package tap

import (
	"net"
	"sync"
	"sync/atomic"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// conn observes one client connection at the byte level, below the SASL
// front, so it sees exactly what the client sent and received. It decodes
// the request headers (client id) and the requests and answers that name
// groups and topics, and stops looking as soon as the connection turns
// out to be the harness's own (authenticated as admin): the data path of
// the replay and the capture then costs nothing.
type conn struct {
	net.Conn
	col    *Collector
	remote string

	ignore atomic.Bool // the harness's connection: pass bytes through

	in  framer // client → broker; only Read touches it
	out framer // broker → client; only Write touches it

	mu        sync.Mutex
	pending   []pendingReq // requests awaiting an answer, in order
	legacy    bool         // SaslHandshake v0 seen: raw tokens follow
	authed    bool
	user      string // who logged in on the connection
	software  string // the client library, if it said (ApiVersions v3+)
	requested bool   // sent a request other than ApiVersions or SASL
	current   pendingReq
}

// pendingReq is a request whose answer is still to come. A nil req stands
// for a raw SASL token, or a request not worth decoding.
type pendingReq struct {
	req      kmsg.Request
	clientID string
	decode   bool
	produced []Produced // a Produce's records, offsets still unknown
}

func (c *conn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && !c.ignore.Load() {
		c.in.feed(p[:n], func(size int) bool {
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.legacy && !c.authed {
				// A raw token: PLAIN's carries the password, so it
				// is never kept. Its answer is a raw token too.
				c.pending = append(c.pending, pendingReq{})
				return false
			}
			return size <= maxKept
		}, c.request)
	}
	return n, err
}

func (c *conn) Write(p []byte) (int, error) {
	if !c.ignore.Load() {
		c.out.feed(p, func(size int) bool {
			c.mu.Lock()
			defer c.mu.Unlock()
			if len(c.pending) == 0 {
				c.current = pendingReq{}
				return false
			}
			c.current = c.pending[0]
			c.pending = c.pending[1:]
			return c.current.decode && size <= maxKept
		}, c.response)
	}
	return c.Conn.Write(p)
}

// request handles one request frame of the client.
func (c *conn) request(b []byte) {
	r, ok := decodeRequest(b)
	if !ok {
		return
	}
	pr := pendingReq{req: r.req, clientID: r.clientID}
	if p, ok := r.req.(*kmsg.ProduceRequest); ok {
		pr.produced = producedBy(p)
	}
	if r.req != nil {
		key := r.req.Key()
		pr.decode = decoded[key]
		c.mu.Lock()
		if key == kmsg.SASLHandshake.Int16() && r.req.GetVersion() == 0 {
			c.legacy = true
		}
		if v, ok := r.req.(*kmsg.ApiVersionsRequest); ok && v.ClientSoftwareName != "" {
			c.software = v.ClientSoftwareName
		}
		// Every client, the harness's too, says hello with these
		// before it is known who it is: they say nothing of the
		// program.
		hello := key == kmsg.SASLHandshake.Int16() || key == kmsg.SASLAuthenticate.Int16() || key == kmsg.ApiVersions.Int16()
		c.requested = c.requested || !hello
		plaintext := !hello && !c.authed
		if answered(r.req) {
			c.pending = append(c.pending, pr)
		}
		c.mu.Unlock()
		if plaintext {
			c.col.sawPlaintext()
		}
		if !hello {
			c.col.sawRequest(c, r.clientID, r.req)
		}
		return
	}
	c.mu.Lock()
	c.pending = append(c.pending, pr)
	c.mu.Unlock()
}

// response handles one answer the broker sent.
func (c *conn) response(b []byte) {
	c.mu.Lock()
	cur, user := c.current, c.user
	c.mu.Unlock()
	resp, ok := decodeResponse(cur.req, b)
	if !ok {
		return
	}
	c.col.sawAnswer(cur.req, cur.clientID, resp)
	if p, ok := resp.(*kmsg.ProduceResponse); ok {
		c.col.sawProduced(user, cur.produced, p)
	}
}

// authenticated records who logged in on the connection.
func (c *conn) authenticated(harness bool, user string) {
	c.mu.Lock()
	c.authed, c.user = true, user
	c.mu.Unlock()
	if harness {
		c.ignore.Store(true)
	}
}

// listener counts and wraps the connections it accepts.
type listener struct {
	net.Listener
	col *Collector
}

func (l *listener) Accept() (net.Conn, error) {
	nc, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	c := &conn{Conn: nc, col: l.col, remote: nc.RemoteAddr().String()}
	l.col.accepted(c)
	return c, nil
}

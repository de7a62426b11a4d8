package saslfront

import (
	"net"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// Config configures a front.
type Config struct {
	// Mechanisms are the SASL mechanisms the broker has users for, like a
	// real broker's sasl.enabled.mechanisms: some of classroom.Mechanisms.
	// Every SaslHandshake response lists them, and a handshake for any
	// other mechanism is refused. Empty means PLAIN.
	Mechanisms []string
	// OnAuth, if set, is called once per authentication attempt, legacy or
	// not, when its outcome is known. It runs on the connection's goroutine
	// before the client sees the broker's answer, so it must be quick; calls
	// for different connections may be concurrent.
	OnAuth func(AuthEvent)
}

// Listener is a net.Listener whose connections go through the front. Pass
// its constructor to kfake with kfake.ListenFn(cfg.ListenFunc(nil)).
type Listener struct {
	net.Listener
	cfg    Config
	closed atomic.Bool // tells a shutdown from a failed authentication
}

// Wrap returns a Listener that puts the front before every connection
// accepted from ln.
func Wrap(ln net.Listener, cfg Config) *Listener {
	cfg.Mechanisms = slices.Clone(cfg.Mechanisms)
	if len(cfg.Mechanisms) == 0 {
		cfg.Mechanisms = []string{classroom.Plain}
	}
	return &Listener{Listener: ln, cfg: cfg}
}

// ListenFunc returns a listen function for kfake.ListenFn that listens with
// listen, or net.Listen if listen is nil, and wraps the listener with Wrap.
func (cfg Config) ListenFunc(listen func(network, address string) (net.Listener, error)) func(network, address string) (net.Listener, error) {
	if listen == nil {
		listen = net.Listen
	}
	return func(network, address string) (net.Listener, error) {
		ln, err := listen(network, address)
		if err != nil {
			return nil, err
		}
		return Wrap(ln, cfg), nil
	}
}

// Accept waits for the next connection and returns it behind the front.
func (l *Listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	fc := &conn{Conn: c, front: l}
	fc.changed = sync.NewCond(&fc.mu)
	return fc, nil
}

// Close stops accepting connections. kfake closes its listeners first when
// it shuts down, so connections dropped after Close are not reported as
// failed authentications.
func (l *Listener) Close() error {
	l.closed.Store(true)
	return l.Listener.Close()
}

// enabled reports whether mechanism is one of the configured mechanisms.
func (l *Listener) enabled(mechanism string) bool {
	return slices.Contains(l.cfg.Mechanisms, mechanism)
}

// report calls OnAuth, if set.
func (l *Listener) report(ev AuthEvent) {
	if l.cfg.OnAuth != nil {
		l.cfg.OnAuth(ev)
	}
}

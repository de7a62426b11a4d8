package main

import (
	"net"
	"sync"
)

// port holds kafkacheck run's listening socket for the whole run and
// lends it to one broker after another, so the port stays reserved
// between scenarios: were each broker to listen anew, another program
// could take a port chosen with --listen HOST:0 in between.
type port struct {
	ln    net.Listener
	conns chan net.Conn
	done  chan struct{}
	wg    sync.WaitGroup
}

// holdPort listens on address and starts accepting.
func holdPort(address string) (*port, error) {
	ln, err := net.Listen("tcp", address)
	if err != nil {
		return nil, err
	}
	p := &port{ln: ln, conns: make(chan net.Conn), done: make(chan struct{})}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

func (p *port) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return // closed
		}
		select {
		case p.conns <- c:
		case <-p.done:
			c.Close()
			return
		}
	}
}

// listen is a listen function for embedded.Config.Listen: whatever address
// it is asked for, it lends the held port until the broker closes it.
func (p *port) listen(string, string) (net.Listener, error) {
	return &lease{port: p, closed: make(chan struct{})}, nil
}

// Close stops listening. Connections not yet handed to a broker are closed.
func (p *port) Close() error {
	close(p.done)
	err := p.ln.Close()
	p.wg.Wait()
	return err
}

// lease is one broker's use of the held port.
type lease struct {
	*port
	once   sync.Once
	closed chan struct{}
}

func (l *lease) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close ends the lease; the port stays held for the next broker. A
// connection that arrives in between waits for that broker: it can only
// come from a program of the next scenario, started after it.
func (l *lease) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *lease) Addr() net.Addr { return l.ln.Addr() }

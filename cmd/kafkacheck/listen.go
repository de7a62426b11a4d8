package main

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
)

// loopbackAddr checks a --listen value: a loopback host (the classroom
// cluster is never exposed to the network) and a port.
func loopbackAddr(cmd, value string) (host string, port int, err error) {
	h, p, err := net.SplitHostPort(value)
	if err != nil {
		return "", 0, usageError("%s: --listen %q: want HOST:PORT, such as 127.0.0.1:9092", cmd, value)
	}
	if h == "localhost" || h == "" {
		h = "127.0.0.1"
	}
	if ip := net.ParseIP(h); ip == nil || !ip.IsLoopback() {
		return "", 0, usageError("%s: --listen %q: the broker listens on loopback only; use 127.0.0.1:PORT", cmd, value)
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 || n > 65535 {
		return "", 0, usageError("%s: --listen %q: the port must be a number from 0 to 65535", cmd, value)
	}
	return h, n, nil
}

// listenOn returns a listen function that listens on host whatever host
// kfake asks for (it always asks for 127.0.0.1), keeping the port.
func listenOn(host string) func(network, address string) (net.Listener, error) {
	return func(network, address string) (net.Listener, error) {
		_, port, err := net.SplitHostPort(address)
		if err != nil {
			return nil, err
		}
		return net.Listen(network, net.JoinHostPort(host, port))
	}
}

// portTaken turns a failed listen into a usage error that says what to do.
func portTaken(cmd, host string, port int, err error) error {
	if !errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%s: start the classroom broker: %w", cmd, err)
	}
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	return usageError("%s: port %s is already in use (another Kafka, or another kafkacheck?). Stop it, or choose "+
		"another port: --listen %s:0 picks a free one (your program finds it in BOOTSTRAP_SERVERS), or "+
		"--listen %s:19092", cmd, addr, host, host)
}

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

// portTaken turns a failed listen into an error that says what to do:
// another port, a concrete one that is free now, since a program with
// hard-coded settings cannot follow a port picked at random.
func portTaken(cmd, host string, port int, err error) error {
	if !errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%s: start the classroom broker: %w", cmd, err)
	}
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	msg := fmt.Sprintf("%s: port %s is already in use (another Kafka, or another kafkacheck?). Stop it, or choose another port", cmd, addr)
	if free, ok := freePort(host, port); ok {
		other := net.JoinHostPort(host, strconv.Itoa(free))
		msg += fmt.Sprintf(": --listen %s is free now. Your program's settings must then match: bootstrap servers %s", other, other)
		if cmd == "run" {
			msg += " (a program that reads BOOTSTRAP_SERVERS finds it there)"
		} else {
			msg += " in every team's program"
		}
	}
	return &exitError{code: 2, err: errors.New(msg), kind: errPortInUse}
}

// freePort finds a port that host can listen on now, other than taken:
// one easy to type first (19092, 29092, ...), else any the system gives.
func freePort(host string, taken int) (int, bool) {
	candidates := []int{19092, 29092, 39092, 49092, 0}
	for _, p := range candidates {
		if p == taken {
			continue
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(p)))
		if err != nil {
			continue
		}
		free := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		return free, true
	}
	return 0, false
}

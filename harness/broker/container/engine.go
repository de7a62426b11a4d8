package container

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// ErrNoEngine is wrapped by the error CheckEngine returns when no container
// engine can be reached.
var ErrNoEngine = errors.New("no container engine")

// CheckEngine reports whether a Docker-API engine looks reachable, the way
// testcontainers-go looks for one: $DOCKER_HOST if set, else the default
// socket. Its error names what is missing and how to get it, so that a test
// can skip, and the CLI fail, with a message a person can act on.
func CheckEngine() error {
	const fix = "run harness/broker/container/setup-engine.sh and export DOCKER_HOST=unix:///run/podman/podman.sock"
	host := os.Getenv("DOCKER_HOST")
	if host == "" {
		if _, err := os.Stat("/var/run/docker.sock"); err != nil {
			return fmt.Errorf("%w: DOCKER_HOST unset and /var/run/docker.sock absent (%s)", ErrNoEngine, fix)
		}
		return nil
	}
	if path, ok := strings.CutPrefix(host, "unix://"); ok {
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("%w: DOCKER_HOST=%s but %s is absent (%s)", ErrNoEngine, host, path, fix)
		}
	}
	return nil
}

package container

import (
	"context"
	"fmt"

	"github.com/testcontainers/testcontainers-go"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// The broker must advertise the host port clients reach it on, and that port
// is only known once the engine has mapped it, after the container started.
// So, as testcontainers' own kafka module does, the container's entrypoint
// waits for a file that a post-start hook copies in, then runs the image's
// usual start script: the image's KAFKA_* interface is used unchanged.
//
// The environment file is copied first and a separate "go" file after it,
// because a copy is not atomic and the shell must not read half a file.
var entrypoint = []string{"bash", "-c",
	"until [ -e " + advertiseGo + " ]; do sleep 0.05; done; . " + advertiseEnv + "; exec " + officialRun,
}

// advertiseHook returns the post-start hook that tells the waiting
// entrypoint which addresses to advertise: the client listener's, and with
// a SCRAM edition the admin listener's too (see serverEnv).
func advertiseHook(p classroom.Profile) testcontainers.ContainerLifecycleHooks {
	return testcontainers.ContainerLifecycleHooks{
		PostStarts: []testcontainers.ContainerHook{
			func(ctx context.Context, c testcontainers.Container) error {
				port, err := c.MappedPort(ctx, clientPort)
				if err != nil {
					return fmt.Errorf("mapped port of %s: %w", clientPort, err)
				}
				// The client listener is published on 127.0.0.1 only (see
				// Start), so that is the address to advertise; BROKER serves
				// the broker's own requests to itself, inside the container.
				listeners := fmt.Sprintf("SASL_PLAINTEXT://127.0.0.1:%d,BROKER://localhost:9094", port.Num())
				if scram(p) {
					admin, err := c.MappedPort(ctx, adminPort)
					if err != nil {
						return fmt.Errorf("mapped port of %s: %w", adminPort, err)
					}
					listeners += fmt.Sprintf(",ADMIN://127.0.0.1:%d", admin.Num())
				}
				env := "export KAFKA_ADVERTISED_LISTENERS=" + listeners + "\n"
				if err := c.CopyToContainer(ctx, []byte(env), advertiseEnv, 0o644); err != nil {
					return fmt.Errorf("copy advertised listeners: %w", err)
				}
				if err := c.CopyToContainer(ctx, nil, advertiseGo, 0o644); err != nil {
					return fmt.Errorf("copy start signal: %w", err)
				}
				return nil
			},
		},
	}
}

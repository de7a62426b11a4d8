package main

import (
	"context"

	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
)

// backend is a way to get a classroom broker.
type backend struct {
	start broker.Starter
	// fresh: a broker per scenario is cheap (kfake), so scenarios get
	// their own and may run in parallel.
	fresh bool
}

func newBackend(name string) (backend, error) {
	switch name {
	case "kfake":
		return backend{
			start: func(ctx context.Context) (broker.Broker, error) {
				return embedded.Start(ctx, embedded.Config{})
			},
			fresh: true,
		}, nil
	}
	return backend{}, usageError("--backend %q: want kfake", name)
}

package main

import (
	"context"

	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/harness/broker"
)

// reference runs the Go reference client (package client), the code under
// test, in process with the team's classroom credentials.
func reference(ctx context.Context, team string, b broker.Broker) error {
	l := b.Listener()
	return client.Run(ctx, client.Config{
		Bootstrap: b.Bootstrap(), SecurityProtocol: l.SecurityProtocol, Mechanism: l.Mechanism, Team: team,
	})
}

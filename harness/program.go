package harness

import (
	"context"

	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/harness/broker"
)

// Program runs one team's program under test against b until ctx is done.
// It returns nil once stopped by ctx; returning before that means the
// program stopped on its own, which ends the scenario.
type Program func(ctx context.Context, team string, b broker.Broker) error

// Reference is the Go reference client (package client), run in process
// with the team's classroom credentials.
func Reference(ctx context.Context, team string, b broker.Broker) error {
	l := b.Listener()
	return client.Run(ctx, client.Config{
		Bootstrap:        b.Bootstrap(),
		SecurityProtocol: l.SecurityProtocol,
		Mechanism:        l.Mechanism,
		Team:             team,
	})
}

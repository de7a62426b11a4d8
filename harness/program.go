package harness

import (
	"context"

	"github.com/kafkacheck/kafkacheck/harness/broker"
)

// Program runs one team's program under test against b until ctx is done.
// It returns nil once stopped by ctx; returning before that means the
// program stopped on its own, which ends the scenario. The harness has no
// program of its own: the reference client (package client) is the code
// under test, and only cmd/kafkacheck and tests run it.
type Program func(ctx context.Context, team string, b broker.Broker) error

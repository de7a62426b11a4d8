package main

import (
	"context"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker"
)

// referenceFor runs the Go reference client (package client), the code
// under test, in process with the team's classroom credentials, as a
// program of edition p, step 5 included: it also sends the edition's
// keyed records, which the step-5 scenarios check and the others ignore.
func referenceFor(p classroom.Profile) harness.Program {
	return func(ctx context.Context, team string, b broker.Broker) error {
		l := b.Listener()
		return client.Run(ctx, client.Config{
			Bootstrap: b.Bootstrap(), SecurityProtocol: l.SecurityProtocol, Mechanism: l.Mechanism, Team: team,
			Step5: step5Of(p),
		})
	}
}

// step5Of maps an edition's step-5 topic to the reference client's step 5.
func step5Of(p classroom.Profile) client.Step5 {
	switch p.Step5.Topic {
	case classroom.Watchlist:
		return client.Watchlist
	case classroom.TeamStats:
		return client.TeamStats
	}
	return ""
}

package main

import (
	"context"

	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/container"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
)

// scenarioBroker is the broker one session of kafkacheck run runs on.
type scenarioBroker interface {
	broker.Broker
	Close() error
}

// noEvidenceNote is said once in run's output on the container backend.
const noEvidenceNote = "On --backend container kafkacheck cannot watch the broker's connections, so it does not " +
	"diagnose never_connected, auth_failed, acl_denied, no_consumer_group or client_id_mismatch; " +
	"run with --backend kfake (the default) for those."

// startBroker starts the broker of one session of kafkacheck run. kfake
// listens on the held port, with col watching its connections. A container
// is a fresh real Kafka per session (about 6 s), not one broker reset: a
// program that was killed can leave a group member behind, and a live
// member stops a reset from deleting the team's group. The container
// publishes a port of its own, which the program gets in
// BOOTSTRAP_SERVERS; col sees nothing of it.
func startBroker(ctx context.Context, cfg runConfig, held *port, col *tap.Collector) (scenarioBroker, error) {
	if cfg.backend == "container" {
		ctr := cfg.container
		ctr.Profile = cfg.profile
		return container.Start(ctx, ctr)
	}
	return embedded.Start(ctx, embedded.Config{Profile: cfg.profile, Plaintext: cfg.plaintext, Mechanism: cfg.mechanism, Listen: col.Listen(held.listen), OnAuth: col.OnAuth})
}

// diagnoseInput is what diagnose needs of a run of the program told to
// use bootstrap.
func (cfg runConfig) diagnoseInput(bootstrap string, runs []diagnose.Run) diagnose.Input {
	return diagnose.Input{Team: cfg.team, Bootstrap: bootstrap, Mechanism: cfg.mechanism, Runs: runs, NoEvidence: cfg.backend == "container", GroupChecked: cfg.profile.GroupChecked}
}

// note is what run says once about its backend, or "".
func (cfg runConfig) note() string {
	if cfg.backend == "container" {
		return noEvidenceNote
	}
	return ""
}

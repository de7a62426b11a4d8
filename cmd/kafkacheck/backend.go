package main

import (
	"flag"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/container"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/broker/external"
)

// backend is a way to get a classroom broker.
type backend struct {
	name    string
	profile classroom.Profile // the edition's classroom
	start   broker.Starter
	// fresh: a broker per scenario is cheap (kfake), so scenarios get
	// their own and may run in parallel; otherwise one broker serves the
	// suite and is reset between scenarios.
	fresh bool
}

// backendFlags are the flags that choose and configure a backend.
type backendFlags struct {
	name      string
	edition   string
	container container.Config
	external  external.Config
}

func registerBackendFlags(fs *flag.FlagSet) *backendFlags {
	f := &backendFlags{}
	fs.StringVar(&f.name, "backend", "kfake", "the broker, `kfake|container|external`: kfake in memory on loopback, container a real Apache Kafka through testcontainers-go, external a cluster you name with --bootstrap")
	fs.StringVar(&f.edition, "edition", classroom.Edition349, editionUsage)
	container.RegisterFlags(fs, &f.container)
	external.RegisterFlags(fs, &f.external)
	return f
}

// backend returns the backend the flags name.
func (f *backendFlags) backend() (backend, error) {
	profile, err := classroom.EditionNamed(f.edition)
	if err != nil {
		return backend{}, usageError("--edition: %v", err)
	}
	f.container.Profile, f.external.Profile = profile, profile
	switch f.name {
	case "kfake":
		return backend{name: f.name, profile: profile, start: embedded.Config{Profile: profile}.Starter(), fresh: true}, nil
	case "container":
		return backend{name: f.name, profile: profile, start: f.container.Starter()}, nil
	case "external":
		if len(f.external.Bootstrap) == 0 {
			return backend{}, usageError("--backend external needs --bootstrap HOST:PORT, the cluster to use")
		}
		return backend{name: f.name, profile: profile, start: f.external.Starter()}, nil
	}
	return backend{}, usageError("--backend %q: want kfake, container or external", f.name)
}

// editionUsage is the help of --edition, shared by suite, run and serve.
const editionUsage = "the tutorial's `edition`: 349bd19 (Apache Kafka, SASL PLAIN, 2 partitions, step 5 writes watchlist) or 2026-01 (Redpanda, SCRAM-SHA-256, 5 partitions, step 5 writes team_stats)"

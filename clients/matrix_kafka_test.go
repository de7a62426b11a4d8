package clients_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/harness/broker/container"
)

// TestClientMatrixOnKafka runs the SASL_PLAINTEXT column of the matrix
// again with `kafkacheck run --backend container`, a real Apache Kafka per
// scenario, and checks that every cell has the result the committed matrix
// (the embedded broker's) shows. The README's table stays the embedded
// broker's: without an engine (most machines) -update could not produce a
// real-Kafka column, so a generated one would not be deterministic.
//
// It needs a container engine and image (see package container):
// KAFKACHECK_CONTAINER=1 runs it when an engine is there;
// KAFKACHECK_REQUIRE_CONTAINER=1 (CI) makes a missing engine a failure.
func TestClientMatrixOnKafka(t *testing.T) {
	if testing.Short() {
		t.Skip("the client matrix runs real clients on real Kafka for minutes; not with -short")
	}
	requireEngine(t)
	requireClients := os.Getenv("KAFKACHECK_REQUIRE_CLIENTS") == "1"
	env := setup(t)
	scenarios := scenarioDir(t)
	committed, err := os.ReadFile(matrixFile)
	if err != nil {
		t.Fatalf("read the committed matrix: %v (write it with go test ./clients -run TestClientMatrix -update)", err)
	}
	sasl := protocols[0]
	for _, c := range clientsList() {
		t.Run(c.name, func(t *testing.T) {
			v, err := version(env, c)
			if err != nil {
				err = fmt.Errorf("%s is not installed: %s (%v)", c.name, c.missing, err)
				if requireClients {
					t.Fatalf("%v; KAFKACHECK_REQUIRE_CLIENTS=1 makes that a failure", err)
				}
				t.Skip(err)
			}
			row, err := committedRow(string(committed), c.name)
			if err != nil {
				t.Fatal(err)
			}
			want := row[1] // the SASL_PLAINTEXT cell
			t.Parallel()
			got := runCell(t, env, scenarios, c.command(env), append([]string{"--backend", "container"}, sasl.flags...))
			t.Logf("%s, %s on real Kafka: %v in %v", v, sasl.name, got, got.took.Round(time.Millisecond))
			if got.String() != want {
				t.Errorf("%s on real Kafka: got %q, want %q as on the embedded broker (%s)", c.name, got, want, matrixFile)
			}
		})
	}
}

// requireEngine skips the test unless container tests are asked for and
// an engine is there; see TestClientMatrixOnKafka.
func requireEngine(t *testing.T) {
	t.Helper()
	required := os.Getenv("KAFKACHECK_REQUIRE_CONTAINER") == "1"
	if !required && os.Getenv("KAFKACHECK_CONTAINER") != "1" {
		t.Skip("real-Kafka matrix not asked for: set KAFKACHECK_CONTAINER=1, or KAFKACHECK_REQUIRE_CONTAINER=1 to fail without an engine")
	}
	if err := container.CheckEngine(); err != nil {
		if required {
			t.Fatalf("KAFKACHECK_REQUIRE_CONTAINER=1 but %v", err)
		}
		t.Skip(err)
	}
}

// committedRow returns a client's row in the committed matrix, the row
// "| client | version | SASL_PLAINTEXT | PLAINTEXT |" without the client:
// its version, then one cell per protocol.
func committedRow(matrix, name string) ([]string, error) {
	for _, line := range strings.Split(matrix, "\n") {
		cols := strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, "| "), " |"), " | ")
		if len(cols) == 2+len(protocols) && cols[0] == name {
			return cols[1:], nil
		}
	}
	return nil, fmt.Errorf("%s has no row for %q; rerun go test ./clients -run TestClientMatrix -update", matrixFile, name)
}

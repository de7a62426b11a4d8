// Package layers holds the test that keeps kafkacheck's imports running
// one way (docs/architecture.md draws the layers):
//
//	cmd/kafkacheck                 flags and printing; the only one to run client/
//	harness/diagnose, leaderboard, report, harnesstest
//	harness                        the runner: Session, Run, Suite
//	harness/{replay,capture,settle,judge,keyed,process,broker/...}   the steps
//	scenarios, scenarios/producer  scenario files, the tutorial's producer
//	classroom                      topics, users, ACLs, mechanisms, the
//	                               environment contract, the rule oracle
//	internal/...                   small libraries (serde's JSON)
//
// client/, the reference student program, is the code under test: it
// imports nothing of the harness, and nothing but cmd/ and tests imports it.
package layers

package container

import (
	"os"
	"testing"
)

// The environment variables that ask for the container tests.
const (
	// EnvContainer=1 runs the tests that need a container engine when
	// one is there, and skips them otherwise.
	EnvContainer = "KAFKACHECK_CONTAINER"
	// EnvRequireContainer=1 (CI) runs them and makes a missing engine a
	// failure, so that a run can never pass by skipping.
	EnvRequireContainer = "KAFKACHECK_REQUIRE_CONTAINER"
)

// Require is the first line of a test that needs a real Kafka in a
// container: it skips tb unless the container tests are asked for
// (KAFKACHECK_CONTAINER=1 or KAFKACHECK_REQUIRE_CONTAINER=1), skips it when
// no container engine can be reached (CheckEngine's message says what is
// missing), and fails it instead under KAFKACHECK_REQUIRE_CONTAINER=1.
// Container tests are opt-in because they need an engine and an image,
// whose first pull takes a while. It works from any module:
//
//	func TestTeam5OnKafka(t *testing.T) {
//		container.Require(t)
//		harnesstest.RunTeam(t, "team-5", team5, harnesstest.TeamOptions{Start: container.Config{}.Starter()})
//	}
func Require(tb testing.TB) {
	tb.Helper()
	skip, fail := decide(os.Getenv, CheckEngine)
	switch {
	case fail != "":
		tb.Fatal(fail)
	case skip != "":
		tb.Skip(skip)
	}
}

// decide is Require's decision: why to skip, or why to fail, or neither
// when the test may run. It asks check only when the tests are asked for.
func decide(getenv func(string) string, check func() error) (skip, fail string) {
	required := getenv(EnvRequireContainer) == "1"
	if !required && getenv(EnvContainer) != "1" {
		return "container tests not asked for: set " + EnvContainer + "=1, or " + EnvRequireContainer + "=1 to fail without an engine", ""
	}
	if err := check(); err != nil {
		if required {
			return "", EnvRequireContainer + "=1 but " + err.Error()
		}
		return err.Error(), ""
	}
	return "", ""
}

package harnesstest_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/harness/harnesstest"
)

// The throwaway module of TestFromAnotherModule: a team's program in a
// package of its own, and its test, as the README tells a Go developer to
// write them.
const (
	throwawayProgram = `// Package team5 is a team's program, in a module of its own.
package team5

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
)

// Program runs team's program against b until ctx is done.
func Program(ctx context.Context, team string, b broker.Broker) error {
	cl, err := kgo.NewClient(append(broker.ClientOpts(b, team, classroom.TeamPassword(team)),
		kgo.ConsumerGroup(team), kgo.ConsumeTopics("new_users"), kgo.DefaultProduceTopic("actions"),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.DisableAutoCommit())...)
	if err != nil {
		return err
	}
	defer cl.Close()
	for {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var actions []*kgo.Record
		for _, r := range fetches.Records() {
			var u struct{ Email, Industry string }
			if json.Unmarshal(r.Value, &u) == nil && healthcare(u.Industry) {
				a, _ := json.Marshal(map[string]string{"customer": u.Email, "type": "CONTACT_CUSTOMER", "reason": "HEALTHCARE_COMPLIANCE", "team": team})
				actions = append(actions, &kgo.Record{Value: a})
			}
		}
		if err := cl.ProduceSync(ctx, actions...).FirstErr(); err != nil {
			return err
		}
		if err := cl.CommitRecords(ctx, fetches.Records()...); err != nil {
			return err
		}
	}
}

func healthcare(industry string) bool {
	for _, w := range []string{"health", "hospital", "medical", "pharma", "biotech", "veterinary"} {
		if strings.Contains(strings.ToLower(industry), w) {
			return true
		}
	}
	return false
}
`
	throwawayTest = `package team5

import (
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/broker/container"
	"github.com/kafkacheck/kafkacheck/harness/harnesstest"
)

func TestTeam5(t *testing.T) {
	harnesstest.RunTeam(t, "team-5", Program, harnesstest.TeamOptions{})
}

func TestTeam5OnKafka(t *testing.T) {
	container.Require(t)
	harnesstest.RunTeam(t, "team-5", Program, harnesstest.TeamOptions{Start: container.Config{}.Starter()})
}
`
)

// TestFromAnotherModule uses kafkacheck as a Go developer's module does,
// following the README: since github.com/kafkacheck/kafkacheck cannot be
// fetched, a throwaway module with a team-5 program and the README's test
// requires it at v0.0.0 with a replace directive to this checkout (go mod
// edit), and go test -mod=mod fills in the other requirements and runs,
// all offline (GOPROXY=off): every dependency is in the module cache
// already, and go.sum starts as this module's, so that nothing is asked of
// the checksum database. (go mod tidy, which the README suggests online,
// would look for the test dependencies of dependencies, which the cache
// need not hold.) TestTeam5 must pass with a
// subtest per team-5 scenario, and TestTeam5OnKafka, run without the
// container variables, must skip through container.Require.
func TestFromAnotherModule(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and tests a module of its own")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command on PATH: %v", err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	// go test -mod=mod adds what the module needs to go.mod and go.sum,
	// and would ask the checksum database about the hashes; offline, it
	// finds them in this module's go.sum.
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go.mod":        "module example.com/team5\n\ngo 1.26\n",
		"go.sum":        string(sum),
		"team5.go":      throwawayProgram,
		"team5_test.go": throwawayTest,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "GOFLAGS", "GOPROXY", "GOWORK", "KAFKACHECK_CONTAINER", "KAFKACHECK_REQUIRE_CONTAINER":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	var out []byte
	for _, args := range [][]string{
		{"mod", "edit", "-require=github.com/kafkacheck/kafkacheck@v0.0.0", "-replace=github.com/kafkacheck/kafkacheck=" + root},
		{"test", "-count=1", "-v", "./..."},
	} {
		cmd := exec.CommandContext(ctx, goBin, args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err = cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
		}
	}
	t.Logf("go mod edit and go test in a throwaway module: %s", time.Since(start).Round(time.Millisecond))

	list, err := harnesstest.TeamScenarios("team-5", harnesstest.TeamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	passed := regexp.MustCompile(`(?m)^    --- PASS: TestTeam5/`).FindAll(out, -1)
	for _, want := range []string{"\n--- PASS: TestTeam5 (", "\n--- SKIP: TestTeam5OnKafka (", "container tests not asked for", "\nok  \texample.com/team5\t"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("go test's output lacks %q:\n%s", want, out)
		}
	}
	if len(passed) != len(list) {
		t.Errorf("%d subtests of TestTeam5 passed, want one per team-5 scenario (%d):\n%s", len(passed), len(list), out)
	}
}

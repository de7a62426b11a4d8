package container

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestRequireDecides: Require's decision for each setting of the two
// variables, with and without an engine. The engine is only looked for
// when the tests are asked for.
func TestRequireDecides(t *testing.T) {
	noEngine := fmt.Errorf("%w: DOCKER_HOST unset and /var/run/docker.sock absent", ErrNoEngine)
	for _, c := range []struct {
		name                string
		container, required string
		engine              error
		skip, fail          string // substrings; "" = must be empty
		checked             bool
	}{
		{name: "not asked", engine: noEngine, skip: "container tests not asked for: set KAFKACHECK_CONTAINER=1"},
		{name: "not asked, engine there", skip: "not asked for"},
		{name: "asked, no engine", container: "1", engine: noEngine, skip: "no container engine: DOCKER_HOST unset", checked: true},
		{name: "asked, engine", container: "1", checked: true},
		{name: "required, no engine", required: "1", engine: noEngine, fail: "KAFKACHECK_REQUIRE_CONTAINER=1 but no container engine", checked: true},
		{name: "required and asked, no engine", container: "1", required: "1", engine: noEngine, fail: "KAFKACHECK_REQUIRE_CONTAINER=1 but", checked: true},
		{name: "required, engine", required: "1", checked: true},
		{name: "not 1 is not asked", container: "true", required: "yes", engine: noEngine, skip: "not asked for"},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{EnvContainer: c.container, EnvRequireContainer: c.required}
			checked := false
			skip, fail := decide(func(k string) string { return env[k] }, func() error { checked = true; return c.engine })
			if !matches(skip, c.skip) || !matches(fail, c.fail) || checked != c.checked {
				t.Errorf("skip %q, fail %q, engine checked %t; want skip ~%q, fail ~%q, checked %t", skip, fail, checked, c.skip, c.fail, c.checked)
			}
		})
	}
}

func matches(got, want string) bool {
	if want == "" {
		return got == ""
	}
	return strings.Contains(got, want)
}

// tb records what Require does to a test instead of doing it.
type tb struct {
	testing.TB
	skipped, failed []any
}

func (r *tb) Helper()           {}
func (r *tb) Skip(args ...any)  { r.skipped = append(r.skipped, args...) }
func (r *tb) Fatal(args ...any) { r.failed = append(r.failed, args...) }

// TestRequireSkipsOrFails: Require acts on the decision through the
// testing.TB it is given: a skip without the variables, a failure under
// KAFKACHECK_REQUIRE_CONTAINER=1 with no engine.
func TestRequireSkipsOrFails(t *testing.T) {
	t.Setenv(EnvContainer, "")
	t.Setenv(EnvRequireContainer, "")
	r := &tb{TB: t}
	Require(r)
	if len(r.skipped) != 1 || len(r.failed) != 0 {
		t.Errorf("without the variables: skipped %q, failed %q; want one skip", r.skipped, r.failed)
	}

	t.Setenv(EnvRequireContainer, "1")
	t.Setenv("DOCKER_HOST", "unix://"+t.TempDir()+"/no.sock")
	r = &tb{TB: t}
	Require(r)
	if len(r.failed) != 1 || len(r.skipped) != 0 || !errors.Is(CheckEngine(), ErrNoEngine) ||
		!strings.Contains(fmt.Sprint(r.failed...), "KAFKACHECK_REQUIRE_CONTAINER=1 but no container engine: DOCKER_HOST=unix://") {
		t.Errorf("required without an engine: skipped %q, failed %q; want one failure naming the socket", r.skipped, r.failed)
	}
}

package main

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/broker/container"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
)

// The step-4 tests kill an instance with SIGKILL: the broker hands its
// partitions over only after the member's session timeout, 45 s by
// default for kafka-python 3 and franz-go alike, so each takes about a
// minute; they run in parallel.

// step4Of runs kafkacheck run --step 4 --format json and decodes the report.
func step4Of(t *testing.T, args ...string) (int, step4Report, string) {
	t.Helper()
	code, out, stderr := runCLI(t, append([]string{"run", "--step", "4", "--format", "json"}, args...)...)
	var rep step4Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d; stdout is not the JSON report: %v\nstdout:\n%s\nstderr:\n%s", code, err, out, stderr)
	}
	return code, rep, stderr
}

// checkScaledUp checks a passing step-4 report: every instance held
// partitions in the team's group before the stop, the one stopped was
// killed, the survivor holds every partition after, nothing is missing,
// no duplicate but the take-over's, and the edition's achievement.
func checkScaledUp(t *testing.T, code int, rep step4Report, stderr string, partitions int32, achievement string) {
	t.Helper()
	checkScaledUpBy(t, code, rep, stderr, partitions, achievement, "SIGKILL")
}

// checkScaledUpBy is checkScaledUp for an instance stopped with signal.
func checkScaledUpBy(t *testing.T, code int, rep step4Report, stderr string, partitions int32, achievement, signal string) {
	t.Helper()
	if code != 0 || !rep.Passed || len(rep.Diagnostics) != 0 {
		t.Fatalf("exit %d, passed %v, diagnostics %+v\nlive output:\n%s", code, rep.Passed, rep.Diagnostics, stderr)
	}
	if rep.Partitions != partitions || len(rep.Before) != 2 || rep.MostMembers != 2 {
		t.Errorf("%d partitions, before the stop %+v (most members %d); want %d partitions shared by 2 members", rep.Partitions, rep.Before, rep.MostMembers, partitions)
	}
	for _, m := range rep.Before {
		if m.Instance == 0 || len(m.Partitions) == 0 {
			t.Errorf("member %+v: want a known instance holding partitions", m)
		}
	}
	if rep.Stopped != 2 || rep.Signal != signal || !rep.TookOver {
		t.Errorf("stopped instance %d with %q, took over %v; want instance 2, %s, true", rep.Stopped, rep.Signal, rep.TookOver, signal)
	}
	if len(rep.After) != 1 || rep.After[0].Instance != 1 || len(rep.After[0].Partitions) != int(partitions) {
		t.Errorf("after the take-over %+v; want instance 1 holding all %d partitions", rep.After, partitions)
	}
	if rep.Duplicates.Other != 0 || len(rep.Scenario.Missing) != 0 {
		t.Errorf("duplicates %+v, missing %+v; want no duplicate but the take-over's and none missing", rep.Duplicates, rep.Scenario.Missing)
	}
	if rep.Achievement != achievement {
		t.Errorf("achievement %q, want %q", rep.Achievement, achievement)
	}
	for _, want := range []string{"▶ instance 1 started and joined group", "▶ instance 2 started and joined group",
		"✋ stopping instance 2 with " + signal, "🔁 take-over: group"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("live output lacks %q:\n%s", want, stderr)
		}
	}
}

// TestStep4ReferenceClient: the reference client, run as a program, passes
// step 4 in both editions (2 and 5 partitions of new_users).
func TestStep4ReferenceClient(t *testing.T) {
	t.Parallel()
	// 2026-01's instance is stopped as by Ctrl-C: the reference client
	// then leaves the group, which is taken over at once rather than
	// after the session timeout.
	for _, tt := range []struct {
		edition, team, achievement, stop, signal string
		partitions                               int32
	}{
		{"349bd19", "team-3", "4️⃣ Scaled", "kill", "SIGKILL", 2},
		{"2026-01", "team-9", "⚖️ Scaled", "interrupt", "SIGINT", 5},
	} {
		t.Run(tt.edition, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"--edition", tt.edition, "--stop", tt.stop, "--team", tt.team, "--listen", "127.0.0.1:0", "--"}, selfCommand("client")...)
			code, rep, stderr := step4Of(t, args...)
			checkScaledUpBy(t, code, rep, stderr, tt.partitions, tt.achievement, tt.signal)
			// A consumer group: one connection fetched each partition.
			for p, n := range rep.Fetchers {
				if n != 1 {
					t.Errorf("partition %d fetched by %d connections before the stop, want 1", p, n)
				}
			}
		})
	}
}

// TestStep4ReferenceClientOnKafka: the same on a real Kafka, in both
// editions, where there is no tap: the group's descriptions and commits
// are the evidence.
func TestStep4ReferenceClientOnKafka(t *testing.T) {
	container.Require(t)
	t.Parallel()
	for _, tt := range []struct {
		edition, team, achievement string
		partitions                 int32
	}{
		{"349bd19", "team-7", "4️⃣ Scaled", 2},
		{"2026-01", "team-11", "⚖️ Scaled", 5},
	} {
		t.Run(tt.edition, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"--backend", "container", "--edition", tt.edition, "--team", tt.team, "--"}, selfCommand("client")...)
			code, rep, stderr := step4Of(t, args...)
			checkScaledUp(t, code, rep, stderr, tt.partitions, tt.achievement)
			if rep.Fetchers != nil {
				t.Errorf("fetchers %v on a container, which has no tap", rep.Fetchers)
			}
		})
	}
}

// TestStep4TutorialProgram: the tutorial's main.py, run twice as
// docs/step-4.md asks, in the team's group with kafka-python's defaults
// (auto-commit every 5 s, auto_offset_reset "latest"), passes: the
// killed instance's last uncommitted users come again to the survivor,
// and those duplicates are allowed.
func TestStep4TutorialProgram(t *testing.T) {
	needKafkaPython(t)
	t.Parallel()
	for _, tt := range []struct {
		program, team, achievement string
		flags                      []string
		partitions                 int32
	}{
		{"main_349bd19_team3.py", "team-3", "4️⃣ Scaled", nil, 2},
		{"main_2026_01_team5.py", "team-5", "⚖️ Scaled", []string{"--edition", "2026-01"}, 5},
	} {
		t.Run(tt.program, func(t *testing.T) {
			t.Parallel()
			path, listen := tutorialProgram(t, tt.program)
			args := append(append([]string{"--team", tt.team, "--listen", listen}, tt.flags...), "--", "python3", path)
			code, rep, stderr := step4Of(t, args...)
			checkScaledUp(t, code, rep, stderr, tt.partitions, tt.achievement)
		})
	}
}

// TestStep4AssignEveryPartition: a program that assigns itself every
// partition (consumer.assign) instead of subscribing in the team's group
// fails step 4: both instances read every user, and the diagnosis says so
// from what the broker showed.
func TestStep4AssignEveryPartition(t *testing.T) {
	needKafkaPython(t)
	t.Parallel()
	path, listen := tutorialProgram(t, "assign_every_partition_team3.py")
	code, rep, stderr := step4Of(t, "--team", "team-3", "--listen", listen, "--", "python3", path)
	if code != 1 || rep.Passed || rep.Achievement != "" {
		t.Fatalf("exit %d, passed %v, achievement %q; want 1, false, none\nlive output:\n%s", code, rep.Passed, rep.Achievement, stderr)
	}
	i := slices.IndexFunc(rep.Diagnostics, func(d diagnose.Diagnostic) bool { return d.Code == diagnose.EveryInstanceReadEveryPartition })
	if i < 0 {
		t.Fatalf("no %s diagnosis: %+v", diagnose.EveryInstanceReadEveryPartition, rep.Diagnostics)
	}
	if slices.ContainsFunc(rep.Diagnostics, func(d diagnose.Diagnostic) bool { return d.Code == diagnose.DuplicateActions }) {
		t.Errorf("duplicate_actions given too, which would tell the student to send one action per user: %+v", rep.Diagnostics)
	}
	msg := rep.Diagnostics[i].Message
	for _, want := range []string{
		"Every instance read every partition of new_users",
		"the broker listed no member in group team-3 while your 2 instances ran",
		"your instances read the same partitions side by side: partition 0 by ",
		"no consumer.assign(...)",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("diagnosis lacks %q:\n%s", want, msg)
		}
	}
	if rep.MostMembers != 0 || rep.Duplicates.Other == 0 || rep.Duplicates.TakeOver != 0 {
		t.Errorf("most members %d, duplicates %+v; want 0 members, duplicates none of them the take-over's", rep.MostMembers, rep.Duplicates)
	}
}

// TestStep4TextOutput: the text report names the instances' partitions,
// the stop and its signal, the take-over, the duplicates and the
// achievement.
func TestStep4TextOutput(t *testing.T) {
	t.Parallel()
	args := append([]string{"run", "--step", "4", "--team", "team-7", "--listen", "127.0.0.1:0", "--"}, selfCommand("client")...)
	code, out, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
	// Which of the two partitions each instance gets is the balancer's
	// choice.
	shared := regexp.MustCompile(`▶ instance 2 started and joined group team-7: Stable, 2 members: instance 1 partition [01]; instance 2 partition [01]\n`)
	if !shared.MatchString(out) {
		t.Errorf("output lacks the two instances' partitions:\n%s", out)
	}
	for _, want := range []string{
		"▶ instance 1 started and joined group team-7: Stable, 1 member: instance 1 partitions 0, 1",
		"✋ stopping instance 2 with SIGKILL",
		"🔁 take-over: group team-7 is Stable, 1 member: instance 1 partitions 0, 1",
		"  stopped:         instance 2, with SIGKILL",
		"  taken over:      partition 1",
		"  duplicates:      ",
		"PASSED: team-7's program scaled up",
		"4️⃣ Scaled",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestStep4UsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--step", "4", "--instances", "1", "--team", "team-3", "--", "true"}, "--instances 1"},
		{[]string{"run", "--step", "4", "--format", "junit", "--team", "team-3", "--", "true"}, "--step 4 reports as text or json"},
		{[]string{"run", "--step", "4", "--junit", "x.xml", "--team", "team-3", "--", "true"}, "--step 4 reports as text or json"},
		{[]string{"run", "--step", "4", "--stop", "SIGTERM", "--team", "team-3", "--", "true"}, `--stop "SIGTERM": want kill (SIGKILL) or interrupt (SIGINT)`},
		{[]string{"run", "--step", "6", "--team", "team-3", "--", "true"}, "--step 6: want 3, 4 or 5"},
		{[]string{"run", "--instances", "3", "--team", "team-3", "--", "true"}, "--instances and --stop are for --step 4"},
		{[]string{"run", "--step", "5", "--stop", "kill", "--team", "team-5", "--", "true"}, "--instances and --stop are for --step 4"},
	} {
		code, _, stderr := runCLI(t, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestTagLines: --show-output marks each line with its instance, across
// writes that cut lines anywhere.
func TestTagLines(t *testing.T) {
	var b strings.Builder
	w := &tagLines{w: &b, tag: "[instance 2] ", start: true}
	for _, s := range []string{"one\ntw", "o\n", "", "three"} {
		if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	if want := "[instance 2] one\n[instance 2] two\n[instance 2] three"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/kafkacheck/kafkacheck/scenarios"
)

// TestHelpFlagOnEveryCommand: -h, -help and --help print the command's
// help on stdout, its usage line and flags first, and exit 0 (run used to
// print "flag: help requested" and exit 2), even after other flags.
func TestHelpFlagOnEveryCommand(t *testing.T) {
	for _, c := range commands {
		for _, h := range []string{"-h", "-help", "--help"} {
			code, out, stderr := runCLI(t, c.name, h)
			if code != 0 || stderr != "" || !strings.HasPrefix(out, "Usage: kafkacheck "+c.name) {
				t.Errorf("kafkacheck %s %s: exit %d, stderr %q, stdout:\n%s", c.name, h, code, stderr, out)
			}
		}
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--team", "team-3", "--help", "--", "python3", "main.py"}, "run"},
		{[]string{"suite", "--format", "json", "-h"}, "suite"},
		{[]string{"scenarios", "show", "--help"}, "scenarios"},
		{[]string{"help", "run"}, "run"},
	} {
		code, out, _ := runCLI(t, tt.args...)
		if code != 0 || !strings.HasPrefix(out, "Usage: kafkacheck "+tt.want) {
			t.Errorf("kafkacheck %s: exit %d, stdout:\n%s", strings.Join(tt.args, " "), code, out)
		}
	}
	// After --, a --help is the program's.
	if code, out, _ := runCLI(t, "run", "--", "prog", "--help"); code != 2 || out != "" {
		t.Errorf("run -- prog --help: exit %d, stdout %q; want the usage error about --team", code, out)
	}
}

// TestHelpDocumentsEveryFlag: every flag of every command has a usage
// string, and both kafkacheck help and the command's --help list it;
// doc.go has one section per command, lists no flag by hand, and names
// only flags that exist.
func TestHelpDocumentsEveryFlag(t *testing.T) {
	_, full, _ := runCLI(t, "help")
	overview, sections := helpDoc()
	var names []string
	for _, s := range sections {
		names = append(names, s.name)
	}
	if want := append(commandNames(), "help"); !slices.Equal(slices.Sorted(slices.Values(names)), slices.Sorted(slices.Values(want))) {
		t.Errorf("doc.go's sections are for %v, want one for each of %v", names, want)
	}
	known := map[string]bool{"help": true}
	for _, c := range commands {
		fs := flagSet(c)
		if fs.Name() != c.name {
			t.Errorf("command %s parses with flag set %q", c.name, fs.Name())
		}
		section := full[strings.Index(full, "Usage: kafkacheck "+c.name):]
		if i := strings.Index(section[1:], "Usage: kafkacheck "); i >= 0 {
			section = section[:i+1]
		}
		_, own, _ := runCLI(t, c.name, "--help")
		fs.VisitAll(func(f *flag.Flag) {
			known[f.Name] = true
			if strings.TrimSpace(f.Usage) == "" {
				t.Errorf("kafkacheck %s --%s has no usage string", c.name, f.Name)
			}
			line := regexp.MustCompile(`(?m)^  --` + regexp.QuoteMeta(f.Name) + `( |$)`)
			if !line.MatchString(section) {
				t.Errorf("kafkacheck help does not list %s's --%s", c.name, f.Name)
			}
			if !line.MatchString(own) {
				t.Errorf("kafkacheck %s --help does not list --%s:\n%s", c.name, f.Name, own)
			}
		})
	}
	comment := docGo[:strings.Index(docGo, "*/")]
	if m := regexp.MustCompile(`(?m)^\s+--[a-z]`).FindString(comment); m != "" {
		t.Errorf("doc.go lists a flag by hand (%q): flags are documented by their usage strings", m)
	}
	for _, m := range regexp.MustCompile(`--([a-z][a-z-]*)`).FindAllStringSubmatch(comment, -1) {
		if !known[m[1]] {
			t.Errorf("doc.go names --%s, which no command has", m[1])
		}
	}
	if !strings.HasPrefix(full, overview) {
		t.Errorf("kafkacheck help does not start with doc.go's overview")
	}
}

// TestHelpScenariosIsEnoughToWriteAFile: kafkacheck help scenarios prints
// package scenarios' documentation: its example parses, and the neutral
// user it lists is scenarios.NeutralUser, every field.
func TestHelpScenariosIsEnoughToWriteAFile(t *testing.T) {
	code, out, _ := runCLI(t, "help", "scenarios")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	example := indentedBlock(t, out, "THE SCENARIO FILE FORMAT")
	s, err := scenarios.Parse("example.yaml", []byte(example))
	if err != nil {
		t.Fatalf("the example does not parse: %v\n%s", err, example)
	}
	if len(s.Teams) == 0 || len(s.Events) == 0 || len(s.Expect) == 0 {
		t.Errorf("the example has %d teams, %d events, %d actions: want some of each", len(s.Teams), len(s.Events), len(s.Expect))
	}

	var printed map[string]any
	if err := yaml.Unmarshal([]byte(indentedBlock(t, out, "THE NEUTRAL USER")), &printed); err != nil {
		t.Fatal(err)
	}
	var neutral map[string]any
	if err := json.Unmarshal(scenarios.NeutralUser().JSON(), &neutral); err != nil {
		t.Fatal(err)
	}
	if len(printed) != len(neutral) {
		t.Errorf("help scenarios lists %d fields of the neutral user, it has %d", len(printed), len(neutral))
	}
	for k, v := range neutral {
		if got, ok := printed[k]; !ok || fmt.Sprint(got) != fmt.Sprint(v) {
			t.Errorf("neutral user's %s: help scenarios says %v, scenarios.NeutralUser %v", k, got, v)
		}
	}
	for _, want := range []string{"raw:", "expect.actions", "TIERS", "kafkacheck scenarios show NAME"} {
		if !strings.Contains(out, want) {
			t.Errorf("help scenarios lacks %q", want)
		}
	}
}

// indentedBlock returns the first tab-indented block after heading in
// text, unindented.
func indentedBlock(t *testing.T, text, heading string) string {
	t.Helper()
	_, after, ok := strings.Cut("\n"+text, "\n"+heading+"\n")
	if !ok {
		t.Fatalf("no %q heading in:\n%s", heading, text)
	}
	var b strings.Builder
	for line := range strings.Lines(after) {
		if strings.HasPrefix(line, "\t") {
			b.WriteString(line[1:])
		} else if b.Len() > 0 {
			break
		}
	}
	return b.String()
}

// TestUsageHintOnlyForCommandLineMistakes: a bad flag points to the
// command's help; a bad scenario file, an unknown scenario and a port in
// use do not (the message says what to do).
func TestUsageHintOnlyForCommandLineMistakes(t *testing.T) {
	code, _, stderr := runCLI(t, "suite", "--no-such-flag")
	if code != 2 || !strings.HasSuffix(stderr, "Run 'kafkacheck suite --help' for usage.\n") {
		t.Errorf("bad flag: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "frobnicate"); code != 2 || !strings.Contains(stderr, "Run 'kafkacheck help' for usage.") {
		t.Errorf("unknown command: exit %d, stderr %q", code, stderr)
	}
	for _, args := range [][]string{
		{"suite", "--scenarios", "../../scenarios/testdata/bad/syntax.yaml"},
		{"suite", "--scenarios", "testdata/does-not-exist.yaml"},
		{"suite", "--scenario", "no-such-scenario"},
		{"run", "--team", "team-3", "--scenarios", "../../scenarios/testdata/bad/unknown-key.yaml", "--", "true"},
	} {
		code, _, stderr := runCLI(t, args...)
		if code != 2 || strings.Contains(stderr, "Run '") {
			t.Errorf("kafkacheck %s: exit %d, stderr %q; want 2 and no pointer to the help", strings.Join(args, " "), code, stderr)
		}
	}
}

// TestJSONErrorOnExit2: with --format json, an exit 2 of suite or run
// also prints {"error": {...}} on stdout, with the file and line of a bad
// scenario file; without it, stdout stays empty.
func TestJSONErrorOnExit2(t *testing.T) {
	for _, tt := range []struct {
		args       []string
		code, file string
		line       int
	}{
		{[]string{"suite", "--format", "json", "--scenarios", "../../scenarios/testdata/bad/syntax.yaml"}, errScenarioFile, "../../scenarios/testdata/bad/syntax.yaml", 3},
		{[]string{"suite", "--no-such-flag", "--format=json"}, errUsage, "", 0},
		{[]string{"suite", "-format", "json", "--scenario", "nope"}, errUnknownScenario, "", 0},
		{[]string{"suite", "--format", "json", "--scenarios", "testdata/does-not-exist.yaml"}, errScenarioFile, "testdata/does-not-exist.yaml", 0},
		{[]string{"run", "--format", "json", "--team", "team-3"}, errUsage, "", 0},
		{[]string{"run", "--team", "team-3", "--format", "json", "--scenarios", "../../scenarios/testdata/bad/unknown-key.yaml", "--", "true"}, errScenarioFile, "../../scenarios/testdata/bad/unknown-key.yaml", 4},
	} {
		code, out, stderr := runCLI(t, tt.args...)
		var got struct {
			Error struct {
				Code, Message string
				File          *string
				Line          *int
			}
		}
		if err := json.Unmarshal([]byte(out), &got); code != 2 || err != nil {
			t.Errorf("kafkacheck %s: exit %d, stdout %q (%v)", strings.Join(tt.args, " "), code, out, err)
			continue
		}
		e := got.Error
		file, line := "", 0
		if e.File != nil {
			file = *e.File
		}
		if e.Line != nil {
			line = *e.Line
		}
		if e.Code != tt.code || file != tt.file || line != tt.line || e.Message == "" || !strings.Contains(stderr, e.Message) {
			t.Errorf("kafkacheck %s: error %+v (file %q, line %d), stderr %q; want code %s, file %q, line %d",
				strings.Join(tt.args, " "), e, file, line, stderr, tt.code, tt.file, tt.line)
		}
		for _, key := range []string{`"code"`, `"message"`, `"file"`, `"line"`} {
			if !strings.Contains(out, key) {
				t.Errorf("kafkacheck %s: no %s in %s", strings.Join(tt.args, " "), key, out)
			}
		}
	}
	for _, args := range [][]string{
		{"suite", "--scenarios", "../../scenarios/testdata/bad/syntax.yaml"},
		{"suite", "--format", "json", "--format", "text", "--no-such-flag"},
		{"run", "--team", "Team-3", "--", "prog", "--format", "json"},
	} {
		if code, out, _ := runCLI(t, args...); code != 2 || out != "" {
			t.Errorf("kafkacheck %s: exit %d, stdout %q; want 2 and nothing", strings.Join(args, " "), code, out)
		}
	}
}

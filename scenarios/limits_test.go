package scenarios

import (
	"strings"
	"testing"
)

// good is a valid scenario; the tests below add to it.
const good = "name: limits\nteams: [team-7]\nevents:\n  - raw: x\nexpect:\n  actions: []\n"

// TestParseLimits proves that a file nested too deep or too large is
// refused with its file, line and the limit, and that brackets that are
// text (in quotes, block scalars, plain scalars, comments) do not count.
func TestParseLimits(t *testing.T) {
	nest := func(open, close string, n int) string {
		return strings.Repeat(open, n) + strings.Repeat(close, n)
	}
	tests := []struct {
		name, data string
		want       string // prefix of the error; "" for a scenario
	}{
		{"flow lists 40 deep", "name: d\nteams: [team-7]\nevents: " + nest("[", "]", 40) + "\nexpect:\n  actions: []\n",
			"f.yaml:3: lists and mappings nest more than 32 levels deep here"},
		{"flow lists 40,000 deep", "name: d\nteams: [team-7]\nevents: " + nest("[", "]", 40000) + "\nexpect:\n  actions: []\n",
			"f.yaml:3: lists and mappings nest more than 32 levels deep here"},
		{"flow lists unclosed", "name: d\nteams: [team-7]\n\nevents: " + strings.Repeat("[", 50000) + "\n",
			"f.yaml:4: lists and mappings nest more than 32 levels deep here"},
		{"flow mappings", "name: d\nteams: [team-7]\nevents:\n  - user: " + nest("{a: ", "}", 40) + "\nexpect:\n  actions: []\n",
			"f.yaml:4: lists and mappings nest more than 32 levels deep here"},
		{"block mappings", good + func() string {
			var b strings.Builder
			for i := range 40 {
				b.WriteString(strings.Repeat(" ", i) + "k:\n")
			}
			return b.String()
		}(), "f.yaml:39: lists and mappings nest more than 32 levels deep here"},
		{"compact block lists", "name: d\nteams: [team-7]\nevents:\n" + strings.Repeat("- ", 40) + "x\nexpect:\n  actions: []\n",
			"f.yaml:4: lists and mappings nest more than 32 levels deep here"},
		{"30 deep is a scenario's problem, not the limit's", "name: d\nteams: [team-7]\nevents: " + nest("[", "]", 30) + "\nexpect:\n  actions: []\n",
			"f.yaml:3: event 1 must have exactly one key"},
		{"brackets in text do not count", "name: d\nteams: [team-7]\n# " + strings.Repeat("[", 40) + "\n" +
			"description: text " + strings.Repeat("{", 40) + " and more " + strings.Repeat("[", 40) + "\n" +
			"events:\n  - raw: \"" + strings.Repeat("[", 40) + "\\\"\"\n  - raw: '" + strings.Repeat("{", 40) + "''x'\n" +
			"  - raw: |\n      " + strings.Repeat("[", 40) + "\n      " + strings.Repeat("{", 40) + "\n" +
			"  - raw: >-\n\n      " + strings.Repeat("[", 40) + "\n  - raw: plain " + strings.Repeat("[", 40) + "\n      " + strings.Repeat("[", 40) + "\n" +
			"expect:\n  actions: []\n", ""},
		{"larger than 1 MiB", good + "# " + strings.Repeat("x", 1<<20) + "\n",
			"f.yaml: the file is larger than 1048576 bytes (1 MiB), the most a scenario file may be; split its events"},
		{"1 MiB of comments is fine", good + strings.Repeat("# padding\n", (1<<20-len(good))/10), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("f.yaml", []byte(tt.data))
			checkParse(t, s, err, tt.want)
		})
	}
}

// TestParseOneDocument proves a second YAML document is an error at its
// line, whatever it holds.
func TestParseOneDocument(t *testing.T) {
	const second = "a second YAML document starts here, and a file holds one scenario"
	tests := []struct {
		name, data string
		want       string
	}{
		{"a second scenario", good + "---\nname: other\nteams: [team-1]\nexpect:\n  actions: []\n", "f.yaml:7: " + second},
		{"one naming team-99", good + "---\nname: other\nteams: [team-99]\n", "f.yaml:7: " + second},
		{"invalid YAML", good + "--- \n  [ : ]: {\n", "f.yaml:7: " + second},
		{"an empty one", good + "---\n", "f.yaml:7: " + second},
		{"after the end marker", good + "...\n# fine\nname: other\n", "f.yaml:9: " + second},
		{"a leading marker is fine", "--- # the scenario\n" + good, ""},
		{"an end marker is fine", "---\n" + good + "...\n# the end\n", ""},
		{"a marker inside a block scalar ends it", "name: d\nteams: [team-7]\ndescription: |\n  text\n---\nx: 1\n", "f.yaml:5: " + second},
		{"--- inside a quoted scalar is text", "name: d\nteams: [team-7]\ndescription: \"a\n  --- b\"\nexpect:\n  actions: []\n", ""},
		{"nothing", "", "f.yaml: the file holds no YAML document"},
		{"comments only", "# nothing\n", "f.yaml: the file holds no YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("f.yaml", []byte(tt.data))
			checkParse(t, s, err, tt.want)
		})
	}
}

// TestParseSyntaxErrorLines proves syntax errors are located on their line,
// in small files by go-yaml's parser and in large ones (where it would cost
// too much) by yaml.v3's message, corrected.
func TestParseSyntaxErrorLines(t *testing.T) {
	pad := "# " + strings.Repeat("x", 70<<10) + "\n" // past the size go-yaml locates
	tests := []struct {
		name, data string
		want       string
	}{
		{"unclosed list", "name: d\nteams: [team-7\nevents: []\n", "f.yaml:3: YAML syntax"},
		{"unclosed list, large", pad + "name: d\nteams: [team-7\nevents: []\n", "f.yaml:3: YAML syntax: did not find expected ',' or ']'"},
		{"unclosed quote, large", pad + "name: d\nteams: [team-7]\ndescription: \"abc\n", "f.yaml:4: YAML syntax: found unexpected end of stream"},
		{"bad indentation, large", pad + "name: d\n teams: [team-7]\n", "f.yaml:3: YAML syntax: mapping values are not allowed in this context"},
		{"unknown alias, large", pad + "name: d\nteams: [team-7]\nevents: [*nope]\n", "f.yaml:4: YAML syntax: alias *nope names no anchor &nope defined before it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("f.yaml", []byte(tt.data))
			checkParse(t, s, err, tt.want)
		})
	}
}

// checkParse checks Parse's result against want: an error with that
// prefix, or a scenario when want is "".
func checkParse(t *testing.T, s *Scenario, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		if s == nil {
			t.Fatal("Parse returned no scenario and no error")
		}
		return
	}
	if err == nil {
		t.Fatalf("Parse succeeded, want an error %q", want)
	}
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %.300q\nwant prefix %q", err, want)
	}
	if !isFileError(err) {
		t.Errorf("isFileError(%v) = false", err)
	}
}

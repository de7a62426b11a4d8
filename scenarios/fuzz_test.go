package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// FuzzParse checks the loader on any bytes: it never panics, returns
// within fuzzBound, and returns either a scenario or an *Error that names
// the file, a line within it (or 0) and a message. It also checks that the
// depth estimate that runs before yaml.v3 never counts deeper than the
// document yaml.v3 reads, so that no valid file is refused for its depth.
//
// CI runs it for a bounded time:
//
//	go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 60s ./scenarios
func FuzzParse(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// A Parse that hangs would stall the fuzzer without a report:
		// crash instead, with every goroutine's stack, and the fuzzer
		// keeps the input.
		hung := time.AfterFunc(10*fuzzBound*raceFactor, func() {
			debug.SetTraceback("all")
			panic(fmt.Sprintf("Parse of %q has not returned after %v", data, 10*fuzzBound*raceFactor))
		})
		start := time.Now()
		s, err := Parse("fuzz.yaml", data)
		if d := time.Since(start); d > fuzzBound*raceFactor {
			t.Errorf("Parse of %d bytes took %v, more than %v", len(data), d, fuzzBound*raceFactor)
		}
		checkResult(t, data, s, err)
		checkDepthEstimate(t, data)
		hung.Stop()
	})
}

// fuzzBound is how long parsing any input may take.
const fuzzBound = time.Second

func checkResult(t *testing.T, data []byte, s *Scenario, err error) {
	t.Helper()
	if err == nil {
		if s == nil {
			t.Fatal("Parse returned neither a scenario nor an error")
		}
		if s.File != "fuzz.yaml" || s.Name == "" || len(s.Teams) == 0 {
			t.Errorf("scenario %+v lacks its file, name or teams", s)
		}
		return
	}
	if s != nil {
		t.Errorf("Parse returned a scenario and the error %v", err)
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("Parse error %T %v is not a *scenarios.Error", err, err)
	}
	if lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 1; e.File != "fuzz.yaml" || e.Msg == "" || e.Line < 0 || e.Line > lines {
		t.Errorf("error %+v: want file fuzz.yaml, a message and a line in 0..%d", e, lines)
	}
}

// checkDepthEstimate checks that when yaml.v3 reads data as one document,
// scanShape does not find it deeper than it is.
func checkDepthEstimate(t *testing.T, data []byte) {
	t.Helper()
	if len(data) > MaxFileSize {
		return
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, next yaml.Node
	if dec.Decode(&doc) != nil || !errors.Is(dec.Decode(&next), io.EOF) {
		return // not one valid document
	}
	d := depth(&doc)
	if d > MaxDepth {
		return
	}
	if sh := scanShape(data, d); sh.deepLine != 0 {
		t.Errorf("scanShape finds the document deeper than %d at line %d; yaml.v3 reads %d levels", d, sh.deepLine, d)
	}
}

// depth returns how many collections deep n nests.
func depth(n *yaml.Node) int {
	d := 0
	for _, c := range n.Content {
		d = max(d, depth(c))
	}
	if n.Kind == yaml.SequenceNode || n.Kind == yaml.MappingNode {
		d++
	}
	return d
}

// fuzzSeeds returns the built-in scenarios and the test files (the small
// ones: a large seed slows every mutation of it), and small versions of the
// hostile files.
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	add := func(data []byte) {
		if len(data) <= 4<<10 {
			seeds = append(seeds, data)
		}
	}
	err := fs.WalkDir(builtin, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(builtin, path)
		add(data)
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	files, err := filepath.Glob("testdata/*/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	more, _ := filepath.Glob("testdata/*.yaml")
	for _, p := range append(files, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		add(data)
	}
	for _, h := range hostileFiles(2 << 10) {
		add(h.data)
	}
	for _, s := range []string{
		good + "---\nname: other\nteams: [team-99]\n",
		"---\n" + good + "...\n# end\n",
		"%YAML 1.2\n---\n" + good,
		"name: a\nteams: [team-1]\ndescription: |\n  [[[\n  {{{\nexpect: {actions: []}\n",
		"name: a\r\nteams: [team-1]\r\nexpect:\r\n  actions: []\r\n",
		"\xef\xbb\xbfname: a\nteams: [team-1]\nexpect:\n  actions: [{customer: \"a\", type: t, reason: r, team: team-1}]\n",
		"? name\n: a\nteams: &t [team-1]\nexpect: {actions: []}\nevents: [{raw: *t}]\n",
		"name: a\nteams: [team-1]\nevents:\n- user: {email: x, credit: 0x10, premium: yes}\n- raw: !!binary aGVsbG8=\nexpect:\n  actions: []\n",
	} {
		add([]byte(s))
	}
	return seeds
}

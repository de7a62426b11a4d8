package scenarios

import (
	"path"
	"strings"
	"testing"
)

// TestBuiltinFile: each built-in scenario's file is there by its base
// name, as embedded, and nothing else is.
func TestBuiltinFile(t *testing.T) {
	list, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		data, err := BuiltinFile(path.Base(s.File))
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(s.File, data)
		if err != nil || again.Name != s.Name || len(again.Events) != len(s.Events) {
			t.Errorf("%s: parses to %v, %v", s.File, again, err)
		}
	}
	for _, name := range []string{"", "no-such.yaml", "../doc.go", "builtin/team-07-vip-boundary.yaml", "./team-07-vip-boundary.yaml", `..\load.go`} {
		if _, err := BuiltinFile(name); err == nil {
			t.Errorf("BuiltinFile(%q): no error", name)
		}
	}
}

// TestDoc: Doc is this package's documentation without comment markers,
// every section of it.
func TestDoc(t *testing.T) {
	doc := Doc()
	if !strings.HasPrefix(doc, "Package scenarios ") || strings.Contains(doc, "\n//") || strings.Contains(doc, "package scenarios") {
		t.Errorf("Doc() = %q…", doc[:min(len(doc), 200)])
	}
	for _, h := range []string{"# The scenario file format\n", "# The neutral user\n", "# Tiers\n", "# Adding a scenario\n", "\tname: team-7 VIP boundary", "\temail: jane.rowe@gmail.com\n"} {
		if !strings.Contains(doc, h) {
			t.Errorf("Doc() lacks %q", h)
		}
	}
}

package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

//go:embed builtin/*.yaml
var builtin embed.FS

// Error is a problem in a scenario file, with where it is and how to fix it.
type Error struct {
	File string
	Line int // 0 when the problem is the file as a whole
	Msg  string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Builtin returns the built-in suite, sorted by file name. It is parsed
// once per process; callers must not modify the scenarios (ForTeam returns
// a copy).
func Builtin() ([]*Scenario, error) {
	list, err := loadBuiltin()
	return append([]*Scenario(nil), list...), err
}

var loadBuiltin = sync.OnceValues(func() ([]*Scenario, error) {
	return loadFS(builtin, "builtin", "scenarios/")
})

// Load reads the scenario file at path, or every *.yaml and *.yml file of
// the directory at path (not recursively), sorted by file name. Names must
// be unique across what it reads.
func Load(path string) ([]*Scenario, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("load scenarios: %w", err)
	}
	if !info.IsDir() {
		s, err := parseFile(path)
		if err != nil {
			return nil, err
		}
		return []*Scenario{s}, nil
	}
	return loadFS(os.DirFS(path), ".", filepath.Clean(path)+string(filepath.Separator))
}

// loadFS reads the scenario files of dir in fsys; prefix is prepended to
// file names in messages.
func loadFS(fsys fs.FS, dir, prefix string) ([]*Scenario, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("load scenarios: %w", err)
	}
	var out []*Scenario
	seen := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		data, err := fs.ReadFile(fsys, pathJoin(dir, name))
		if err != nil {
			return nil, fmt.Errorf("load scenarios: %w", err)
		}
		s, err := Parse(prefix+name, data)
		if err != nil {
			return nil, err
		}
		if first, dup := seen[s.Name]; dup {
			return nil, &Error{File: s.File, Line: 1, Msg: fmt.Sprintf("name %q is already used by %s; names must be unique", s.Name, first)}
		}
		seen[s.Name] = s.File
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, &Error{File: strings.TrimSuffix(prefix, "/"), Msg: "no scenario files (*.yaml) here"}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, nil
}

func pathJoin(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

func parseFile(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load scenario: %w", err)
	}
	return Parse(path, data)
}

// IsFileError reports whether err is a problem with a scenario file (as
// opposed to, say, a broker that failed), which the CLI reports with exit
// status 2.
func IsFileError(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

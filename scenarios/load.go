package scenarios

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
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

// Builtin returns the built-in suite's scenarios that run on every
// edition, sorted by file name: the steps 1 to 3 checks. It is parsed once
// per process; callers must not modify the scenarios (ForTeam returns a
// copy).
func Builtin() ([]*Scenario, error) {
	list, err := loadBuiltin()
	var out []*Scenario
	for _, s := range list {
		if len(s.Editions) == 0 {
			out = append(out, s)
		}
	}
	return out, err
}

// BuiltinFor returns the built-in scenarios that run on edition's
// classroom, sorted by file name: Builtin's, and the edition's own, such
// as its step-5 scenarios.
func BuiltinFor(edition string) ([]*Scenario, error) {
	list, err := loadBuiltin()
	var out []*Scenario
	for _, s := range list {
		if s.AppliesTo(edition) {
			out = append(out, s)
		}
	}
	return out, err
}

// BuiltinFile returns the built-in scenario file name, a base name such as
// team-07-vip-boundary.yaml (path.Base of a built-in Scenario.File), as
// embedded.
func BuiltinFile(name string) ([]byte, error) {
	data, err := fs.ReadFile(builtin, "builtin/"+name)
	if err != nil || strings.ContainsAny(name, `/\`) {
		return nil, fmt.Errorf("%q is not the file name of a built-in scenario", name)
	}
	return data, nil
}

var loadBuiltin = sync.OnceValues(func() ([]*Scenario, error) {
	return loadFS(builtin, "builtin", "scenarios/builtin/")
})

// Load reads the scenario file at path, or every *.yaml and *.yml file of
// the directory at path (not recursively), sorted by file name. Names must
// be unique across what it reads.
//
// It reads regular files only, of at most MaxFileSize bytes: a named pipe,
// a device or a socket is refused before it is opened, so that loading
// never blocks.
func Load(path string) ([]*Scenario, error) {
	return LoadContext(context.Background(), path)
}

// LoadContext is Load that stops between two files once ctx is done, and
// then returns ctx's error.
func LoadContext(ctx context.Context, path string) ([]*Scenario, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, statError(path, err)
	}
	if !info.IsDir() {
		s, err := parseFile(path, path)
		if err != nil {
			return nil, err
		}
		return []*Scenario{s}, nil
	}
	prefix := filepath.Clean(path) + string(filepath.Separator)
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, statError(path, err)
	}
	var c collector
	for _, e := range entries {
		if !isScenarioFile(e) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("load scenarios: %w", err)
		}
		s, err := parseFile(filepath.Join(path, e.Name()), prefix+e.Name())
		if err != nil {
			return nil, err
		}
		if err := c.add(s); err != nil {
			return nil, err
		}
	}
	return c.list(prefix)
}

// loadFS reads the scenario files of dir in fsys, the built-in suite;
// prefix is prepended to file names in messages.
func loadFS(fsys fs.FS, dir, prefix string) ([]*Scenario, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("load scenarios: %w", err)
	}
	var c collector
	for _, e := range entries {
		if !isScenarioFile(e) {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("load scenarios: %w", err)
		}
		s, err := Parse(prefix+e.Name(), data)
		if err != nil {
			return nil, err
		}
		if err := c.add(s); err != nil {
			return nil, err
		}
	}
	return c.list(prefix)
}

func isScenarioFile(e fs.DirEntry) bool {
	name := e.Name()
	return !e.IsDir() && (strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml"))
}

// collector gathers the scenarios of a directory, checking that their
// names are unique.
type collector struct {
	out  []*Scenario
	seen map[string]string
}

func (c *collector) add(s *Scenario) error {
	if first, dup := c.seen[s.Name]; dup {
		return &Error{File: s.File, Line: 1, Msg: fmt.Sprintf("name %q is already used by %s; names must be unique", s.Name, first)}
	}
	if c.seen == nil {
		c.seen = map[string]string{}
	}
	c.seen[s.Name] = s.File
	c.out = append(c.out, s)
	return nil
}

func (c *collector) list(prefix string) ([]*Scenario, error) {
	if len(c.out) == 0 {
		return nil, &Error{File: strings.TrimSuffix(prefix, "/"), Msg: "no scenario files (*.yaml) here"}
	}
	sort.Slice(c.out, func(i, j int) bool { return c.out[i].File < c.out[j].File })
	return c.out, nil
}

// parseFile reads and parses the scenario file at path; name is path as
// messages show it.
func parseFile(path, name string) (*Scenario, error) {
	data, err := readFile(path, name)
	if err != nil {
		return nil, err
	}
	return Parse(name, data)
}

// readFile reads the regular file at path, of at most MaxFileSize bytes.
// It checks the file's type before it opens it, because opening a named
// pipe blocks until a writer comes, and again on what it opened, in case
// the path changed in between; it opens without blocking, and reads at
// most one byte more than the limit, so /dev/zero or a growing file cannot
// exhaust memory.
func readFile(path, name string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, statError(name, err)
	}
	if err := checkRegular(name, info); err != nil {
		return nil, err
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, statError(name, err)
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, statError(name, err)
	}
	if err := checkRegular(name, info); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, statError(name, err)
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(name)
	}
	return data, nil
}

// checkRegular refuses anything but a regular file of at most MaxFileSize
// bytes, saying what it is and what to do.
func checkRegular(name string, info fs.FileInfo) error {
	const fix = "kafkacheck reads scenarios from regular files only: save the scenario to a .yaml file and pass that file or its folder"
	mode := info.Mode()
	var what string
	switch {
	case mode.IsRegular():
		if info.Size() > MaxFileSize {
			return tooLarge(name)
		}
		return nil
	case mode.IsDir():
		what = "a directory"
	case mode&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		what = "a socket"
	case mode&fs.ModeDevice != 0:
		what = "a device"
	default:
		what = fmt.Sprintf("a file of type %v", mode.Type())
	}
	return &Error{File: name, Msg: fmt.Sprintf("it is %s, not a regular file; %s", what, fix)}
}

func tooLarge(name string) error {
	return &Error{File: name, Msg: fmt.Sprintf("the file is larger than %d bytes (%d MiB), the most a scenario file may be; split its events into several scenarios", MaxFileSize, MaxFileSize>>20)}
}

// statError describes a file that cannot be read.
func statError(name string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{File: name, Msg: "no such file or directory: check the path"}
	case errors.Is(err, fs.ErrPermission):
		return &Error{File: name, Msg: "permission denied: make it readable, or copy it somewhere readable"}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &Error{File: name, Msg: fmt.Sprintf("cannot read it: %v", err)}
}

package scenarios

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"
)

// hostile is a scenario file shaped to cost a YAML parser as much as
// possible for its size.
type hostile struct {
	name string
	data []byte
}

// hostileFiles returns files of about size bytes in every costly shape
// known: deep nesting of each kind, long lines, many anchors and aliases,
// huge scalars, many events, many documents, and each again with a syntax
// error at its end, which makes the loader locate the error too.
func hostileFiles(size int) []hostile {
	const head = "name: h\nteams: [team-7]\n"
	const tail = "\nexpect:\n  actions: []\n"
	fill := func(unit string, budget int) string {
		return strings.Repeat(unit, max(1, budget/len(unit)))
	}
	var b strings.Builder
	build := func(f func(*strings.Builder)) string {
		b.Reset()
		f(&b)
		return b.String()
	}
	half := size / 2
	files := []hostile{
		{"deep-flow-seq", []byte(head + "events: " + strings.Repeat("[", half) + strings.Repeat("]", half) + tail)},
		{"deep-flow-seq-unclosed", []byte(head + "events: " + strings.Repeat("[", size) + tail)},
		{"deep-flow-map", []byte(head + "events: " + strings.Repeat("{a: ", size/5) + strings.Repeat("}", size/5) + tail)},
		{"deep-flow-json", []byte(head + "events: " + strings.Repeat(`{"a":`, size/6) + "1" + strings.Repeat("}", size/6) + tail)},
		{"deep-block-seq-compact", []byte(head + "events:\n" + strings.Repeat("- ", half) + "x" + tail)},
		{"deep-block-map", []byte(head + "events:\n" + build(func(b *strings.Builder) {
			for i := 0; b.Len() < size; i++ {
				b.WriteString(strings.Repeat(" ", i) + "a:\n")
			}
		}) + tail)},
		{"deep-block-seq-lines", []byte(head + "events:\n" + build(func(b *strings.Builder) {
			for i := 0; b.Len() < size; i++ {
				b.WriteString(strings.Repeat(" ", i) + "-\n")
			}
		}) + tail)},
		{"deep-at-limit", []byte(head + "events: " + strings.Repeat("[", 30) + strings.Repeat("]", 30) + "\n" + fill("# padding\n", size) + tail)},
		{"long-line-plain", []byte(head + "description: " + strings.Repeat("x", size) + tail)},
		{"long-line-flow", []byte(head + "events: [" + fill("a,", size) + "a]" + tail)},
		{"long-line-empty-lists", []byte(head + "events: [" + fill("[],", size) + "[]]" + tail)},
		{"long-line-flow-maps", []byte(head + "events: [" + fill("{raw: x},", size) + "{raw: x}]" + tail)},
		{"huge-quoted", []byte(head + "events:\n  - raw: \"" + strings.Repeat("x", size) + "\"" + tail)},
		{"huge-block-scalar", []byte(head + "events:\n  - raw: |\n" + fill("      xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", size) + tail)},
		{"many-anchors", []byte(head + "events:\n" + build(func(b *strings.Builder) {
			for i := 0; b.Len() < size; i++ {
				fmt.Fprintf(b, "  - &a%d {raw: x}\n", i)
			}
		}) + tail)},
		{"many-aliases", []byte(head + "events:\n  - &e {raw: x}\n" + fill("  - *e\n", size) + tail)},
		{"alias-bomb", []byte(build(func(b *strings.Builder) {
			b.WriteString(head + "description: &a0 [x, x, x, x, x, x, x, x, x, x]\nevents:\n")
			for i := 1; i < 10; i++ {
				fmt.Fprintf(b, "  - &a%d [%s]\n", i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
			}
			b.WriteString(fill("  - *a9\n", size))
		}) + tail)},
		{"many-events", []byte(head + "events:\n" + fill("  - user: {email: a@gmail.com, premium: true, credit: 11}\n", size) + tail)},
		{"many-raw-events", []byte(head + "events:\n" + fill("  - raw: \"\"\n", size) + tail)},
		{"many-actions", []byte(head + "events: []\nexpect:\n  actions:\n" + fill("    - {customer: a@gmail.com, type: CONTACT_CUSTOMER, reason: VIP_USER, team: team-7}\n", size))},
		{"many-documents", []byte(head + "events: []" + tail + fill("---\n", size))},
		{"many-keys", []byte(head + "events:\n  - user:\n" + build(func(b *strings.Builder) {
			for i := 0; b.Len() < size; i++ {
				fmt.Fprintf(b, "      k%d: 1\n", i)
			}
		}) + tail)},
		{"many-duplicate-keys", []byte(head + "events:\n  - user:\n" + fill("      email: a@gmail.com\n", size) + tail)},
		{"many-comments", []byte(head + fill("# a comment, and another\n", size) + tail)},
		{"many-tags", []byte(head + "events: [" + fill("!t a,", size) + "a]" + tail)},
		{"many-colons", []byte(head + "events: " + fill("a: ", size) + tail)},
		{"many-flow-keys", []byte(head + "events: {" + fill("? a,", size) + "}" + tail)},
		{"unclosed-quote", []byte(head + "events: \"" + fill("abc\n", size))},
		{"unclosed-flow", []byte(head + "events: [" + fill("{raw: x},\n", size))},
	}
	// The same shapes with a syntax error at the end, when they load:
	// the loader then locates the error with a second parser.
	for _, f := range files[:len(files)-2] {
		files = append(files, hostile{f.name + "+error", append(append([]byte(nil), f.data...), "\nbad: [\n"...)})
	}
	return files
}

// Bounds on loading a hostile file of hostileSize bytes, in a process of
// its own: wall time and peak resident memory (VmHWM).
const (
	hostileSize    = 200 << 10
	hostileTime    = time.Second
	hostileMemory  = 100 << 20
	hostileFileEnv = "KAFKACHECK_HOSTILE_FILE"
	// hostileSizeEnv, if set, replaces hostileSize, to measure other sizes.
	hostileSizeEnv = "KAFKACHECK_HOSTILE_SIZE"
)

// TestHostileFilesAreCheap loads each hostile file of 200 KB in a child
// process and checks it is loaded or refused within a second and 100 MB
// of peak resident memory, as the CLI would. Under the race detector, whose
// shadow memory is most of a process's, TestHostileFilesAllocateLittle
// checks the bounds instead.
func TestHostileFilesAreCheap(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process per file")
	}
	if raceFactor > 1 {
		t.Skip("the race detector multiplies time and memory; run without -race to measure")
	}
	size := hostileSize
	if s := os.Getenv(hostileSizeEnv); s != "" {
		var err error
		if size, err = strconv.Atoi(s); err != nil {
			t.Fatalf("%s=%q: %v", hostileSizeEnv, s, err)
		}
	}
	dir := t.TempDir()
	for _, f := range hostileFiles(size) {
		t.Run(f.name, func(t *testing.T) {
			path := filepath.Join(dir, f.name+".yaml")
			if err := os.WriteFile(path, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
			// A busy machine can stretch one run: the best of three
			// counts.
			m := measureLoad(t, path)
			for try := 1; try < 3 && m.Elapsed > hostileTime; try++ {
				if again := measureLoad(t, path); again.Elapsed < m.Elapsed {
					m = again
				}
			}
			t.Logf("%d bytes: %v, peak %.1f MB: %s", len(f.data), m.Elapsed, float64(m.PeakRSS)/(1<<20), m.Result)
			if m.Elapsed > hostileTime {
				t.Errorf("loading took %v, want at most %v", m.Elapsed, hostileTime)
			}
			if m.PeakRSS > hostileMemory {
				t.Errorf("peak memory %.1f MB, want at most %d MB", float64(m.PeakRSS)/(1<<20), hostileMemory>>20)
			}
			if m.Result != "ok" && !strings.HasPrefix(m.Result, path+":") {
				t.Errorf("result %q does not name the file", m.Result)
			}
		})
	}
}

// TestHostileFilesAllocateLittle parses each hostile file of 200 KB in
// this process and checks the time it takes and the memory it allocates in
// all (an upper bound of its peak): at most a second and 100 MB. It runs
// under the race detector too, which leaves allocations alone but slows
// everything down; the time bound is then raceFactor times larger.
func TestHostileFilesAllocateLittle(t *testing.T) {
	sample := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	allocated := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	for _, f := range hostileFiles(hostileSize) {
		t.Run(f.name, func(t *testing.T) {
			before, start := allocated(), time.Now()
			s, err := Parse(f.name+".yaml", f.data)
			took, bytes := time.Since(start), allocated()-before
			// A busy machine can stretch one run: the best of three
			// counts.
			for try := 1; try < 3 && took > hostileTime*raceFactor; try++ {
				start := time.Now()
				_, _ = Parse(f.name+".yaml", f.data)
				took = min(took, time.Since(start))
			}
			t.Logf("%d bytes: %v, %.1f MB allocated", len(f.data), took, float64(bytes)/(1<<20))
			if limit := hostileTime * raceFactor; took > limit {
				t.Errorf("Parse took %v, want at most %v", took, limit)
			}
			if bytes > hostileMemory {
				t.Errorf("Parse allocated %.1f MB, want at most %d MB", float64(bytes)/(1<<20), hostileMemory>>20)
			}
			checkHostileResult(t, f.name+".yaml", s, err)
		})
	}
}

// checkHostileResult checks Parse returned a scenario or an *Error naming
// file.
func checkHostileResult(t *testing.T, file string, s *Scenario, err error) {
	t.Helper()
	if err == nil {
		if s == nil {
			t.Error("Parse returned neither a scenario nor an error")
		}
		return
	}
	if e, ok := err.(*Error); !ok || e.File != file {
		t.Errorf("error %T %v does not name %s", err, err, file)
	}
}

// loadMeasure is what the child process reports.
type loadMeasure struct {
	Elapsed time.Duration
	PeakRSS int64 // bytes
	Result  string
}

// measureLoad runs Load(path) in a child process, this test binary run as
// TestHostileChild.
func measureLoad(t *testing.T, path string) loadMeasure {
	t.Helper()
	// A child far past the bounds is stopped rather than waited for.
	ctx, cancel := context.WithTimeout(t.Context(), 60*hostileTime)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHostileChild$", "-test.v")
	cmd.Env = append(os.Environ(), hostileFileEnv+"="+path)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("child still loading after %v", 60*hostileTime)
	}
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	i := bytes.Index(out, []byte("MEASURE "))
	if i < 0 {
		t.Fatalf("child printed no measure:\n%s", out)
	}
	line, _, _ := bytes.Cut(out[i+len("MEASURE "):], []byte("\n"))
	var m loadMeasure
	if err := json.Unmarshal(line, &m); err != nil {
		t.Fatalf("child measure %q: %v", line, err)
	}
	return m
}

// TestHostileChild is the child process of TestHostileFilesAreCheap.
func TestHostileChild(t *testing.T) {
	path := os.Getenv(hostileFileEnv)
	if path == "" {
		t.Skip("only run as the child of TestHostileFilesAreCheap")
	}
	start := time.Now()
	_, err := Load(path)
	m := loadMeasure{Elapsed: time.Since(start), PeakRSS: peakRSS(t), Result: "ok"}
	if err != nil {
		m.Result = err.Error()
		if len(m.Result) > 300 {
			m.Result = m.Result[:300] + "…"
		}
		if !isFileError(err) {
			m.Result = "not a file error: " + m.Result
		}
	}
	b, _ := json.Marshal(m)
	fmt.Printf("MEASURE %s\n", b)
}

// peakRSS returns the process's peak resident memory, from VmHWM in
// /proc/self/status.
func peakRSS(t *testing.T) int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("VmHWM %q: %v", v, err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}

//go:build unix

package scenarios

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadRefusesSpecialFiles proves that Load reads regular files only:
// a named pipe, a device or a socket, given directly, through a symbolic
// link or in a directory, is refused by name with what to do, without
// blocking (opening a named pipe waits for a writer) and without reading
// (/dev/zero never ends); so is a file over the size limit.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	mkfifo := func(t *testing.T, path string) {
		t.Helper()
		if err := syscall.Mkfifo(path, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	const regularOnly = "not a regular file; kafkacheck reads scenarios from regular files only: save the scenario to a .yaml file"
	tests := []struct {
		name  string
		setup func(t *testing.T) string // returns the path to load
		want  string                    // prefix of the error, after the path
	}{
		{"named pipe", func(t *testing.T) string {
			p := filepath.Join(dir, "pipe.yaml")
			mkfifo(t, p)
			return p
		}, "{path}: it is a named pipe (FIFO), " + regularOnly},
		{"named pipe in a directory", func(t *testing.T) string {
			d := filepath.Join(dir, "with-pipe")
			if err := os.Mkdir(d, 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(d, "a.yaml"), good)
			mkfifo(t, filepath.Join(d, "b.yaml"))
			return d
		}, "{path}/b.yaml: it is a named pipe (FIFO), " + regularOnly},
		{"link to a named pipe", func(t *testing.T) string {
			p, l := filepath.Join(dir, "linked-pipe"), filepath.Join(dir, "link.yaml")
			mkfifo(t, p)
			if err := os.Symlink(p, l); err != nil {
				t.Fatal(err)
			}
			return l
		}, "{path}: it is a named pipe (FIFO), " + regularOnly},
		{"/dev/zero", func(t *testing.T) string { return existing(t, "/dev/zero") }, "{path}: it is a device, " + regularOnly},
		{"/dev/null", func(t *testing.T) string { return existing(t, "/dev/null") }, "{path}: it is a device, " + regularOnly},
		{"socket", func(t *testing.T) string {
			p := filepath.Join(dir, "sock.yaml")
			l, err := net.Listen("unix", p)
			if err != nil {
				t.Skipf("unix socket: %v", err)
			}
			t.Cleanup(func() { l.Close() })
			return p
		}, "{path}: it is a socket, " + regularOnly},
		{"larger than 1 MiB", func(t *testing.T) string {
			p := filepath.Join(dir, "large.yaml")
			writeFile(t, p, good+"# "+strings.Repeat("x", 1<<20)+"\n")
			return p
		}, "{path}: the file is larger than 1048576 bytes (1 MiB)"},
		{"missing", func(t *testing.T) string { return filepath.Join(dir, "missing.yaml") },
			"{path}: no such file or directory: check the path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.setup(t)
			err := loadWithin(t, path, 10*time.Second)
			want := strings.ReplaceAll(tt.want, "{path}", path)
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Load(%s) = %v\nwant an error with prefix %q", path, err, want)
			}
			if !isFileError(err) {
				t.Errorf("isFileError(%v) = false", err)
			}
		})
	}
}

// loadWithin runs Load(path) and fails the test if it does not return
// within d. A Load blocked opening a named pipe is then released by
// opening every pipe under path for writing.
func loadWithin(t *testing.T, path string, d time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := Load(path)
		done <- err
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		releasePipes(path)
		<-done
		t.Fatalf("Load(%s) blocked for %v", path, d)
		return nil
	}
}

// releasePipes opens each named pipe at or in path for writing, without
// blocking, which lets a reader blocked in open go on.
func releasePipes(path string) {
	paths, _ := filepath.Glob(filepath.Join(path, "*"))
	for _, p := range append(paths, path) {
		if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	}
}

func existing(t *testing.T, path string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Skip(err)
	}
	return path
}

// TestLoadContextStopsBetweenFiles proves a cancelled load (Ctrl-C in the
// CLI) stops before reading the next file.
func TestLoadContextStopsBetweenFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.yaml"), good)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := LoadContext(ctx, dir); !errors.Is(err, context.Canceled) {
		t.Errorf("LoadContext with a cancelled context = %v, want context.Canceled", err)
	}
	if list, err := LoadContext(t.Context(), dir); err != nil || len(list) != 1 {
		t.Errorf("LoadContext = %d scenarios, %v; want 1", len(list), err)
	}
}

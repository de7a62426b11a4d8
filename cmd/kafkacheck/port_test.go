package main

import (
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestPortTakenSuggestsAFreePort: a taken --listen port is exit 2 with a
// concrete port that is free (a program with hard-coded settings cannot
// follow port 0) and the reminder that the program's settings must
// match, without the pointer to the help; with --format json, as an error
// object too.
func TestPortTakenSuggestsAFreePort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	taken := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	suggestion := regexp.MustCompile(`--listen 127\.0\.0\.1:(\d+) is free now`)
	for _, args := range [][]string{
		{"run", "--format", "json", "--team", "team-3", "--listen", ln.Addr().String(), "--", "true"},
		{"serve", "--listen", ln.Addr().String(), "--duration", "1s"},
	} {
		code, out, stderr := runCLI(t, args...)
		m := suggestion.FindStringSubmatch(stderr)
		if code != 2 || !strings.Contains(stderr, "port 127.0.0.1:"+taken+" is already in use") || m == nil {
			t.Errorf("kafkacheck %s: exit %d, stderr %q; want 2 and a free port", args[0], code, stderr)
			continue
		}
		if m[1] == "0" || m[1] == taken || strings.Contains(stderr, "127.0.0.1:0") || strings.Contains(stderr, "Run '") {
			t.Errorf("kafkacheck %s: suggests port %s (taken: %s): %q", args[0], m[1], taken, stderr)
		}
		if !strings.Contains(stderr, "settings must then match: bootstrap servers 127.0.0.1:"+m[1]) {
			t.Errorf("kafkacheck %s: does not say the program's settings must match: %q", args[0], stderr)
		}
		if l, err := net.Listen("tcp", "127.0.0.1:"+m[1]); err != nil {
			t.Errorf("the suggested port is not free: %v", err)
		} else {
			l.Close()
		}
		if args[0] == "run" && !strings.Contains(out, `"code": "port_in_use"`) {
			t.Errorf("run --format json: stdout %q, want a port_in_use error", out)
		}
	}
}

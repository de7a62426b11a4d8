package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
)

// TestClientReportsConnectionProblems proves that kafkacheck client, given
// a wrong password, user, mechanism or security protocol, or an address
// where no broker listens, says so within a few seconds and exits 1,
// instead of waiting silently for ever as franz-go's retries would; and
// that it never prints the password.
func TestClientReportsConnectionProblems(t *testing.T) {
	for _, env := range []string{client.EnvBootstrap, client.EnvSecurityProtocol, client.EnvMechanism, client.EnvUser, client.EnvPassword, client.EnvTeam} {
		t.Setenv(env, "")
	}
	const password = "hunter2-not-the-secret"
	t.Setenv("KAFKACHECK_TEST_PASSWORD", password)
	b, err := embedded.Start(t.Context(), embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	addr := b.Bootstrap()[0]

	tests := []struct {
		name  string
		args  []string
		want  []string
		bound time.Duration
	}{
		{"wrong password", []string{"--bootstrap", addr, "--password-env", "KAFKACHECK_TEST_PASSWORD"},
			[]string{"the broker refused the login of user team-3", "SASL_AUTHENTICATION_FAILED", "check the user name (SASL_USERNAME or --user) and the password"}, 3 * time.Second},
		{"unknown user", []string{"--bootstrap", addr, "--user", "team-33"},
			[]string{"the broker refused the login of user team-33", "SASL_AUTHENTICATION_FAILED"}, 3 * time.Second},
		{"wrong mechanism", []string{"--bootstrap", addr, "--mechanism", "SCRAM-SHA-256", "--password-env", "KAFKACHECK_TEST_PASSWORD"},
			[]string{"the broker does not accept SASL mechanism SCRAM-SHA-256", "UNSUPPORTED_SASL_MECHANISM", "the classroom uses PLAIN"}, 3 * time.Second},
		{"no SASL", []string{"--bootstrap", addr, "--security-protocol", "PLAINTEXT"},
			[]string{"closed the connection at the first request", "set SECURITY_PROTOCOL=SASL_PLAINTEXT"}, 3 * time.Second},
		{"closed port", []string{"--bootstrap", closedPort(t), "--password-env", "KAFKACHECK_TEST_PASSWORD"},
			[]string{"cannot reach a broker within 5s", "connection refused", "check that Kafka is running and that the address (BOOTSTRAP_SERVERS or --bootstrap, host:port) is right"}, 8 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Without the check, the client would wait until interrupted:
			// interrupt it after a while, as Ctrl-C would.
			ctx, cancel := context.WithTimeout(t.Context(), tt.bound+10*time.Second)
			defer cancel()
			var stderr bytes.Buffer
			start := time.Now()
			code := run(ctx, append([]string{"client", "--team", "team-3"}, tt.args...), &bytes.Buffer{}, &stderr)
			took := time.Since(start)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if took > tt.bound {
				t.Errorf("took %v, want at most %v", took, tt.bound)
			}
			for _, want := range tt.want {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
			if strings.Contains(stderr.String(), password) {
				t.Errorf("stderr shows the password:\n%s", stderr.String())
			}
		})
	}
}

// TestClientCheckPasses proves the check lets a right configuration
// through, with SASL and without.
func TestClientCheckPasses(t *testing.T) {
	for _, plaintext := range []bool{false, true} {
		b, err := embedded.Start(t.Context(), embedded.Config{Plaintext: plaintext})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		cfg := client.Config{Bootstrap: b.Bootstrap(), Team: "team-3", SecurityProtocol: b.Listener().SecurityProtocol}
		c, err := client.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Check(t.Context()); err != nil {
			t.Errorf("Check on %s: %v", cfg.SecurityProtocol, err)
		}
		c.Close()
	}
}

// closedPort returns a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestSuiteRefusesSpecialFiles proves that kafkacheck suite refuses a
// named pipe or a device as a scenario file with exit 2, naming the file
// and what to do, and without blocking: opening a named pipe waits for a
// writer, and while it waits Ctrl-C, which main turns into a cancelled
// context, could not end the CLI.
func TestSuiteRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("name: a\nteams: [team-1]\nexpect:\n  actions: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(dir, "b.yaml")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	tests := []struct{ name, path, want string }{
		{"directory with a named pipe", dir, pipe + ": it is a named pipe (FIFO), not a regular file"},
		{"named pipe", pipe, pipe + ": it is a named pipe (FIFO), not a regular file"},
		{"/dev/zero", "/dev/zero", "/dev/zero: it is a device, not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			done := make(chan int, 1)
			go func() { done <- run(t.Context(), []string{"suite", "--scenarios", tt.path}, &bytes.Buffer{}, &stderr) }()
			timer := time.NewTimer(10 * time.Second)
			defer timer.Stop()
			var code int
			select {
			case code = <-done:
			case <-timer.C:
				if f, err := os.OpenFile(pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					f.Close() // lets the blocked open go on
				}
				<-done
				t.Fatalf("suite --scenarios %s blocked", tt.path)
			}
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tt.want) || !strings.Contains(stderr.String(), "save the scenario to a .yaml file") {
				t.Errorf("stderr = %q, want %q and what to do", stderr.String(), tt.want)
			}
		})
	}
}

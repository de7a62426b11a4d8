package external

import (
	"flag"
	"io"
	"slices"
	"testing"
)

func TestRegisterFlags(t *testing.T) {
	t.Setenv("CLASSROOM_ADMIN_PASSWORD", "from-env")
	var cfg Config
	fs := flag.NewFlagSet("suite", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	RegisterFlags(fs, &cfg)
	err := fs.Parse([]string{"--bootstrap", "127.0.0.1:9092, 127.0.0.1:9093", "--user", "ops",
		"--password-env", "CLASSROOM_ADMIN_PASSWORD", "--mechanism", "SCRAM-SHA-256", "--allow-write"})
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Bootstrap: []string{"127.0.0.1:9092", "127.0.0.1:9093"}, SecurityProtocol: "SASL_PLAINTEXT",
		Mechanism: "SCRAM-SHA-256", User: "ops", Password: "from-env", AllowWrite: true}
	if !slices.Equal(cfg.Bootstrap, want.Bootstrap) || cfg.SecurityProtocol != want.SecurityProtocol ||
		cfg.Mechanism != want.Mechanism || cfg.User != want.User || cfg.Password != want.Password || cfg.AllowWrite != want.AllowWrite {
		t.Errorf("got %+v (password %q), want %+v (password %q)", cfg, cfg.Password, want, want.Password)
	}

	fs = flag.NewFlagSet("suite", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	RegisterFlags(fs, &cfg)
	if err := fs.Parse([]string{"--password-env", "KAFKACHECK_NO_SUCH_VARIABLE"}); err == nil {
		t.Error("--password-env naming an unset variable: got nil, want an error")
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	tclog "github.com/testcontainers/testcontainers-go/log"
)

// exitError carries an exit status: 1 for a failed check, 2 for a usage or
// scenario-file error.
type exitError struct {
	code int
	err  error
	// kind says what went wrong, for the JSON error object's code (see
	// errorJSON); only errUsage, a mistake on the command line, earns the
	// pointer to the command's help.
	kind string
}

// The kinds of exit-2 errors, as --format json names them.
const (
	errUsage           = "usage"            // a mistake on the command line
	errScenarioFile    = "scenario_file"    // a scenario file that cannot be read or is malformed
	errUnknownScenario = "unknown_scenario" // --scenario names no scenario
	errPortInUse       = "port_in_use"      // --listen's port is taken
	errCannotReset     = "cannot_reset"     // the broker cannot serve the suite as asked
)

func (e *exitError) Error() string { return e.err.Error() }

// usageError reports a mistake on the command line (exit 2).
func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...), kind: errUsage}
}

// errFailed means a check ran and something failed (exit 1); the report
// has already said what.
var errFailed = &exitError{code: 1, err: errors.New("")}

func main() {
	// testcontainers-go announces its connection to the engine; the
	// report is ours to print.
	tclog.SetDefault(tclog.NewNoopLogger())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdout, stderr)
	if err == nil {
		return 0
	}
	var help *helpRequest
	if errors.As(err, &help) {
		fmt.Fprint(stdout, commandHelp(help.fs))
		return 0
	}
	var ee *exitError
	if !errors.As(err, &ee) {
		fmt.Fprintf(stderr, "kafkacheck: %v\n", err)
		return 1
	}
	if ee.err.Error() != "" {
		fmt.Fprintf(stderr, "kafkacheck: %v\n", ee.err)
	}
	if ee.code == 2 && ee.kind == errUsage {
		fmt.Fprintf(stderr, "Run '%s' for usage.\n", helpCommand(args))
	}
	if ee.code == 2 && jsonRequested(args) {
		writeErrorJSON(stdout, ee)
	}
	return ee.code
}

// command is a subcommand: it parses its flags with parseFlags before it
// does anything else, so that -h shows its help and kafkacheck help can
// ask it for its flag set.
type command struct {
	name string
	run  func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands are kafkacheck's subcommands; doc.go has a section for each.
var commands = []command{
	{"suite", suiteCmd},
	{"run", runCmd},
	{"client", func(ctx context.Context, args []string, _, stderr io.Writer) error {
		return clientCmd(ctx, args, stderr)
	}},
	{"serve", serveCmd},
	{"scenarios", scenariosCmd},
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return suiteCmd(ctx, nil, stdout, stderr)
	}
	if c, ok := lookup(args[0]); ok {
		return c.run(ctx, args[1:], stdout, stderr)
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return helpCmd(args[1:], stdout)
	}
	return usageError("unknown command %q", args[0])
}

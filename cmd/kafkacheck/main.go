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
}

func (e *exitError) Error() string { return e.err.Error() }

// usageError reports a mistake on the command line (exit 2).
func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
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
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err.Error() != "" {
			fmt.Fprintf(stderr, "kafkacheck: %v\n", ee.err)
		}
		if ee.code == 2 {
			fmt.Fprintln(stderr, "Run 'kafkacheck help' for usage.")
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "kafkacheck: %v\n", err)
	return 1
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return suiteCmd(ctx, nil, stdout, stderr)
	}
	switch args[0] {
	case "suite":
		return suiteCmd(ctx, args[1:], stdout, stderr)
	case "client":
		return clientCmd(ctx, args[1:], stderr)
	case "run":
		return runCmd(ctx, args[1:], stdout, stderr)
	case "serve":
		return serveCmd(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage())
		return nil
	}
	return usageError("unknown command %q", args[0])
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kafkacheck/kafkacheck/client"
)

// clientCmd runs the reference client until interrupted.
func clientCmd(ctx context.Context, args []string, stderr io.Writer) error {
	cfg := client.ConfigFromEnv()
	fs := flag.NewFlagSet("client", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&cfg.Team, "team", cfg.Team, "")
	bootstrap := fs.String("bootstrap", strings.Join(cfg.Bootstrap, ","), "")
	fs.StringVar(&cfg.SecurityProtocol, "security-protocol", cfg.SecurityProtocol, "")
	fs.StringVar(&cfg.Mechanism, "mechanism", cfg.Mechanism, "")
	fs.StringVar(&cfg.User, "user", cfg.User, "")
	passwordEnv := fs.String("password-env", "", "")
	if err := fs.Parse(args); err != nil {
		return usageError("client: %v", err)
	}
	if fs.NArg() > 0 {
		return usageError("client: unexpected argument %q", fs.Arg(0))
	}
	if cfg.Team == "" {
		return usageError("client: --team is required (or TEAM_NAME), e.g. --team team-3")
	}
	if *bootstrap != "" {
		cfg.Bootstrap = strings.Split(*bootstrap, ",")
	}
	if *passwordEnv != "" {
		// A password is never taken on the command line, where ps shows it.
		p, ok := os.LookupEnv(*passwordEnv)
		if !ok {
			return usageError("client: --password-env %s: that variable is not set", *passwordEnv)
		}
		cfg.Password = p
	}
	c, err := client.New(cfg)
	if err != nil {
		return usageError("%v", err)
	}
	fmt.Fprintf(stderr, "kafkacheck client: %s consuming %s, producing to %s\n", cfg.Team, client.NewUsers, client.Actions)
	// franz-go retries a refused login or an unreachable broker quietly,
	// for ever: find out now, and say what is wrong (exit 1).
	if err := c.Check(ctx); err != nil {
		c.Close()
		if ctx.Err() != nil {
			return nil // interrupted while connecting
		}
		return err
	}
	if err := c.Run(ctx); err != nil {
		return err
	}
	st := c.Stats()
	fmt.Fprintf(stderr, "kafkacheck client: stopped after %d users consumed, %d skipped, %d actions produced\n", st.Consumed, st.Skipped, st.Produced)
	return nil
}

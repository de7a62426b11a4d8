package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/client"
)

// clientCmd runs the reference client until interrupted.
func clientCmd(ctx context.Context, args []string, stderr io.Writer) error {
	cfg := client.ConfigFromEnv()
	fs := flag.NewFlagSet("client", flag.ContinueOnError)
	// The defaults are the environment's, so the usage strings say them.
	fs.StringVar(&cfg.Team, "team", cfg.Team, "the `team-N` whose rule to apply (required; default $"+client.EnvTeam+")")
	bootstrap := fs.String("bootstrap", strings.Join(cfg.Bootstrap, ","), "seed brokers, `host:port[,host:port...]` (default $"+client.EnvBootstrap+", else 127.0.0.1:9092)")
	fs.StringVar(&cfg.SecurityProtocol, "security-protocol", cfg.SecurityProtocol, "the security `protocol`, SASL_PLAINTEXT or PLAINTEXT (default $"+client.EnvSecurityProtocol+", else SASL_PLAINTEXT)")
	fs.StringVar(&cfg.Mechanism, "mechanism", cfg.Mechanism, "the SASL `mechanism`, "+classroom.MechanismChoices()+" (default $"+client.EnvMechanism+", else PLAIN)")
	fs.StringVar(&cfg.User, "user", cfg.User, "the SASL user `name` (default $"+client.EnvUser+", else the team name)")
	edition := fs.String("edition", classroom.Edition349, editionUsage)
	step := fs.Int("step", 3, "the tutorial `step` to play: 3 (actions) or 5 (actions, and keyed records to the edition's step-5 topic: 349bd19's watchlist or 2026-01's team_stats)")
	passwordEnv := fs.String("password-env", "", "read the password from the environment `variable` named (default $"+client.EnvPassword+", else team-N-secret); never from the command line")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("client: unexpected argument %q", fs.Arg(0))
	}
	if cfg.Team == "" {
		return usageError("client: --team is required (or TEAM_NAME), e.g. --team team-3")
	}
	profile, err := classroom.EditionNamed(*edition)
	if err != nil {
		return usageError("client: --edition: %v", err)
	}
	switch *step {
	case 3:
	case 5:
		cfg.Step5 = step5Of(profile)
	default:
		return usageError("client: --step %d: want 3 or 5", *step)
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
	to := client.Actions
	if cfg.Step5 != "" {
		to += " and " + string(cfg.Step5)
	}
	fmt.Fprintf(stderr, "kafkacheck client: %s consuming %s, producing to %s\n", cfg.Team, client.NewUsers, to)
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

package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/leaderboard"
)

// serveKeep is how many recent users serve remembers to judge actions
// against the teams' rules: at 100 users/s, more than 15 minutes' worth,
// in a few megabytes.
const serveKeep = 100_000

// serveCmd runs the classroom cluster with a producer and a live
// leaderboard until interrupted or --duration passes.
func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:9092", "where the broker listens, `host:port` on loopback only")
	rateFlag := fs.String("rate", "2/s", "produce users at `rate` N/s, N per second, or N/m, N per minute")
	seed := fs.Int64("seed", 1, "the producer's `seed`: same seed, same users")
	duration := fs.Duration("duration", 0, "stop after `duration` (0: run until Ctrl-C)")
	mechanism := fs.String("mechanism", "", "the SASL `mechanism` the broker accepts (default: the edition's): "+classroom.MechanismChoices())
	edition := fs.String("edition", classroom.Edition349, editionUsage)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	profile, err := classroom.EditionNamed(*edition)
	if err != nil {
		return usageError("serve: --edition: %v", err)
	}
	*mechanism = cmp.Or(*mechanism, profile.Mechanism)
	if err := classroom.CheckMechanism(*mechanism); err != nil {
		return usageError("serve: --mechanism: %v", err)
	}
	if fs.NArg() > 0 {
		return usageError("serve: unexpected argument %q", fs.Arg(0))
	}
	rate, err := parseRate(*rateFlag)
	if err != nil {
		return err
	}
	if *duration < 0 {
		return usageError("serve: --duration %v: want a positive duration, or 0 to run until Ctrl-C", *duration)
	}
	host, port, err := loopbackAddr("serve", *listen)
	if err != nil {
		return err
	}
	// The tap tells who wrote each record on actions and watchlist: the
	// board credits a record to its writer's login, not its team field.
	prod := newProducers(serveProducersKeep)
	col := tap.NewCollector()
	col.OnProduce = prod.add
	b, err := embedded.Start(ctx, embedded.Config{Profile: profile, Port: port, Mechanism: *mechanism, Listen: col.Listen(listenOn(host)), OnAuth: col.OnAuth})
	if err != nil {
		return portTaken("serve", host, port, err)
	}
	defer b.Close()
	if *duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *duration)
		defer cancel()
	}

	board := leaderboard.New(serveKeep)
	view := newBoardView(stdout, board)
	fmt.Fprint(stdout, serveHeader(b, rate, *seed))

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for _, task := range []func(context.Context, *embedded.Broker, *leaderboard.Board, *boardView) error{
		func(ctx context.Context, b *embedded.Broker, board *leaderboard.Board, view *boardView) error {
			return produceUsers(ctx, b, board, view, rate, *seed)
		},
		func(ctx context.Context, b *embedded.Broker, board *leaderboard.Board, view *boardView) error {
			return watchTopics(ctx, b, board, view, prod)
		},
		watchGroups, drawBoard, keepBounded,
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := task(ctx, b, board, view); err != nil && ctx.Err() == nil {
				cancel(err)
			}
		}()
	}
	wg.Wait()
	view.summary()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// parseRate reads --rate: "N/s", "N/m" or a plain N per second.
func parseRate(s string) (float64, error) {
	num, unit, _ := strings.Cut(s, "/")
	n, err := strconv.ParseFloat(num, 64)
	per := map[string]float64{"": 1, "s": 1, "m": 60, "min": 60}[unit]
	if err != nil || n <= 0 || n > 100_000 || per == 0 {
		return 0, usageError("serve: --rate %q: want users per second or minute, such as 2/s or 30/m", s)
	}
	return n / per, nil
}

func serveHeader(b *embedded.Broker, rate float64, seed int64) string {
	var s strings.Builder
	fmt.Fprintf(&s, "kafkacheck serve: the classroom cluster is up on %s (%s, mechanism %s).\n",
		strings.Join(b.Bootstrap(), ","), b.Listener().SecurityProtocol, b.Listener().Mechanism)
	fmt.Fprintf(&s, "Each team logs in as team-N with password team-N-secret, consumes %s in group team-N\n", classroom.NewUsers)
	fmt.Fprintf(&s, "and produces to %s (and %s). Producing %.4g users/s (seed %d). Ctrl-C stops.\n\n",
		classroom.Actions, classroom.Watchlist, rate, seed)
	return s.String()
}

// watchGroups polls the teams' consumer groups in process (kfake's group
// state, no request on the wire) for 1️⃣ and 4️⃣.
func watchGroups(ctx context.Context, b *embedded.Broker, board *leaderboard.Board, view *boardView) error {
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		for _, team := range classroom.TeamNames() {
			members, stable := 0, false
			if gi := b.Cluster().GroupInfo(team); gi != nil {
				members, stable = len(gi.Members), gi.State == "Stable"
			}
			view.unlocked(board.Group(team, members, stable))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

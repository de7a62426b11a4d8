package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
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
	rateFlag := fs.String("rate", "2/s", "produce users at `rate` N/s, N per second, or N/m, N per minute; 0: none, another producer writes new_users as admin")
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
	// The tap tells who wrote each record on actions and the step-5
	// topic: the board credits a record to its writer's login as well as
	// to its team field.
	prod := newProducers(serveProducersKeep, classroom.Actions, profile.Step5.Topic)
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

	board, err := leaderboard.New(profile, serveKeep)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	view := newBoardView(stdout, board)
	fmt.Fprint(stdout, serveHeader(b, profile, rate, *seed))

	// Two lifetimes: the producer, the groups' watch and the display stop
	// with ctx; the readers of the topics go on until the board has every
	// record written before the stop (feed.watchTopics), then stop.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	users := newUsersRead()
	readers, stopReaders := context.WithCancel(context.WithoutCancel(ctx))
	defer stopReaders()
	var wg sync.WaitGroup
	spawn := func(ctx context.Context, task func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := task(ctx); err != nil && ctx.Err() == nil {
				cancel(err)
			}
		}()
	}
	spawn(ctx, func(ctx context.Context) error { return produceUsers(ctx, b, view, rate, *seed) })
	spawn(ctx, func(ctx context.Context) error { return watchGroups(ctx, b, board, view) })
	spawn(ctx, func(ctx context.Context) error { return drawBoard(ctx, b, board, view) })
	spawn(ctx, func(ctx context.Context) error { return keepBounded(ctx, b, board, view) })
	spawn(readers, func(ctx context.Context) error { return watchUsers(ctx, b, board, users) })
	topicsDone := make(chan struct{})
	go func() {
		defer close(topicsDone)
		f := &feed{b: b, board: board, view: view, prod: prod, users: users}
		if err := f.watchTopics(ctx); err != nil && ctx.Err() == nil {
			cancel(err)
		}
	}()
	<-topicsDone
	stopReaders()
	wg.Wait()
	view.summary()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// parseRate reads --rate: "N/s", "N/m" or a plain N per second; 0 is
// none.
func parseRate(s string) (float64, error) {
	num, unit, _ := strings.Cut(s, "/")
	n, err := strconv.ParseFloat(num, 64)
	per := map[string]float64{"": 1, "s": 1, "m": 60, "min": 60}[unit]
	if err != nil || n < 0 || n > 100_000 || per == 0 {
		return 0, usageError("serve: --rate %q: want users per second or minute, such as 2/s or 30/m, or 0 for none", s)
	}
	return n / per, nil
}

func serveHeader(b *embedded.Broker, p classroom.Profile, rate float64, seed int64) string {
	var s strings.Builder
	fmt.Fprintf(&s, "kafkacheck serve: the classroom cluster is up on %s (%s, mechanism %s).\n",
		strings.Join(b.Bootstrap(), ","), b.Listener().SecurityProtocol, b.Listener().Mechanism)
	fmt.Fprintf(&s, "Each team logs in as team-N with password team-N-secret, consumes %s in group team-N\n", classroom.NewUsers)
	fmt.Fprintf(&s, "and produces to %s (and %s). The leaderboard is the %s edition's.\n", classroom.Actions, p.Step5.Topic, p.Edition)
	if rate == 0 {
		fmt.Fprintf(&s, "Producing no users: write them to %s as %s (password %s). Ctrl-C stops.\n\n",
			classroom.NewUsers, classroom.AdminUser, classroom.AdminPassword)
	} else {
		fmt.Fprintf(&s, "Producing %.4g users/s (seed %d); users others write to %s count too. Ctrl-C stops.\n\n",
			rate, seed, classroom.NewUsers)
	}
	return s.String()
}

// watchGroups polls the teams' consumer groups in process (kfake's group
// state, no request on the wire) for the achievements of steps 1 and 4.
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

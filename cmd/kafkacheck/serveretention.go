package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/leaderboard"
)

// serveRetentionBytes bounds each partition of new_users and actions in
// serve: kfake keeps every record in memory, and a classroom runs for
// hours. Consumers that fall this far behind skip ahead, as they would on
// a real broker with retention.
const serveRetentionBytes = 8 << 20

// serveSegmentBytes is small so that retention frees memory: kfake drops
// a log segment only once all of it has expired, and its default segment
// (1 GiB, as Kafka's) would never roll in a classroom.
const serveSegmentBytes = 1 << 20

// keepBounded sets retention.bytes on the unbounded topics and applies it
// every 30 s (kfake applies retention only when asked).
func keepBounded(ctx context.Context, b *embedded.Broker, _ *leaderboard.Board, _ *boardView) error {
	adm, err := b.Admin()
	if err != nil {
		return err
	}
	retention, segment := strconv.Itoa(serveRetentionBytes), strconv.Itoa(serveSegmentBytes)
	resps, err := adm.AlterTopicConfigs(ctx, []kadm.AlterConfig{
		{Op: kadm.SetConfig, Name: "retention.bytes", Value: &retention},
		{Op: kadm.SetConfig, Name: "segment.bytes", Value: &segment},
	}, classroom.NewUsers, classroom.Actions)
	adm.Close()
	if err == nil {
		for _, r := range resps {
			if r.Err != nil {
				err = fmt.Errorf("set retention on %s: %w", r.Name, r.Err)
			}
		}
	}
	if err != nil {
		return err
	}
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			b.Cluster().ApplyRetention()
		}
	}
}

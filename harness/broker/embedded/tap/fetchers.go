package tap

import (
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// fetchedAt is when each of the program's connections last asked to fetch
// each partition of each topic; the caller holds c.mu. It tells a
// consumer group, where one consumer fetches a partition at a time, from
// programs that each read every partition (kafkacheck run --step 4).
type fetchedAt map[*conn]map[string]map[int32]time.Time

// sawFetchBy records which partitions one Fetch of cn asked for; the
// caller holds c.mu.
func (c *Collector) sawFetchBy(cn *conn, f *kmsg.FetchRequest) {
	if c.fetchedBy == nil {
		c.fetchedBy = fetchedAt{}
	}
	now := time.Now()
	for topic, parts := range fetchOffsets(f, c.resolve) {
		byTopic := c.fetchedBy[cn]
		if byTopic == nil {
			byTopic = map[string]map[int32]time.Time{}
			c.fetchedBy[cn] = byTopic
		}
		if byTopic[topic] == nil {
			byTopic[topic] = map[int32]time.Time{}
		}
		for p := range parts {
			byTopic[topic][p] = now
		}
	}
}

// FetchersSince returns, for each partition of topic, how many of the
// program's connections asked to fetch it at or after since, closed
// connections included. In a consumer group each partition has one
// consumer at a time, so a count above one in a window without a
// rebalance shows consumers reading the same partition side by side.
func (c *Collector) FetchersSince(topic string, since time.Time) map[int32]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[int32]int{}
	for _, byTopic := range c.fetchedBy {
		for p, at := range byTopic[topic] {
			if !at.Before(since) {
				out[p]++
			}
		}
	}
	return out
}

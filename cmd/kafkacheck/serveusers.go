package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/leaderboard"
)

// serveUsersWait bounds how long judging an action waits for serve's
// reader of new_users to reach the user it is about; it normally takes a
// millisecond. After that the action is judged with the users read so far.
const serveUsersWait = 2 * time.Second

// usersRead is how far serve's reader of new_users has read: the board is
// fed every user on new_users, whoever produced it (serve's producer, the
// tutorial's, the instructor's), and an action about a user the board
// does not know yet waits until the reader has read new_users up to its
// end offsets as listed after the action was read. The user was written
// before the program could consume it, so before the action: it is below
// those offsets. Nothing is kept but one offset per partition.
type usersRead struct {
	mu    sync.Mutex
	next  map[int32]int64 // the next offset to read, per partition
	moved chan struct{}   // closed and replaced whenever next moves
}

func newUsersRead() *usersRead {
	return &usersRead{next: map[int32]int64{}, moved: make(chan struct{})}
}

// advance records that the reader has read partition up to next.
func (u *usersRead) advance(partition int32, next int64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if next <= u.next[partition] {
		return
	}
	u.next[partition] = next
	close(u.moved)
	u.moved = make(chan struct{})
}

// reached reports whether the reader is at or past ends, and the channel
// that is closed when it moves.
func (u *usersRead) reached(ends map[int32]int64) (bool, <-chan struct{}) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for p, end := range ends {
		if u.next[p] < end {
			return false, u.moved
		}
	}
	return true, u.moved
}

// catchUp waits until the reader has read new_users up to its end offsets
// now, for at most serveUsersWait; an error says what it waited for and
// what it saw.
func (u *usersRead) catchUp(ctx context.Context, adm *kadm.Client) error {
	ctx, cancel := context.WithTimeout(ctx, serveUsersWait)
	defer cancel()
	listed, err := adm.ListEndOffsets(ctx, classroom.NewUsers)
	if err == nil {
		err = listed.Error()
	}
	if err != nil {
		return fmt.Errorf("list the end offsets of %s: %w", classroom.NewUsers, err)
	}
	ends := map[int32]int64{}
	listed.Each(func(o kadm.ListedOffset) { ends[o.Partition] = o.Offset })
	for {
		ok, moved := u.reached(ends)
		if ok {
			return nil
		}
		select {
		case <-moved:
		case <-ctx.Done():
			u.mu.Lock()
			defer u.mu.Unlock()
			return fmt.Errorf("waited %v for the reader of %s to reach its end offsets %v; it is at %v", serveUsersWait, classroom.NewUsers, ends, u.next)
		}
	}
}

// watchUsers reads new_users from its start, outside any group, as admin,
// and feeds each user to the board until ctx is done; values are dropped
// once the board has them.
func watchUsers(ctx context.Context, b *embedded.Broker, board *leaderboard.Board, read *usersRead) error {
	cl, err := kgo.NewClient(append(broker.ClientOpts(b, classroom.AdminUser, classroom.AdminPassword),
		kgo.ConsumeTopics(classroom.NewUsers),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
	)...)
	if err != nil {
		return fmt.Errorf("watch %s: %w", classroom.NewUsers, err)
	}
	defer cl.Close()
	for {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return nil
		}
		fetches.EachPartition(func(p kgo.FetchTopicPartition) {
			for _, r := range p.Records {
				board.User(r.Value)
			}
			if n := len(p.Records); n > 0 {
				read.advance(p.Partition, p.Records[n-1].Offset+1)
			}
		})
	}
}

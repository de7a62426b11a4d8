package main

import (
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
)

// TestUsersReadCatchUp: an action about a user not read yet waits until
// the reader of new_users reaches the end offsets listed then, and no
// longer; a reader that never gets there is given up on after
// serveUsersWait, with an error naming where it was and where it had to be.
func TestUsersReadCatchUp(t *testing.T) {
	b, err := embedded.Start(t.Context(), embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cl, err := kgo.NewClient(append(b.AdminOpts(), kgo.RecordPartitioner(kgo.ManualPartitioner()))...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	// Three records on partition 0, one on partition 1.
	for _, p := range []int32{0, 0, 0, 1} {
		r := &kgo.Record{Topic: classroom.NewUsers, Partition: p, Value: []byte(`{}`)}
		if err := cl.ProduceSync(t.Context(), r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}

	read := newUsersRead()
	read.advance(0, 3)
	done := make(chan error, 1)
	go func() { done <- read.catchUp(t.Context(), adm) }()
	read.advance(1, 1) // before or while catchUp waits: either way it returns
	if err := <-done; err != nil {
		t.Errorf("caught up, catchUp = %v", err)
	}

	stuck := newUsersRead()
	err = stuck.catchUp(t.Context(), adm)
	if err == nil || !strings.Contains(err.Error(), "end offsets map[0:3 1:1]; it is at map[]") {
		t.Errorf("a reader that never moves: %v", err)
	}
}

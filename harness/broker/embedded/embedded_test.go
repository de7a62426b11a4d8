package embedded_test

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"
)

func ctx10s(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestStartIsTheClassroom(t *testing.T) {
	b, err := embedded.Start(t.Context(), embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.Backend() != "kfake" {
		t.Errorf("Backend = %q, want kfake", b.Backend())
	}
	if want := (broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: "PLAIN"}); b.Listener() != want {
		t.Errorf("Listener = %+v, want %+v", b.Listener(), want)
	}
	if addrs := b.Bootstrap(); len(addrs) != 1 || !strings.HasPrefix(addrs[0], "127.0.0.1:") {
		t.Errorf("Bootstrap = %v, want one address on 127.0.0.1", addrs)
	}
	adm, err := b.Admin()
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	rcs, err := adm.DescribeTopicConfigs(ctx10s(t), classroom.NewUsers, classroom.Watchlist)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, rc := range rcs {
		for _, kv := range rc.Configs {
			if kv.Key == "segment.bytes" || kv.Key == "cleanup.policy" {
				got[rc.Name+" "+kv.Key] = kv.MaybeValue()
			}
		}
	}
	// 1 MiB segments on every topic (kfake's memory), the classroom's
	// configs kept.
	want := map[string]string{
		"new_users segment.bytes": "1048576", "new_users cleanup.policy": "delete",
		"watchlist segment.bytes": "1048576", "watchlist cleanup.policy": "compact",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("topic configs (-want +got):\n%s", diff)
	}
	// Close is idempotent.
	if err := b.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := b.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestStartRefusesAnUnknownMechanism(t *testing.T) {
	b, err := embedded.Start(t.Context(), embedded.Config{Mechanism: "SCRAM-SHA-1"})
	want := `embedded broker: unknown SASL mechanism "SCRAM-SHA-1": want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`
	if b != nil || err == nil || err.Error() != want {
		t.Errorf("Start = %v, %v; want %q", b, err, want)
	}
}

func TestStartOnATakenPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	_, err = embedded.Start(t.Context(), embedded.Config{Port: port})
	want := fmt.Sprintf("embedded broker: listen on 127.0.0.1:%d: ", port)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Start on a taken port = %v, want an error starting %q", err, want)
	}
}

func TestOnAuthSeesLogins(t *testing.T) {
	var (
		mu     sync.Mutex
		events []saslfront.AuthEvent
	)
	b, err := embedded.Start(t.Context(), embedded.Config{Mechanism: "SCRAM-SHA-256", OnAuth: func(e saslfront.AuthEvent) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	mu.Lock()
	events = nil // the start-up's own admin logins
	mu.Unlock()
	cl, err := kgo.NewClient(broker.ClientOpts(b, "team-9", "wrong")...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.Ping(ctx10s(t)); err == nil {
		t.Fatal("a wrong password logged in")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(events) == 0 {
		t.Fatal("OnAuth saw no attempt")
	}
	e := events[0]
	if e.User != "team-9" || e.Mechanism != "SCRAM-SHA-256" || e.OK || e.Legacy {
		t.Errorf("OnAuth saw %+v; want a failed, modern SCRAM-SHA-256 attempt by team-9", e)
	}
}

func TestPlaintext(t *testing.T) {
	b, err := embedded.Start(t.Context(), embedded.Config{Plaintext: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if want := (broker.Listener{SecurityProtocol: "PLAINTEXT"}); b.Listener() != want {
		t.Errorf("Listener = %+v, want %+v", b.Listener(), want)
	}
	// Setup ran: the topics are there.
	adm, err := b.Admin()
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	topics, err := adm.ListTopics(ctx10s(t))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"actions", "new_users", "scorer_state", "watchlist"}, topics.Names()); diff != "" {
		t.Errorf("topics (-want +got):\n%s", diff)
	}
}

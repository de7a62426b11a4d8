package main

import (
	"bufio"
	"context"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"

	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/harness/classroom"
)

// TestServeShowsEveryTeam runs kafkacheck serve with the 15 reference
// clients, a second instance for team-1 and a watchlist record from
// team-2, and waits until the plain output shows each achievement, then
// stops serve as Ctrl-C would and checks the summary.
func TestServeShowsEveryTeam(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	served := make(chan int, 1)
	go func() {
		served <- run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--rate", "200/s", "--seed", "7"}, pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	lines.Scan()
	addr := regexp.MustCompile(`up on (127\.0\.0\.1:\d+)`).FindStringSubmatch(lines.Text())
	if addr == nil {
		t.Fatalf("first line %q does not give the address", lines.Text())
	}

	var wg sync.WaitGroup
	defer wg.Wait()
	clientCtx, stopClients := context.WithCancel(ctx)
	defer stopClients()
	teams := append(classroom.TeamNames(), "team-1")
	for _, team := range teams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = client.Run(clientCtx, client.Config{Bootstrap: []string{addr[1]}, Team: team})
		}()
	}
	wl, err := kgo.NewClient(kgo.SeedBrokers(addr[1]), kgo.SASL(plain.Auth{User: "team-2", Pass: "team-2-secret"}.AsMechanism()))
	if err != nil {
		t.Fatal(err)
	}
	defer wl.Close()
	if err := wl.ProduceSync(ctx, &kgo.Record{Topic: classroom.Watchlist, Key: []byte("Acme"),
		Value: []byte(`{"team":"team-2","company":"Acme","flag_count":3}`)}).FirstErr(); err != nil {
		t.Fatalf("produce to watchlist: %v", err)
	}

	want := map[string]bool{"team-1 4️⃣ Scaled": true, "team-2 5️⃣ Watchlist": true}
	for _, team := range classroom.TeamNames() {
		want[team+" 1️⃣ Connected"] = true
		want[team+" 3️⃣ First Load"] = true
	}
	unlock := regexp.MustCompile(`(team-\d+)\s+unlocked (.+)$`)
	deadline := time.AfterFunc(60*time.Second, cancel)
	defer deadline.Stop()
	var seen []string
	for len(want) > 0 && lines.Scan() {
		if m := unlock.FindStringSubmatch(lines.Text()); m != nil {
			delete(want, m[1]+" "+m[2])
			seen = append(seen, m[1]+" "+m[2])
		}
	}
	if len(want) > 0 {
		t.Fatalf("serve never showed %v; it showed %v", keys(want), seen)
	}
	stopClients()
	wg.Wait()
	cancel() // Ctrl-C
	var rest strings.Builder
	for lines.Scan() {
		rest.WriteString(lines.Text() + "\n")
	}
	if code := <-served; code != 0 {
		t.Errorf("serve exited %d", code)
	}
	summary := rest.String()
	if !strings.Contains(summary, "Final leaderboard:") || !regexp.MustCompile(`team-1\s+✔\s+✔\s+✔\s+·`).MatchString(summary) {
		t.Errorf("summary lacks team-1's line with 1️⃣ 3️⃣ 4️⃣:\n%s", summary)
	}
	if regexp.MustCompile(`(?m)^team-\d+\s.*\s[1-9]\d*$`).MatchString(summary) {
		t.Errorf("a reference client sent a wrong action:\n%s", summary)
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

package main

import (
	"bufio"
	"context"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"io"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/client"
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
	for team, row := range summaryRows(t, summary) {
		// team: 1️⃣ 3️⃣ 4️⃣ 5️⃣ members ✅ ❌ ❓ right wrong mismatch
		if f := strings.Fields(row); len(f) != 11 || f[9] != "0" || f[10] != "0" {
			t.Errorf("%s's reference client sent a wrong or mismatched action: %q\n%s", team, row, summary)
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestServeCreditsTheLogin is issue 10. Logged in as team-3, a program
// writes an action and a watchlist record whose team field is team-4:
// team-4's line stays empty, team-3 has one ✅, judged wrong, and one
// mismatch, and unlocks nothing with it (in class that action would count
// for team-4, not team-3). team-3's own watchlist record still unlocks its
// 5️⃣. A reference client for team-5 is counted as before, and an action
// the instructor writes as admin, whose login the tap does not report,
// counts for the team it names, as on the tutorial's leaderboard.
func TestServeCreditsTheLogin(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	served := make(chan int, 1)
	go func() {
		served <- run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--rate", "200/s", "--seed", "3"}, pw, io.Discard)
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
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = client.Run(clientCtx, client.Config{Bootstrap: []string{addr[1]}, Team: "team-5"})
	}()
	produce := func(user string, records ...*kgo.Record) {
		t.Helper()
		cl, err := kgo.NewClient(kgo.SeedBrokers(addr[1]), kgo.SASL(plain.Auth{User: user, Pass: user + "-secret"}.AsMechanism()))
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		if err := cl.ProduceSync(ctx, records...).FirstErr(); err != nil {
			t.Fatalf("produce as %s: %v", user, err)
		}
	}
	// One key: both watchlist records on one partition, in this order.
	produce("team-3",
		&kgo.Record{Topic: classroom.Actions, Value: []byte(`{"customer":"a@hotmail.com","type":"ACQUISITION_TARGET","reason":"TECH_COMPANY","team":"team-4"}`)},
		&kgo.Record{Topic: classroom.Watchlist, Key: []byte("Acme"), Value: []byte(`{"team":"team-4","company":"Acme","flag_count":3}`)},
		&kgo.Record{Topic: classroom.Watchlist, Key: []byte("Acme"), Value: []byte(`{"team":"team-3","company":"Acme","flag_count":3}`)})
	produce(classroom.AdminUser, &kgo.Record{Topic: classroom.Actions,
		Value: []byte(`{"customer":"b@gmail.com","type":"CONTACT_CUSTOMER","reason":"VIP_USER","team":"team-7"}`)})

	want := map[string]bool{
		`team-3 wrote an action whose team field is "team-4"`: true,
		"team-3 unlocked 5️⃣ Watchlist":                       true,
		"team-5 unlocked 3️⃣ First Load":                      true,
		"team-7 unlocked 3️⃣ First Load":                      true,
	}
	line := regexp.MustCompile(`(team-\d+)\s+(unlocked .+|wrote an action whose team field is "[^"]*")`)
	deadline := time.AfterFunc(60*time.Second, cancel)
	defer deadline.Stop()
	var seen []string
	for len(want) > 0 && lines.Scan() {
		if m := line.FindStringSubmatch(lines.Text()); m != nil {
			seen = append(seen, m[1]+" "+m[2])
			if m[1] == "team-4" {
				t.Errorf("team-4 gets %q from team-3's records", lines.Text())
			}
			delete(want, m[1]+" "+m[2])
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
	rows := summaryRows(t, summary)
	// team: 1️⃣ 3️⃣ 4️⃣ 5️⃣ members ✅ ❌ ❓ right wrong mismatch
	if got := rows["team-4"]; got != "· · · · 0 0 0 0 0 0 0" {
		t.Errorf("team-4's line is %q, want it untouched:\n%s", got, summary)
	}
	if got := rows["team-3"]; got != "· · · ✔ 0 1 0 0 0 1 1" {
		t.Errorf("team-3's line is %q, want 5️⃣ only, one ✅ judged wrong, one mismatch:\n%s", got, summary)
	}
	if f := strings.Fields(rows["team-5"]); len(f) != 11 || f[1] != "✔" || f[5] == "0" || f[5] != f[8] || f[9] != "0" || f[10] != "0" {
		t.Errorf("team-5's line is %q, want 3️⃣ and every ✅ right:\n%s", rows["team-5"], summary)
	}
	if f := strings.Fields(rows["team-7"]); len(f) != 11 || f[1] != "✔" || f[5] != "1" || f[10] != "0" {
		t.Errorf("team-7's line is %q, want admin's action credited by its team field:\n%s", rows["team-7"], summary)
	}
	if !strings.Contains(summary, "mismatch: actions the team wrote") {
		t.Errorf("summary does not explain the mismatch column:\n%s", summary)
	}
}

// summaryRows returns the final table's lines by team, the marks and
// counts separated by single spaces.
func summaryRows(t *testing.T, summary string) map[string]string {
	t.Helper()
	_, table, ok := strings.Cut(summary, "Final leaderboard:")
	if !ok {
		t.Fatalf("no final leaderboard:\n%s", summary)
	}
	rows := map[string]string{}
	for _, l := range strings.Split(table, "\n") {
		if f := strings.Fields(l); len(f) > 1 && strings.HasPrefix(f[0], "team-") {
			rows[f[0]] = strings.Join(f[1:], " ")
		}
	}
	return rows
}

// TestServeProducersWaitForTheTap: the tap reports a produce when the
// broker answers it, which can be after serve's reader read the records.
// The reader then waits for the run, and gets it.
func TestServeProducersWaitForTheTap(t *testing.T) {
	p := newProducers(10)
	p.add(tap.Produced{User: "team-1", Topic: classroom.Actions, Partition: 0, Offset: 0, Count: 2})
	var deadline time.Time
	if u, ok := p.producer(t.Context(), classroom.Actions, 0, 1, &deadline); u != "team-1" || !ok || !deadline.IsZero() {
		t.Errorf("known record: %q %v, deadline %v; want team-1 at once", u, ok, deadline)
	}

	got := make(chan string, 1)
	go func() {
		var deadline time.Time
		u, _ := p.producer(t.Context(), classroom.Actions, 0, 3, &deadline)
		got <- u
	}()
	waitFor(t, "the reader to wait for offset 3", func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.read[partitionOf{classroom.Actions, 0}] == 3
	})
	p.add(tap.Produced{User: "team-9", Topic: classroom.Watchlist, Partition: 0, Offset: 3, Count: 1}) // another topic
	p.add(tap.Produced{User: "team-3", Topic: classroom.Actions, Partition: 0, Offset: 2, Count: 5})
	select {
	case u := <-got:
		if u != "team-3" {
			t.Errorf("late run: reader got %q, want team-3", u)
		}
	case <-time.After(serveAttributeWait / 2):
		t.Fatal("the reader did not see the late run")
	}
	if n := p.remembered(); n != 2 {
		t.Errorf("%d runs remembered, want team-3's and team-9's (team-1's is read)", n)
	}
}

// TestServeProducersGiveUp: a record nobody reports (written as admin)
// costs the reader one wait per fetch, then falls back ("").
func TestServeProducersGiveUp(t *testing.T) {
	p := newProducers(10)
	deadline := time.Now().Add(20 * time.Millisecond)
	for off := range int64(3) {
		if u, ok := p.producer(t.Context(), classroom.Actions, 1, off, &deadline); u != "" || !ok {
			t.Errorf("offset %d: %q %v, want \"\" true", off, u, ok)
		}
	}
	if time.Since(deadline) > serveAttributeWait/2 {
		t.Errorf("three unknown records took %v past one deadline", time.Since(deadline))
	}
	// A run the reader is past is not kept.
	p.add(tap.Produced{User: "team-2", Topic: classroom.Actions, Partition: 1, Offset: 0, Count: 2})
	if n := p.remembered(); n != 0 {
		t.Errorf("%d runs remembered of records already read", n)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var none time.Time
	if _, ok := p.producer(ctx, classroom.Actions, 1, 5, &none); ok {
		t.Error("stopped serve: the record is to be skipped, not judged by its team field")
	}
}

// TestServeProducersAreBounded: serve runs for hours; runs the reader
// never reads are forgotten beyond keep per partition, and runs it read are
// forgotten at once.
func TestServeProducersAreBounded(t *testing.T) {
	p := newProducers(100)
	for i := range int64(10_000) {
		p.add(tap.Produced{User: "team-1", Topic: classroom.Actions, Partition: int32(i % 2), Offset: i / 2, Count: 1})
	}
	if n := p.remembered(); n > 200 {
		t.Errorf("%d runs remembered, want at most 100 per partition", n)
	}
	var deadline time.Time
	if u, _ := p.producer(t.Context(), classroom.Actions, 0, 4_999, &deadline); u != "team-1" {
		t.Errorf("the newest record's writer is %q, want team-1", u)
	}
	if n := p.remembered(); n > 101 {
		t.Errorf("%d runs remembered after reading partition 0 to its end", n)
	}
	p.add(tap.Produced{User: "team-1", Topic: "new_users", Partition: 0, Offset: 0, Count: 1})
	p.add(tap.Produced{User: "team-1", Topic: classroom.Actions, Partition: 0, Offset: 9_000, Count: 0})
	if n := p.remembered(); n > 101 {
		t.Errorf("%d runs remembered: other topics and empty runs are not to be kept", n)
	}
}

// waitFor waits until cond holds, for at most 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10s for %s", what)
		}
		runtime.Gosched()
	}
}

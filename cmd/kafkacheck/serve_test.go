package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// served is a kafkacheck serve running for a test, its plain output read
// line by line.
type served struct {
	t      *testing.T
	addr   string
	lines  *bufio.Scanner
	cancel context.CancelFunc
	code   chan int
	seen   []string
}

// startServe runs kafkacheck serve with args on a free port and reads its
// address from the first line.
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	s := &served{t: t, lines: bufio.NewScanner(pr), cancel: cancel, code: make(chan int, 1)}
	go func() {
		s.code <- run(ctx, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...), pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		go io.Copy(io.Discard, pr) // let serve finish writing
		<-s.code
	})
	s.lines.Scan()
	addr := regexp.MustCompile(`up on (127\.0\.0\.1:\d+)`).FindStringSubmatch(s.lines.Text())
	if addr == nil {
		t.Fatalf("first line %q does not give the address", s.lines.Text())
	}
	s.addr = addr[1]
	return s
}

// waitLines reads serve's output until every line of want has shown (as
// "team-N unlocked ICON NAME", or "team-N wrote an action whose team field
// is ...", the rest of the line cut), for at most 60 s. A line about a
// team in never fails the test.
func (s *served) waitLines(want map[string]bool, never ...string) {
	s.t.Helper()
	line := regexp.MustCompile(`(team-\d+)\s+(unlocked [^,]+(?:, with a record team-\d+ wrote)?|wrote an action whose team field is "[^"]*")`)
	deadline := time.AfterFunc(60*time.Second, s.cancel)
	defer deadline.Stop()
	for len(want) > 0 && s.lines.Scan() {
		m := line.FindStringSubmatch(s.lines.Text())
		if m == nil {
			continue
		}
		got := m[1] + " " + m[2]
		s.seen = append(s.seen, got)
		for _, team := range never {
			if m[1] == team {
				s.t.Errorf("%s: %q", team, s.lines.Text())
			}
		}
		delete(want, got)
	}
	if len(want) > 0 {
		s.t.Fatalf("serve never showed %v; it showed %v", keys(want), s.seen)
	}
}

// stop stops serve as Ctrl-C would and returns its final leaderboard, by
// team and column (the header's icons and names).
func (s *served) stop() (map[string]map[string]string, string) {
	s.t.Helper()
	s.cancel()
	var rest strings.Builder
	for s.lines.Scan() {
		rest.WriteString(s.lines.Text() + "\n")
	}
	if code := <-s.code; code != 0 {
		s.t.Errorf("serve exited %d", code)
	}
	s.code <- 0 // for the cleanup
	summary := rest.String()
	return summaryTable(s.t, summary), summary
}

// summaryTable reads the final table: per team, each column's value.
func summaryTable(t *testing.T, summary string) map[string]map[string]string {
	t.Helper()
	_, table, ok := strings.Cut(summary, "Final leaderboard:")
	if !ok {
		t.Fatalf("no final leaderboard:\n%s", summary)
	}
	var header []string
	rows := map[string]map[string]string{}
	for _, l := range strings.Split(table, "\n") {
		f := strings.Fields(strings.ReplaceAll(l, "|", " "))
		switch {
		case len(f) > 1 && f[0] == "team":
			header = f[1:]
		case len(f) > 1 && strings.HasPrefix(f[0], "team-") && header != nil:
			if len(f)-1 != len(header) {
				t.Fatalf("row %q has %d columns, the header %d: %v", l, len(f)-1, len(header), header)
			}
			row := map[string]string{}
			for i, col := range header {
				row[col] = f[i+1]
			}
			rows[f[0]] = row
		}
	}
	if len(rows) != 15 {
		t.Fatalf("final leaderboard has %d teams, want 15:\n%s", len(rows), summary)
	}
	return rows
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// runClients runs the reference client for each team until the test ends
// or stop is called.
func runClients(t *testing.T, addr, mechanism string, teams ...string) (stop func()) {
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for _, team := range teams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = client.Run(ctx, client.Config{Bootstrap: []string{addr}, Team: team, Mechanism: mechanism})
		}()
	}
	stop = func() { cancel(); wg.Wait() }
	t.Cleanup(stop)
	return stop
}

// produce writes records to serve's cluster as user, with mechanism.
func produce(t *testing.T, addr, mechanism, user string, records ...*kgo.Record) {
	t.Helper()
	cl := login(t, addr, mechanism, user)
	if err := cl.ProduceSync(t.Context(), records...).FirstErr(); err != nil {
		t.Fatalf("produce as %s: %v", user, err)
	}
}

// login returns a client of serve's cluster logged in as user.
func login(t *testing.T, addr, mechanism, user string) *kgo.Client {
	t.Helper()
	pass := user + "-secret"
	var m sasl.Mechanism = plain.Auth{User: user, Pass: pass}.AsMechanism()
	if mechanism == classroom.ScramSHA256 {
		m = scram.Auth{User: user, Pass: pass}.AsSha256Mechanism()
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.SASL(m),
		kgo.ProducerBatchCompression(kgo.NoCompression()), kgo.ProducerLinger(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// TestServeShowsEveryTeam runs kafkacheck serve with the 15 reference
// clients, a second instance for team-1 and a watchlist record from
// team-2, and waits until the plain output shows each achievement, then
// stops serve as Ctrl-C would and checks the summary: every action a
// reference client wrote is right.
func TestServeShowsEveryTeam(t *testing.T) {
	s := startServe(t, "--rate", "200/s", "--seed", "7")
	stopClients := runClients(t, s.addr, "", append(classroom.TeamNames(), "team-1")...)
	produce(t, s.addr, "", "team-2", &kgo.Record{Topic: classroom.Watchlist, Key: []byte("Acme"),
		Value: []byte(`{"team":"team-2","company":"Acme","flag_count":3}`)})

	want := map[string]bool{"team-1 unlocked 4️⃣ Scaled": true, "team-2 unlocked 5️⃣ Watchlist": true}
	for _, team := range classroom.TeamNames() {
		want[team+" unlocked 1️⃣ Connected"] = true
		want[team+" unlocked 3️⃣ First Load"] = true
	}
	s.waitLines(want)
	stopClients()
	rows, summary := s.stop()
	if !regexp.MustCompile(`team-1\s+✔\s+✔\s+✔\s+·`).MatchString(summary) {
		t.Errorf("summary lacks team-1's line with 1️⃣ 3️⃣ 4️⃣:\n%s", summary)
	}
	for team, row := range rows {
		if row["wrong"] != "0" || row["unknown"] != "0" || row["mismatch"] != "0" || row["right"] != row["✅"] || row["others"] != "0" {
			t.Errorf("%s's reference client: %v; want every ✅ right\n%s", team, row, summary)
		}
	}
}

// TestServeJudgesUsersOfAnyProducer is issue 12: serve produces nothing
// (--rate 0); the test writes users to new_users as admin, as the
// tutorial's producer does, users kafkacheck's producer never made (their
// own seed, and a few written out). Reference clients for team-1 and
// team-13 act on them: none of their actions may be counted wrong. A
// program logged in as team-9 writes one right action and two wrong ones
// (a user its rule does not select; a customer never on new_users): those
// still count as right and wrong.
func TestServeJudgesUsersOfAnyProducer(t *testing.T) {
	s := startServe(t, "--rate", "0")
	users := []*kgo.Record{
		// The 349bd19 producer's shape: serde_json's compact output, in
		// the order of its User struct.
		{Value: []byte(`{"email":"kian.ward@hotmail.com","credit_card_number":"4929-8164-2283-0461","company_name":"Kuhn LLC","company_slogan":"Streamlined zero tolerance hub","industry":"Banking","user_name":"kian_ward","avatar":"https://robohash.org/kian_ward.png?size=50x50","name":"Kian Ward","profession":"engineer","field":"IT","premium":true,"credit":12,"time_zone":"Asia/Tokyo","user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64)","pack":"small"}`)},
		{Value: []byte(`{"email":"ada@gmail.com","credit_card_number":"371449635398431","company_name":"Roob Inc","company_slogan":"Open-source even-keeled matrix","industry":"Internet","user_name":"ada","avatar":"example.org","name":"John Doe","profession":"teacher","field":"Mining","premium":false,"credit":-17,"time_zone":"Europe/Paris","user_agent":"Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.0)","pack":"free"}`)},
	}
	p := producer.New(424242)
	for range 400 {
		users = append(users, &kgo.Record{Value: p.Next().JSON()})
	}
	for _, r := range users {
		r.Topic = classroom.NewUsers
	}
	produce(t, s.addr, "", classroom.AdminUser, users...)
	stopClients := runClients(t, s.addr, "", "team-1", "team-13")
	produce(t, s.addr, "", "team-9",
		&kgo.Record{Topic: classroom.Actions, Value: []byte(`{"customer":"kian.ward@hotmail.com","type":"CONTACT_CUSTOMER","reason":"APAC_EXPANSION","team":"team-9"}`)},
		&kgo.Record{Topic: classroom.Actions, Value: []byte(`{"customer":"ada@gmail.com","type":"CONTACT_CUSTOMER","reason":"APAC_EXPANSION","team":"team-9"}`)},
		&kgo.Record{Topic: classroom.Actions, Value: []byte(`{"customer":"nobody@yahoo.com","type":"CONTACT_CUSTOMER","reason":"APAC_EXPANSION","team":"team-9"}`)})
	waitCommitted(t, login(t, s.addr, "", classroom.AdminUser), "team-1", "team-13")
	stopClients()
	rows, summary := s.stop()

	if got := rows["team-9"]; got["right"] != "1" || got["wrong"] != "2" || got["✅"] != "3" {
		t.Errorf("team-9: %v; want 1 right and 2 wrong of 3 ✅\n%s", got, summary)
	}
	for _, team := range []string{"team-1", "team-13"} {
		got := rows[team]
		if got["wrong"] != "0" || got["unknown"] != "0" || got["right"] != got["✅"] || got["right"] == "0" {
			t.Errorf("%s's reference client: %v; want every ✅ right\n%s", team, got, summary)
		}
	}
	if !strings.Contains(summary, "402 users on new_users") {
		t.Errorf("the summary does not count the 402 users the test wrote:\n%s", summary)
	}
}

// waitCommitted waits until each group has committed the end offsets of
// new_users: the reference client commits only once its actions are
// acked, so they are all on actions.
func waitCommitted(t *testing.T, cl *kgo.Client, groups ...string) {
	t.Helper()
	adm := kadm.NewClient(cl)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	saw := "nothing"
	for {
		ends, err := adm.ListEndOffsets(ctx, classroom.NewUsers)
		done := err == nil
		for _, g := range groups {
			committed, err := adm.FetchOffsets(ctx, g)
			if err != nil {
				done = false
				break
			}
			ends.Each(func(o kadm.ListedOffset) {
				c, _ := committed.Lookup(o.Topic, o.Partition)
				if c.At < o.Offset {
					done = false
					saw = fmt.Sprintf("%s committed %s/%d at %d, its end is %d", g, o.Topic, o.Partition, c.At, o.Offset)
				}
			})
		}
		if done {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waited 30s for %v to commit the end of %s; last: %s", groups, classroom.NewUsers, saw)
		case <-tick.C:
		}
	}
}

// TestServeCreditsLoginAndTeamField: logged in as team-3, a program writes
// an action and a watchlist record whose team field is team-4. In class
// they count for team-4: its ✅, 3️⃣ and 5️⃣, each said to be team-3's
// record, and its "others" column; for kafkacheck's check the action is
// team-3's, wrong, and a mismatch. team-3's own watchlist record unlocks
// its 5️⃣. An action the instructor writes as admin, whose login the tap
// does not report, counts for the team it names in both views.
func TestServeCreditsLoginAndTeamField(t *testing.T) {
	s := startServe(t, "--rate", "200/s", "--seed", "3")
	runClients(t, s.addr, "", "team-5")
	// One key: both watchlist records on one partition, in this order.
	produce(t, s.addr, "", "team-3",
		&kgo.Record{Topic: classroom.Actions, Value: []byte(`{"customer":"a@hotmail.com","type":"ACQUISITION_TARGET","reason":"TECH_COMPANY","team":"team-4"}`)},
		&kgo.Record{Topic: classroom.Watchlist, Key: []byte("Acme"), Value: []byte(`{"team":"team-4","company":"Acme","flag_count":3}`)},
		&kgo.Record{Topic: classroom.Watchlist, Key: []byte("Acme"), Value: []byte(`{"team":"team-3","company":"Acme","flag_count":3}`)})
	produce(t, s.addr, "", classroom.AdminUser, &kgo.Record{Topic: classroom.Actions,
		Value: []byte(`{"customer":"b@gmail.com","type":"CONTACT_CUSTOMER","reason":"VIP_USER","team":"team-7"}`)})

	s.waitLines(map[string]bool{
		`team-3 wrote an action whose team field is "team-4"`:        true,
		"team-4 unlocked 3️⃣ First Load, with a record team-3 wrote": true,
		"team-4 unlocked 5️⃣ Watchlist, with a record team-3 wrote":  true,
		"team-3 unlocked 5️⃣ Watchlist":                              true,
		"team-5 unlocked 3️⃣ First Load":                             true,
		"team-7 unlocked 3️⃣ First Load":                             true,
	})
	rows, summary := s.stop()
	for team, want := range map[string]map[string]string{
		"team-4": {"3️⃣": "✔", "5️⃣": "✔", "✅": "1", "others": "1", "right": "0", "wrong": "0", "mismatch": "0"},
		"team-3": {"3️⃣": "·", "5️⃣": "✔", "✅": "0", "others": "0", "right": "0", "wrong": "1", "mismatch": "1"},
		// b@gmail.com was never on new_users.
		"team-7": {"3️⃣": "✔", "✅": "1", "others": "0", "wrong": "1", "mismatch": "0"},
	} {
		for col, v := range want {
			if rows[team][col] != v {
				t.Errorf("%s's %s is %q, want %q:\n%s", team, col, rows[team][col], v, summary)
			}
		}
	}
	if got := rows["team-5"]; got["right"] != got["✅"] || got["right"] == "0" || got["wrong"] != "0" {
		t.Errorf("team-5: %v; want every ✅ right\n%s", got, summary)
	}
}

// TestServe2026Edition: --edition 2026-01 shows that edition's board:
// 🔌 📤 ⚖️ 📊, no ❌ nor ❓ columns, 📊 for a team_stats record with team,
// processed and flagged, none for one lacking flagged, over SCRAM-SHA-256.
func TestServe2026Edition(t *testing.T) {
	s := startServe(t, "--edition", classroom.Edition2026, "--rate", "200/s")
	runClients(t, s.addr, classroom.ScramSHA256, "team-2", "team-2")
	produce(t, s.addr, classroom.ScramSHA256, "team-6",
		&kgo.Record{Topic: classroom.TeamStats, Key: []byte("team-6"), Value: []byte(`{"team":"team-6","processed":10}`)},
		&kgo.Record{Topic: classroom.Actions, Value: []byte(`{'customer': 'a@hotmail.com', 'team': 'team-6'}`)})
	produce(t, s.addr, classroom.ScramSHA256, "team-5",
		&kgo.Record{Topic: classroom.TeamStats, Key: []byte("team-5"), Value: []byte(`{"team":"team-5","processed":10,"flagged":2}`)})
	s.waitLines(map[string]bool{
		"team-2 unlocked 🔌 Connected":       true,
		"team-2 unlocked 📤 First Load":      true,
		"team-2 unlocked ⚖️ Scaled":         true,
		"team-5 unlocked 📊 Stats Published": true,
	}, "team-6")
	rows, summary := s.stop()
	if !strings.Contains(summary, "team      🔌  📤  ⚖️  📊  members      ✅  others |") {
		t.Errorf("the 2026-01 table's header is not its edition's:\n%s", summary)
	}
	if got := rows["team-6"]; got["📊"] != "·" || got["✅"] != "0" || got["wrong"] != "1" {
		t.Errorf("team-6: %v; want no 📊, no ✅, one wrong action\n%s", got, summary)
	}
	if got := rows["team-2"]; got["right"] != got["✅"] || got["right"] == "0" || got["wrong"] != "0" {
		t.Errorf("team-2: %v; want every ✅ right\n%s", got, summary)
	}
}

// TestParseRate: --rate takes N/s, N/m or N, and 0 for no producer.
func TestParseRate(t *testing.T) {
	for in, want := range map[string]float64{"2/s": 2, "30/m": 0.5, "7": 7, "0": 0, "0/s": 0} {
		if got, err := parseRate(in); err != nil || got != want {
			t.Errorf("parseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"-1/s", "abc", "5/h", "100001", ""} {
		if _, err := parseRate(in); err == nil || !strings.Contains(err.Error(), "or 0 for none") {
			t.Errorf("parseRate(%q) = %v, want a usage error", in, err)
		}
	}
}

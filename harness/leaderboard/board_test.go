package leaderboard

import (
	"testing"

	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

func TestBoardJudgesActions(t *testing.T) {
	b := New(10)
	b.Produced([]byte(`{"email":"a@hotmail.com","credit_card_number":"1","company_name":"c","company_slogan":"s","industry":"Banking","user_name":"u","avatar":"https://x","name":"n","profession":"p","field":"f","premium":false,"credit":0,"time_zone":"Europe/Paris","user_agent":"ua","pack":"small"}`))
	for _, v := range []string{
		`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`,   // right
		`{"customer":"a@hotmail.com","type":"SALES_LEAD","reason":"FINANCIAL_SECTOR","team":"team-1"}`,              // wrong type
		`{"customer":"old@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`, // unknown user
		`{'customer': 'a@hotmail.com', 'team': 'team-1'}`,                                                           // ❌, charged to team-1 all the same
		`{"customer":"a@hotmail.com","team":"team-1"}`,                                                              // ❓
		`{"customer":"a@hotmail.com","type":"SALES_LEAD","reason":"FINANCIAL_SECTOR","team":"team-3"}`,              // right for team-3
	} {
		b.Action([]byte(v))
	}
	teams := b.Teams()
	t1, t3 := teams[0], teams[2]
	if t1.Right != 1 || t1.Wrong != 1 || t1.Unknown != 1 || t1.Verdicts.InvalidJSON != 1 || t1.Verdicts.MissingFields != 1 || !t1.FirstLoad {
		t.Errorf("team-1 = %+v", t1)
	}
	if t3.Right != 1 || !t3.FirstLoad {
		t.Errorf("team-3 = %+v", t3)
	}
}

func TestBoardAchievementsUnlockOnce(t *testing.T) {
	b := New(10)
	if u := b.Group("team-5", 1, true); len(u) != 1 || u[0].Achievement != Connected {
		t.Errorf("first active group: %v, want 1️⃣", u)
	}
	if u := b.Group("team-5", 2, true); len(u) != 1 || u[0].Achievement != Scaled {
		t.Errorf("two members: %v, want 4️⃣ only", u)
	}
	if u := b.Group("team-5", 0, false); len(u) != 0 || b.Teams()[4].Active {
		t.Errorf("group left: %v; active %v", u, b.Teams()[4].Active)
	}
	if u := b.WatchlistRecord([]byte(`{"team":"team-5","company":"Acme","flag_count":3}`)); len(u) != 1 || u[0].Achievement != Watchlist {
		t.Errorf("watchlist: %v, want 5️⃣", u)
	}
	if u := b.WatchlistRecord([]byte(`{"team":"team-5","company":"Acme","flag_count":4}`)); len(u) != 0 {
		t.Errorf("second watchlist record unlocked %v again", u)
	}
}

// TestRecentIsBounded proves the board remembers at most keep users.
func TestRecentIsBounded(t *testing.T) {
	b := New(100)
	p := producer.New(1)
	for range 1000 {
		b.Produced(p.Next().JSON())
	}
	if n := b.users.len(); n > 100 {
		t.Errorf("remembers %d users, want at most 100", n)
	}
	if b.ProducedCount() != 1000 {
		t.Errorf("produced = %d", b.ProducedCount())
	}
}

func TestLooseTeam(t *testing.T) {
	for in, want := range map[string]string{
		"{'team': 'team-15'}": "team-15", "{'team': 'team-1'}": "team-1", "team-16": "", "no team": "",
	} {
		if got := looseTeam([]byte(in)); got != want {
			t.Errorf("looseTeam(%q) = %q, want %q", in, got, want)
		}
	}
}

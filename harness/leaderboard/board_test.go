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
		b.Action([]byte(v), "") // login unknown: the team field decides, as upstream
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
	if u := b.WatchlistRecord([]byte(`{"team":"team-5","company":"Acme","flag_count":3}`), "team-5"); len(u) != 1 || u[0].Achievement != Watchlist {
		t.Errorf("watchlist: %v, want 5️⃣", u)
	}
	if u := b.WatchlistRecord([]byte(`{"team":"team-5","company":"Acme","flag_count":4}`), ""); len(u) != 0 {
		t.Errorf("second watchlist record unlocked %v again", u)
	}
}

// hotmailBanker is a user team-1's and team-3's rules both ask for.
const hotmailBanker = `{"email":"a@hotmail.com","credit_card_number":"1","company_name":"c","company_slogan":"s","industry":"Banking","user_name":"u","avatar":"https://x","name":"n","profession":"p","field":"f","premium":false,"credit":0,"time_zone":"Europe/Paris","user_agent":"ua","pack":"small"}`

// TestBoardCreditsTheLogin is issue 10: logged in as team-3, a program
// writes actions whose team field is team-4. team-4's line must not
// change; team-3 is charged with them: in its verdicts, as wrong, and as
// mismatches, and they unlock nothing (in class they would count for
// team-4, not team-3).
func TestBoardCreditsTheLogin(t *testing.T) {
	b := New(10)
	b.Produced([]byte(hotmailBanker))
	u, m := b.Action([]byte(`{"customer":"a@hotmail.com","type":"SALES_LEAD","reason":"FINANCIAL_SECTOR","team":"team-4"}`), "team-3")
	if len(u) != 0 || m != (FirstMismatch{Team: "team-3", Named: "team-4"}) {
		t.Errorf("team-3 naming team-4: unlocked %v, mismatch %+v; want nothing and team-3's first mismatch", u, m)
	}
	// Not JSON and naming team-4: charged to team-3 as well.
	if u, m := b.Action([]byte(`{'team': 'team-4'}`), "team-3"); len(u) != 0 || m != (FirstMismatch{}) {
		t.Errorf("second mismatch: unlocked %v, announced %+v again", u, m)
	}
	b.WatchlistRecord([]byte(`{"team":"team-4","company":"c","flag_count":3}`), "team-3")
	teams := b.Teams()
	if t4 := teams[3]; t4 != (Team{Name: "team-4"}) {
		t.Errorf("team-4 changed by team-3's records: %+v", t4)
	}
	t3 := teams[2]
	want := Team{Name: "team-3", Wrong: 1, Mismatch: 2}
	want.Verdicts.Valid, want.Verdicts.InvalidJSON = 1, 1
	if t3 != want {
		t.Errorf("team-3 = %+v, want %+v", t3, want)
	}

	// team-3's own actions count as before, and unlock 3️⃣ and 5️⃣.
	u, m = b.Action([]byte(`{"customer":"a@hotmail.com","type":"SALES_LEAD","reason":"FINANCIAL_SECTOR","team":"team-3"}`), "team-3")
	if len(u) != 1 || u[0] != (Unlock{Team: "team-3", Achievement: FirstLoad}) || m != (FirstMismatch{}) {
		t.Errorf("team-3's own action: unlocked %v, mismatch %+v; want 3️⃣ only", u, m)
	}
	if u := b.WatchlistRecord([]byte(`{"team":"team-3","company":"c","flag_count":3}`), "team-3"); len(u) != 1 {
		t.Errorf("team-3's own watchlist record unlocked %v, want 5️⃣", u)
	}
	if t3 := b.Teams()[2]; t3.Right != 1 || t3.Wrong != 1 || t3.Mismatch != 2 || t3.Verdicts.Valid != 2 || !t3.FirstLoad || !t3.Watchlist {
		t.Errorf("team-3 after its own action = %+v", t3)
	}
}

// TestBoardFallsBackToTheTeamField: a record whose login is unknown, or
// not a team's (the instructor writing as admin), counts for the team its
// team field names, as on the tutorial's leaderboard; a team's message
// with an empty team field is its own ❓, not a mismatch.
func TestBoardFallsBackToTheTeamField(t *testing.T) {
	b := New(10)
	b.Produced([]byte(hotmailBanker))
	for _, login := range []string{"", "admin"} {
		b.Action([]byte(`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`), login)
	}
	if u := b.WatchlistRecord([]byte(`{"team":"team-1","company":"c","flag_count":3}`), "admin"); len(u) != 1 {
		t.Errorf("admin's watchlist record for team-1 unlocked %v, want 5️⃣", u)
	}
	b.Action([]byte(`{"customer":"a@hotmail.com","type":"SALES_LEAD","reason":"FINANCIAL_SECTOR","team":""}`), "team-3")
	teams := b.Teams()
	if t1 := teams[0]; t1.Right != 2 || t1.Verdicts.Valid != 2 || t1.Mismatch != 0 || !t1.FirstLoad || !t1.Watchlist {
		t.Errorf("team-1 = %+v", t1)
	}
	if t3 := teams[2]; t3.Verdicts.MissingFields != 1 || t3.Mismatch != 0 || t3.FirstLoad {
		t.Errorf("team-3 = %+v, want one ❓ and no mismatch", t3)
	}
}

// TestBoardReadsTheTeamFieldAsTheLeaderboard: serde ignores "Team", so
// this action names team-3, its writer, whatever encoding/json would say.
func TestBoardReadsTheTeamFieldAsTheLeaderboard(t *testing.T) {
	b := New(10)
	b.Produced([]byte(hotmailBanker))
	if _, m := b.Action([]byte(`{"customer":"a@hotmail.com","type":"SALES_LEAD","reason":"FINANCIAL_SECTOR","team":"team-3","Team":"team-4"}`), "team-3"); m != (FirstMismatch{}) {
		t.Errorf("mismatch %+v, want none", m)
	}
	if t3 := b.Teams()[2]; t3.Right != 1 || t3.Mismatch != 0 {
		t.Errorf("team-3 = %+v", t3)
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

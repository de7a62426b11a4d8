package leaderboard

import (
	"testing"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// hotmailBanker is a user team-1's and team-3's rules both ask for, and
// no other team's.
const hotmailBanker = `{"email":"a@hotmail.com","credit_card_number":"1","company_name":"c","company_slogan":"s","industry":"Banking","user_name":"u","avatar":"https://x","name":"n","profession":"p","field":"f","premium":false,"credit":0,"time_zone":"America/Lima","user_agent":"ua","pack":"small"}`

// newBoard returns a board of the named edition that knows hotmailBanker.
func newBoard(t *testing.T, edition string) *Board {
	t.Helper()
	p, err := classroom.EditionNamed(edition)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(p, 10)
	if err != nil {
		t.Fatal(err)
	}
	b.User([]byte(hotmailBanker))
	return b
}

// counts builds judge.Counts from ✅ ❌ ❓.
func counts(valid, invalid, missing int) judge.Counts {
	return judge.Counts{Valid: valid, InvalidJSON: invalid, MissingFields: missing}
}

// TestBoardJudgesActions: with the login unknown, the team field decides
// both views, as upstream. ❌ is charged, at 349bd19, only to an action
// that still decodes with a team (extract_team_from_payload), never by
// matching text; ❓ to the team the field names.
func TestBoardJudgesActions(t *testing.T) {
	b := newBoard(t, classroom.Edition349)
	for _, v := range []string{
		`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`,   // right
		`{"customer":"a@hotmail.com","type":"SALES_LEAD","reason":"FINANCIAL_SECTOR","team":"team-1"}`,              // wrong type
		`{"customer":"old@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`, // never read from new_users
		`{"customer":5,"type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`,                 // ❌, team still readable
		`{'customer': 'a@hotmail.com', 'team': 'team-1'}`,                                                           // not JSON: nobody's ❌
		`{"customer":"a@hotmail.com","type":"SALES_LEAD","reason":"FINANCIAL_SECTOR"}`,                              // no team: ❌, nobody's
		`{"customer":"a@hotmail.com","team":"team-1"}`,                                                              // ❓
		`{"customer":"a@hotmail.com","type":"SALES_LEAD","reason":"FINANCIAL_SECTOR","team":"team-3"}`,              // right for team-3
	} {
		b.Action([]byte(v), "")
	}
	teams := b.Teams()
	want1 := Team{Name: "team-1", FirstLoad: true, Verdicts: counts(3, 1, 1), Right: 1, Wrong: 4}
	if teams[0] != want1 {
		t.Errorf("team-1 = %+v\nwant     %+v", teams[0], want1)
	}
	want3 := Team{Name: "team-3", FirstLoad: true, Verdicts: counts(1, 0, 0), Right: 1}
	if teams[2] != want3 {
		t.Errorf("team-3 = %+v\nwant     %+v", teams[2], want3)
	}
}

// TestBoardAttributesBoth: logged in as team-3, a program writes an
// action right for team-4 and naming team-4. In class it counts for
// team-4 (its ✅, its 3️⃣), and the board says team-3 wrote it; for
// kafkacheck's check it is team-3's wrong action and mismatch. A Python
// dict naming team-4 is nobody's ❌ but team-3's wrong action.
func TestBoardAttributesBoth(t *testing.T) {
	b := newBoard(t, classroom.Edition349)
	b.User([]byte(`{"email":"b@gmail.com","credit_card_number":"1","company_name":"c","company_slogan":"s","industry":"Internet","user_name":"u","avatar":"https://x","name":"n","profession":"p","field":"f","premium":false,"credit":0,"time_zone":"America/Lima","user_agent":"ua","pack":"small"}`))
	u, m := b.Action([]byte(`{"customer":"b@gmail.com","type":"ACQUISITION_TARGET","reason":"TECH_COMPANY","team":"team-4"}`), "team-3")
	wantU := Unlock{Team: "team-4", Achievement: classroom.Achievement{Step: 3, Icon: "3️⃣", Name: "First Load"}, By: "team-3"}
	if len(u) != 1 || u[0] != wantU || m != (FirstMismatch{Team: "team-3", Named: "team-4"}) {
		t.Errorf("team-3 naming team-4: unlocked %+v, mismatch %+v; want %+v and team-3's first mismatch", u, m, wantU)
	}
	if u, m := b.Action([]byte(`{'team': 'team-4'}`), "team-3"); len(u) != 0 || m != (FirstMismatch{}) {
		t.Errorf("a Python dict: unlocked %v, mismatch %+v; want nothing", u, m)
	}
	if u := b.Step5Record([]byte(`{"team":"team-4","company":"c","flag_count":3}`), "team-3"); len(u) != 1 || u[0].Team != "team-4" || u[0].By != "team-3" {
		t.Errorf("team-3's watchlist record naming team-4 unlocked %+v, want team-4's 5️⃣ by team-3", u)
	}
	teams := b.Teams()
	want4 := Team{Name: "team-4", FirstLoad: true, Step5: true, Verdicts: counts(1, 0, 0), ByOthers: 1}
	if teams[3] != want4 {
		t.Errorf("team-4 = %+v\nwant     %+v", teams[3], want4)
	}
	want3 := Team{Name: "team-3", Wrong: 2, Mismatch: 1}
	if teams[2] != want3 {
		t.Errorf("team-3 = %+v\nwant     %+v", teams[2], want3)
	}

	// team-3's own right action counts as right and unlocks its 3️⃣.
	u, m = b.Action([]byte(`{"customer":"a@hotmail.com","type":"SALES_LEAD","reason":"FINANCIAL_SECTOR","team":"team-3"}`), "team-3")
	if len(u) != 1 || u[0].Team != "team-3" || u[0].By != "" || m != (FirstMismatch{}) {
		t.Errorf("team-3's own action: unlocked %+v, mismatch %+v; want team-3's 3️⃣ only", u, m)
	}
	if t3 := b.Teams()[2]; t3.Right != 1 || t3.Wrong != 2 || t3.Verdicts != counts(1, 0, 0) || t3.ByOthers != 0 {
		t.Errorf("team-3 after its own action = %+v", t3)
	}
}

// TestBoardFallsBackToTheTeamField: a record written as admin counts for
// the team its team field names in both views; a team's message with an
// empty team field is nobody's ❓ in class, and its writer's wrong action.
func TestBoardFallsBackToTheTeamField(t *testing.T) {
	b := newBoard(t, classroom.Edition349)
	for _, login := range []string{"", classroom.AdminUser} {
		b.Action([]byte(`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`), login)
	}
	if u := b.Step5Record([]byte(`{"team":"team-1","company":"c","flag_count":3}`), classroom.AdminUser); len(u) != 1 || u[0].By != "" {
		t.Errorf("admin's watchlist record for team-1 unlocked %+v, want 5️⃣", u)
	}
	b.Action([]byte(`{"customer":"a@hotmail.com","type":"SALES_LEAD","reason":"FINANCIAL_SECTOR","team":""}`), "team-3")
	teams := b.Teams()
	if want := (Team{Name: "team-1", FirstLoad: true, Step5: true, Verdicts: counts(2, 0, 0), Right: 2}); teams[0] != want {
		t.Errorf("team-1 = %+v\nwant     %+v", teams[0], want)
	}
	if want := (Team{Name: "team-3", Wrong: 1}); teams[2] != want {
		t.Errorf("team-3 = %+v\nwant     %+v", teams[2], want)
	}
}

// TestBoard2026CountsNoErrors: the 2026-01 leaderboard counts only valid
// actions; kafkacheck's check still counts the others as wrong.
func TestBoard2026CountsNoErrors(t *testing.T) {
	b := newBoard(t, classroom.Edition2026)
	for _, v := range []string{
		`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`,
		`{"customer":5,"type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`,
		`{"customer":"a@hotmail.com","team":"team-1"}`,
	} {
		if u, _ := b.Action([]byte(v), "team-1"); len(u) == 1 && u[0].Achievement.Icon != "📤" {
			t.Errorf("unlocked %+v, want 📤", u)
		}
	}
	if want := (Team{Name: "team-1", FirstLoad: true, Verdicts: counts(1, 0, 0), Right: 1, Wrong: 2}); b.Teams()[0] != want {
		t.Errorf("team-1 = %+v\nwant     %+v", b.Teams()[0], want)
	}
}

// TestBoardStep5AsEachEdition: a step-5 value unlocks its team's
// achievement only when it decodes as the edition's leaderboard requires:
// 349bd19's WatchlistEntry {team, company: String, flag_count: u32},
// 2026-01's TeamStats {team: String, processed, flagged: u64}.
func TestBoardStep5AsEachEdition(t *testing.T) {
	for _, tt := range []struct {
		edition, value string
		unlocks        bool
	}{
		{classroom.Edition349, `{"team":"team-5","company":"Acme","flag_count":3}`, true},
		{classroom.Edition349, `{"company":"Acme","flag_count":3,"team":"team-5","extra":[1]}`, true},
		{classroom.Edition349, `{"team":"team-5","company":"Acme","flag_count":4294967295}`, true},
		{classroom.Edition349, `{"team":"team-5","company":"Acme","flag_count":-0}`, true},
		{classroom.Edition349, `{"team":"team-5","company":"Acme"}`, false}, // no flag_count
		{classroom.Edition349, `{"team":"team-5","flag_count":3}`, false},   // no company
		{classroom.Edition349, `{"company":"Acme","flag_count":3}`, false},  // no team
		{classroom.Edition349, `{"team":"team-5","company":null,"flag_count":3}`, false},
		{classroom.Edition349, `{"team":"team-5","company":"Acme","flag_count":3.0}`, false},
		{classroom.Edition349, `{"team":"team-5","company":"Acme","flag_count":1e1}`, false},
		{classroom.Edition349, `{"team":"team-5","company":"Acme","flag_count":-1}`, false},
		{classroom.Edition349, `{"team":"team-5","company":"Acme","flag_count":4294967296}`, false},
		{classroom.Edition349, `{"team":"team-5","company":"Acme","flag_count":"3"}`, false},
		{classroom.Edition349, `{"team":"team-5","team":"team-5","company":"Acme","flag_count":3}`, false},
		{classroom.Edition349, `{"team":"team-16","company":"Acme","flag_count":3}`, false},
		{classroom.Edition349, `{'team': 'team-5', 'company': 'Acme', 'flag_count': 3}`, false},
		{classroom.Edition349, `{"team":"team-5","processed":10,"flagged":2}`, false},
		{classroom.Edition2026, `{"team":"team-5","processed":10,"flagged":2}`, true},
		{classroom.Edition2026, `{"team":"team-5","processed":0,"flagged":18446744073709551615}`, true},
		{classroom.Edition2026, `{"team":"team-5","processed":10}`, false},
		{classroom.Edition2026, `{"team":"team-5","processed":10,"flagged":18446744073709551616}`, false},
		{classroom.Edition2026, `{"team":"team-5","processed":10,"flagged":null}`, false},
		{classroom.Edition2026, `{"team":"team-5","company":"Acme","flag_count":3}`, false},
	} {
		b := newBoard(t, tt.edition)
		u := b.Step5Record([]byte(tt.value), "team-5")
		if got := len(u) == 1 && b.Teams()[4].Step5; got != tt.unlocks {
			t.Errorf("%s: %s unlocked %+v; want unlocked %v", tt.edition, tt.value, u, tt.unlocks)
		}
	}
	b := newBoard(t, classroom.Edition2026)
	if u := b.Step5Record([]byte(`{"team":"team-5","processed":10,"flagged":2}`), "team-5"); len(u) != 1 || u[0].Achievement != (classroom.Achievement{Step: 5, Icon: "📊", Name: "Stats Published"}) {
		t.Errorf("2026-01's step 5 unlocked %+v, want 📊 Stats Published", u)
	}
}

// TestBoardGroupsAsEachEdition: both editions award Connected for a
// stable group; 349bd19 awards Scaled only then, 2026-01 for two members
// whatever the group's state.
func TestBoardGroupsAsEachEdition(t *testing.T) {
	b := newBoard(t, classroom.Edition349)
	if u := b.Group("team-5", 2, false); len(u) != 0 {
		t.Errorf("349bd19, two members rebalancing: %+v, want nothing", u)
	}
	if u := b.Group("team-5", 2, true); len(u) != 2 || u[0].Achievement.Icon != "1️⃣" || u[1].Achievement.Icon != "4️⃣" {
		t.Errorf("349bd19, two members stable: %+v, want 1️⃣ and 4️⃣", u)
	}
	if u := b.Group("team-5", 2, true); len(u) != 0 {
		t.Errorf("unlocked again: %+v", u)
	}
	if u := b.Group("team-5", 0, false); len(u) != 0 || b.Teams()[4].Active {
		t.Errorf("group left: %v; active %v", u, b.Teams()[4].Active)
	}
	b = newBoard(t, classroom.Edition2026)
	if u := b.Group("team-5", 2, false); len(u) != 1 || u[0].Achievement.Icon != "⚖️" {
		t.Errorf("2026-01, two members rebalancing: %+v, want ⚖️", u)
	}
	if u := b.Group("team-5", 1, true); len(u) != 1 || u[0].Achievement.Icon != "🔌" {
		t.Errorf("2026-01, stable: %+v, want 🔌", u)
	}
}

// TestBoardNeedsUser: only a valid action about a customer not read yet
// needs new_users read further.
func TestBoardNeedsUser(t *testing.T) {
	b := newBoard(t, classroom.Edition349)
	for v, want := range map[string]bool{
		`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`: false,
		`{"customer":"z@gmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`:   true,
		`{"customer":"z@gmail.com","team":"team-1"}`:                                                              false,
	} {
		if got := b.NeedsUser([]byte(v)); got != want {
			t.Errorf("NeedsUser(%s) = %v, want %v", v, got, want)
		}
	}
}

// TestBoardReadsTheTeamFieldAsTheLeaderboard: serde ignores "Team", so
// this action names team-3, its writer, whatever encoding/json would say.
func TestBoardReadsTheTeamFieldAsTheLeaderboard(t *testing.T) {
	b := newBoard(t, classroom.Edition349)
	if _, m := b.Action([]byte(`{"customer":"a@hotmail.com","type":"SALES_LEAD","reason":"FINANCIAL_SECTOR","team":"team-3","Team":"team-4"}`), "team-3"); m != (FirstMismatch{}) {
		t.Errorf("mismatch %+v, want none", m)
	}
	if t3 := b.Teams()[2]; t3.Right != 1 || t3.Mismatch != 0 {
		t.Errorf("team-3 = %+v", t3)
	}
}

func TestNewRefusesAnUnknownEdition(t *testing.T) {
	if _, err := New(classroom.Profile{Edition: "2027"}, 10); err == nil {
		t.Error("New accepted edition 2027")
	}
}

// TestRecentIsBounded proves the board remembers at most keep users.
func TestRecentIsBounded(t *testing.T) {
	b, err := New(classroom.Default(), 100)
	if err != nil {
		t.Fatal(err)
	}
	p := producer.New(1)
	for range 1000 {
		b.User(p.Next().JSON())
	}
	if n := b.users.len(); n > 100 {
		t.Errorf("remembers %d users, want at most 100", n)
	}
	if b.Users() != 1000 {
		t.Errorf("users = %d", b.Users())
	}
	// Once users were forgotten, an unknown customer may be one of them:
	// neither right nor wrong.
	b.Action([]byte(`{"customer":"z@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`), "team-1")
	if t1 := b.Teams()[0]; t1.Unknown != 1 || t1.Wrong != 0 {
		t.Errorf("team-1 = %+v, want one unknown action", t1)
	}
}

// BenchmarkBoardAction is serve's cost per action: NeedsUser, then Action.
func BenchmarkBoardAction(b *testing.B) {
	p, _ := classroom.EditionNamed(classroom.Edition349)
	board, err := New(p, 100)
	if err != nil {
		b.Fatal(err)
	}
	board.User([]byte(hotmailBanker))
	v := []byte(`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`)
	for b.Loop() {
		if board.NeedsUser(v) {
			b.Fatal("the user is known")
		}
		board.Action(v, "team-1")
	}
}

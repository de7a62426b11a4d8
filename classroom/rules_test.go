package classroom_test

import (
	"encoding/json"
	"testing"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/scenarios"
	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// user is the neutral-looking user the cases below edit one field of.
func user(edit func(*classroom.NewUser)) classroom.NewUser {
	u := classroom.NewUser{
		Email: "jane.rowe@gmail.com", CreditCardNumber: "4111111111111111", Industry: "Farming",
		Avatar: "https://robohash.org/jane_rowe.png?size=50x50", Name: "Jane Rowe", Profession: "teacher",
		Field: "Marketing", Credit: 0, TimeZone: "America/Chicago", UserAgent: "Mozilla/5.0 (X11; Linux x86_64)", Pack: "small",
	}
	edit(&u)
	return u
}

// TestRulesSelect: each rule selects its users and no others, with the
// simulator's semantics at the edges (case, İ, strict credit bounds).
func TestRulesSelect(t *testing.T) {
	for _, tt := range []struct {
		team string
		edit func(*classroom.NewUser)
		want bool
	}{
		{"team-1", func(u *classroom.NewUser) { u.Email = "a@HOTMAIL.com" }, true},
		{"team-1", func(u *classroom.NewUser) { u.Email = "a@HOTMAİL.com" }, false}, // Rust: i̇, not i
		{"team-2", func(u *classroom.NewUser) { u.CreditCardNumber = "371449635398431" }, true},
		{"team-2", func(u *classroom.NewUser) { u.CreditCardNumber = "341449635398431" }, false},
		{"team-3", func(u *classroom.NewUser) { u.Industry = "Reinsurance" }, true},
		{"team-3", func(u *classroom.NewUser) { u.Industry = "Security and Investigations" }, true},
		{"team-4", func(u *classroom.NewUser) { u.Industry = "Wireless" }, true},
		{"team-5", func(u *classroom.NewUser) { u.Industry = "Alternative Medicine" }, false},
		{"team-5", func(u *classroom.NewUser) { u.Industry = "Hospitality" }, true},
		{"team-6", func(u *classroom.NewUser) { u.Profession = "Engineer" }, true},
		{"team-6", func(u *classroom.NewUser) { u.Profession = "software engineer" }, false},
		{"team-7", func(u *classroom.NewUser) { u.Premium, u.Credit = true, 11 }, true},
		{"team-7", func(u *classroom.NewUser) { u.Premium, u.Credit = true, 10 }, false},
		{"team-7", func(u *classroom.NewUser) { u.Premium, u.Credit = false, 19 }, false},
		{"team-8", func(u *classroom.NewUser) { u.Credit = -16 }, true},
		{"team-8", func(u *classroom.NewUser) { u.Credit = -15 }, false},
		{"team-9", func(u *classroom.NewUser) { u.TimeZone = "Asia/Tokyo" }, true},
		{"team-9", func(u *classroom.NewUser) { u.TimeZone = "asia/Tokyo" }, false},
		{"team-10", func(u *classroom.NewUser) { u.UserAgent = "Mozilla/5.0 (compatible; MSIE 9.0)" }, true},
		{"team-10", func(u *classroom.NewUser) { u.UserAgent = "Mozilla/5.0 (trident/7.0)" }, false},
		{"team-11", func(u *classroom.NewUser) { u.TimeZone = "Europe/Paris" }, true},
		{"team-12", func(u *classroom.NewUser) { u.Field = "IT" }, true},
		{"team-12", func(u *classroom.NewUser) { u.Field = "Community-Services" }, false},
		{"team-13", func(u *classroom.NewUser) { u.Avatar = "example.org" }, true},
		{"team-13", func(u *classroom.NewUser) { u.Avatar = "http://robohash.org/x.png" }, true},
		{"team-14", func(u *classroom.NewUser) { u.Name = "John Doe" }, true},
		{"team-14", func(u *classroom.NewUser) { u.Name = "john doe" }, false},
		{"team-15", func(u *classroom.NewUser) { u.Pack = "free" }, true},
		{"team-15", func(u *classroom.NewUser) { u.Pack = "Free" }, false},
	} {
		r, ok := classroom.RuleOf(tt.team)
		if !ok {
			t.Fatalf("no rule for %s", tt.team)
		}
		u := user(tt.edit)
		if got := r.Selects(u); got != tt.want {
			t.Errorf("%s on %s: %v, want %v", tt.team, r.Fields(u), got, tt.want)
		}
		// The base user matches no rule: each case changes one answer.
		for _, other := range classroom.Rules() {
			if other.Team != tt.team && other.Selects(u) && other.Selects(user(func(*classroom.NewUser) {})) {
				t.Errorf("%s selects the base user", other.Team)
			}
		}
	}
}

// TestParseNewUserIsStrict: the values the simulator cannot read are
// refused, so that no rule is said to select them.
func TestParseNewUserIsStrict(t *testing.T) {
	good := scenarios.NeutralUser().JSON()
	if _, err := classroom.ParseNewUser(good); err != nil {
		t.Fatalf("the neutral user: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(good, &m); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(map[string]any){
		"credit as a string": func(m map[string]any) { m["credit"] = "12" },
		"credit as a float":  func(m map[string]any) { m["credit"] = 12.5 },
		"credit too big":     func(m map[string]any) { m["credit"] = 1 << 40 },
		"premium as string":  func(m map[string]any) { m["premium"] = "true" },
		"industry missing":   func(m map[string]any) { delete(m, "industry") },
		"industry null":      func(m map[string]any) { m["industry"] = nil },
		"email a number":     func(m map[string]any) { m["email"] = 3 },
	} {
		c := map[string]any{}
		for k, v := range m {
			c[k] = v
		}
		edit(c)
		b, _ := json.Marshal(c)
		if _, err := classroom.ParseNewUser(b); err == nil {
			t.Errorf("%s: accepted %s", name, b)
		}
	}
	for _, raw := range []string{`not json`, `[]`, `{"email":"a","email":"b"}`} {
		if _, err := classroom.ParseNewUser([]byte(raw)); err == nil {
			t.Errorf("accepted %s", raw)
		}
	}
}

// TestOracleAgreesWithTheReferenceClient: the harness's oracle and the
// reference client, written apart, select the same users of the
// producer's vocabulary for every team: 20,000 users, and the built-in
// suite's edge cases. A disagreement means one of them is wrong.
func TestOracleAgreesWithTheReferenceClient(t *testing.T) {
	var values [][]byte
	p := producer.New(7)
	for range 20000 {
		b, _ := json.Marshal(p.Next())
		values = append(values, b)
	}
	list, err := scenarios.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		for _, e := range s.Events {
			values = append(values, e.Value)
		}
	}
	refs := map[string]client.Rule{}
	for _, r := range classroom.Rules() {
		if refs[r.Team], err = client.RuleFor(r.Team); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range values {
		u, err := classroom.ParseNewUser(v)
		cu, cerr := client.ParseUser(v)
		if (err == nil) != (cerr == nil) {
			t.Fatalf("%s: oracle parse error %v, client %v", v, err, cerr)
		}
		if err != nil {
			continue
		}
		for _, r := range classroom.Rules() {
			_, want := refs[r.Team].Act(r.Team, cu)
			if got := r.Selects(u); got != want {
				t.Errorf("%s on %s: oracle %v, client %v", r.Team, r.Fields(u), got, want)
			}
		}
	}
}

// TestEnvContractAgrees: the reference client reads the variables that
// kafkacheck run sets (the client declares them itself, as a student's
// program would).
func TestEnvContractAgrees(t *testing.T) {
	for _, p := range [][2]string{
		{classroom.EnvBootstrap, client.EnvBootstrap}, {classroom.EnvSecurityProtocol, client.EnvSecurityProtocol},
		{classroom.EnvMechanism, client.EnvMechanism}, {classroom.EnvUser, client.EnvUser},
		{classroom.EnvPassword, client.EnvPassword}, {classroom.EnvTeam, client.EnvTeam},
	} {
		if p[0] != p[1] {
			t.Errorf("kafkacheck run sets %s, the client reads %s", p[0], p[1])
		}
	}
}

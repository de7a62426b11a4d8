package classroom_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkacheck/kafkacheck/classroom"
)

func TestCheckMechanism(t *testing.T) {
	for _, m := range []string{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"} {
		if err := classroom.CheckMechanism(m); err != nil {
			t.Errorf("CheckMechanism(%q) = %v, want nil", m, err)
		}
	}
	want := `unknown SASL mechanism "plain": want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`
	if err := classroom.CheckMechanism("plain"); err == nil || err.Error() != want {
		t.Errorf("CheckMechanism(plain) = %v, want %q", err, want)
	}
}

func TestDefaultTopicNames(t *testing.T) {
	want := []string{"new_users", "actions", "watchlist", "scorer_state"}
	if diff := cmp.Diff(want, classroom.Default().TopicNames()); diff != "" {
		t.Errorf("TopicNames (-want +got):\n%s", diff)
	}
}

func TestIsTeam(t *testing.T) {
	for name, want := range map[string]bool{"team-1": true, "team-15": true, "team-16": false, "team-0": false, "Team-1": false, "": false} {
		if got := classroom.IsTeam(name); got != want {
			t.Errorf("IsTeam(%q) = %t, want %t", name, got, want)
		}
	}
}

// The 2026-01 edition as deploy/docker/setup-redpanda.sh creates it; the
// literal values are read off that script, not off edition.go.
func TestEdition2026(t *testing.T) {
	p, err := classroom.EditionNamed("2026-01")
	if err != nil {
		t.Fatal(err)
	}
	if p.Mechanism != "SCRAM-SHA-256" {
		t.Errorf("Mechanism = %q, want SCRAM-SHA-256", p.Mechanism)
	}
	want := []classroom.Topic{
		{Name: "new_users", Partitions: 5, Configs: map[string]string{"retention.ms": "3600000"}},
		{Name: "actions", Partitions: 5, Configs: map[string]string{"retention.ms": "3600000"}},
		{Name: "team_stats", Partitions: 5, Configs: map[string]string{"cleanup.policy": "compact", "segment.ms": "60000"}},
		{Name: "scorer_state", Partitions: 1, Configs: map[string]string{"cleanup.policy": "compact", "segment.ms": "60000"}},
	}
	if diff := cmp.Diff(want, p.Topics); diff != "" {
		t.Errorf("Topics (-want +got):\n%s", diff)
	}
	if p.Step5 != (classroom.Step5{Topic: "team_stats", Key: "team"}) {
		t.Errorf("Step5 = %+v, want team_stats keyed by team", p.Step5)
	}
	var admin bool
	for _, u := range p.Users() {
		if u.Name == "team-admin" {
			admin = u.Password == "team-admin-secret" && !u.Super
		}
	}
	if !admin {
		t.Errorf("Users() lacks team-admin/team-admin-secret (not super)")
	}
	got := map[string]bool{}
	for _, a := range p.ACLs() {
		got[a.Principal+" "+a.Name] = true
	}
	for _, w := range []string{"User:team-3 team_stats", "User:team-admin new_users", "User:team-admin team-admin", "User:leaderboard new_users", "User:leaderboard team-", "User:leaderboard team_stats"} {
		if !got[w] {
			t.Errorf("ACLs() has no rule for %s", w)
		}
	}
	if got["User:team-3 watchlist"] {
		t.Errorf("2026-01 ACLs let team-3 write watchlist, a topic the edition does not have")
	}
	if icons := p.Achievement(4).Icon + p.Achievement(5).Icon; icons != "⚖️📊" {
		t.Errorf("step 4 and 5 icons = %q, want ⚖️📊", icons)
	}
}

func TestDefaultIs349bd19(t *testing.T) {
	p, err := classroom.EditionNamed("")
	if err != nil || p.Edition != "349bd19" || p.Mechanism != "PLAIN" || p.Partitions("new_users") != 2 || p.Step5.Topic != "watchlist" {
		t.Errorf("EditionNamed(\"\") = %+v, %v; want 349bd19, PLAIN, 2 partitions, watchlist", p, err)
	}
	for _, u := range p.Users() {
		if u.Name == "team-admin" {
			t.Errorf("349bd19 has a team-admin user; setup-kafka.sh creates none")
		}
	}
	if p.Achievement(5).Icon != "5️⃣" || !p.CountsErrors {
		t.Errorf("349bd19's step-5 icon %q, counts errors %t; want 5️⃣, true", p.Achievement(5).Icon, p.CountsErrors)
	}
}

func TestEditionNamedRefusesUnknown(t *testing.T) {
	_, err := classroom.EditionNamed("2026-1")
	want := `unknown edition "2026-1": want 349bd19 or 2026-01 (did you mean 2026-01?)`
	if err == nil || err.Error() != want {
		t.Errorf("EditionNamed(2026-1) = %v, want %q", err, want)
	}
}

func TestNearestTeam(t *testing.T) {
	for in, want := range map[string]string{"team-09": "team-9", "Team-3": "team-3", "team3": "team-3", "team_15": "team-15", " TEAM 1 ": "team-1",
		"team-16": "", "team-0": "", "team": "", "teams-1": "", "leaderboard": "", "team-1x": ""} {
		if got := classroom.NearestTeam(in); got != want {
			t.Errorf("NearestTeam(%q) = %q, want %q", in, got, want)
		}
	}
}

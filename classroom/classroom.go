// Package classroom describes the tutorial's classroom cluster as data: its
// users and passwords, its topics and partition counts, and its ACLs, as
// start-kafka.sh and setup-kafka.sh create them (PierreZ/kafka-tutorial at
// commit 349bd19). Setup applies the topics and ACLs to any cluster through
// the admin API, so every backend is set up by the same code.
package classroom

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Topic names, spelled as in the tutorial.
const (
	NewUsers    = "new_users"
	Actions     = "actions"
	Watchlist   = "watchlist"
	ScorerState = "scorer_state"
)

// Teams is how many teams a classroom has: team-1 … team-15.
const Teams = 15

// AdminUser is the classroom's superuser; AdminPassword is start-kafka.sh's
// default.
const (
	AdminUser     = "admin"
	AdminPassword = "admin-secret"
)

// LeaderboardUser reads actions and watchlist. setup-kafka.sh announces the
// password below; note that start-kafka.sh at commit 349bd19 forgets to add
// the user to its JAAS line, so the real classroom cannot log in as it.
const (
	LeaderboardUser     = "leaderboard"
	LeaderboardPassword = "leaderboard-secret"
)

// The environment variables kafkacheck run gives a program: the settings
// a classroom program would otherwise hard-code.
const (
	EnvBootstrap        = "BOOTSTRAP_SERVERS"
	EnvSecurityProtocol = "SECURITY_PROTOCOL"
	EnvMechanism        = "SASL_MECHANISM"
	EnvUser             = "SASL_USERNAME"
	EnvPassword         = "SASL_PASSWORD"
	EnvTeam             = "TEAM_NAME"
)

// TeamName returns "team-n".
func TeamName(n int) string { return fmt.Sprintf("team-%d", n) }

// TeamNames returns team-1 … team-15 in order.
func TeamNames() []string {
	names := make([]string, Teams)
	for i := range names {
		names[i] = TeamName(i + 1)
	}
	return names
}

// IsTeam reports whether name is one of team-1 … team-15, spelled exactly.
func IsTeam(name string) bool { return slices.Contains(TeamNames(), name) }

// NearestTeam returns the team a misspelt name most likely means, or "":
// "Team-3", "team3", "team_3", "team 3" and "team-03" all mean team-3.
func NearestTeam(name string) string {
	s := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(strings.TrimSpace(name)))
	digits, ok := strings.CutPrefix(s, "team")
	if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
		return ""
	}
	if n, err := strconv.Atoi(digits); err == nil && n >= 1 && n <= Teams {
		return TeamName(n)
	}
	return ""
}

// TeamPassword returns the password of a team: "team-N-secret".
func TeamPassword(team string) string { return team + "-secret" }

// The SASL mechanisms a classroom can use. The tutorial's commit 349bd19
// logs in with PLAIN; its 2026-01 edition with SCRAM-SHA-256 only.
const (
	Plain       = "PLAIN"
	ScramSHA256 = "SCRAM-SHA-256"
	ScramSHA512 = "SCRAM-SHA-512"
)

// Mechanisms lists the SASL mechanisms kafkacheck can serve.
var Mechanisms = []string{Plain, ScramSHA256, ScramSHA512}

// CheckMechanism returns an error naming the choices unless m is one of
// Mechanisms.
func CheckMechanism(m string) error {
	if slices.Contains(Mechanisms, m) {
		return nil
	}
	return fmt.Errorf("unknown SASL mechanism %q: want %s", m, MechanismChoices())
}

// MechanismChoices lists Mechanisms for a message or a flag's help:
// "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512".
func MechanismChoices() string {
	last := len(Mechanisms) - 1
	return strings.Join(Mechanisms[:last], ", ") + " or " + Mechanisms[last]
}

// User is one SASL user of the classroom.
type User struct {
	Name, Password string
	Super          bool // bypasses ACLs, like Kafka's super.users
}

// Users returns p's users: admin, the 15 teams, leaderboard, and in the
// 2026-01 edition team-admin.
func (p Profile) Users() []User {
	users := []User{{Name: AdminUser, Password: AdminPassword, Super: true}}
	for _, t := range TeamNames() {
		users = append(users, User{Name: t, Password: TeamPassword(t)})
	}
	users = append(users, User{Name: LeaderboardUser, Password: LeaderboardPassword})
	if p.TeamAdmin {
		users = append(users, User{Name: TeamAdminUser, Password: TeamPassword(TeamAdminUser)})
	}
	return users
}

// Topic is one topic the classroom creates.
type Topic struct {
	Name       string
	Partitions int32
	Configs    map[string]string
}

// TopicNames returns the names of p's topics, in order.
func (p Profile) TopicNames() []string {
	names := make([]string, len(p.Topics))
	for i, t := range p.Topics {
		names[i] = t.Name
	}
	return names
}

// Partitions returns how many partitions p gives topic, 0 for a topic p
// does not create.
func (p Profile) Partitions(topic string) int32 {
	for _, t := range p.Topics {
		if t.Name == topic {
			return t.Partitions
		}
	}
	return 0
}

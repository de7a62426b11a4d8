package classroom

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kafkacheck/kafkacheck/internal/textdist"
)

// The editions of the tutorial kafkacheck knows. Edition349 is the commit
// the project models first (setup-kafka.sh, Apache Kafka with SASL PLAIN);
// Edition2026 is the 2026-01 edition (deploy/docker/setup-redpanda.sh,
// Redpanda with SCRAM-SHA-256).
const (
	Edition349  = "349bd19"
	Edition2026 = "2026-01"
)

// TeamStats is the 2026-01 edition's step-5 topic; TeamAdminUser its
// instructor's team-like user (password "team-admin-secret").
const (
	TeamStats     = "team_stats"
	TeamAdminUser = "team-admin"
)

// Profile is one edition of the classroom: everything that differs between
// them. Start from Default or EditionNamed; the zero value is not useful.
type Profile struct {
	// Edition names it: Edition349 or Edition2026.
	Edition string
	// Topics the classroom creates, with replication 1.
	Topics []Topic
	// Mechanism is the SASL mechanism its users log in with.
	Mechanism string
	// Step5 is the keyed, compacted topic of step 5 and its key.
	Step5 Step5
	// TeamAdmin adds the team-admin user, with a team's ACLs and its own
	// group.
	TeamAdmin bool
	// LeaderboardWatchesTeams lets the leaderboard read new_users and
	// describe the groups prefixed "team-" (2026-01: it measures lag).
	LeaderboardWatchesTeams bool
	// Achievements are the leaderboard's progress icons, in display order.
	Achievements []Achievement
	// GroupChecked: the leaderboard looks at each team's consumer group
	// (2026-01: Connected needs it Stable). 349bd19's group check is a
	// stub (leaderboard/src/kafka/admin.rs answers Unknown for every
	// team), so there a program outside its group scores the same.
	GroupChecked bool
	// CountsErrors: the leaderboard counts ❌ (an action it cannot parse)
	// and ❓ (one missing a field) per team; 2026-01's no longer does.
	CountsErrors bool
}

// Step5 describes the keyed records of step 5.
type Step5 struct {
	// Topic is the compacted topic: Watchlist or TeamStats.
	Topic string
	// Key is the value's field the record's key must equal: "company"
	// (349bd19's watchlist: one record per company) or "team" (2026-01's
	// team_stats: one record per team).
	Key string
}

// Achievement is one icon of the leaderboard's progress column.
type Achievement struct {
	Step int    // the tutorial step that earns it
	Icon string // as the leaderboard draws it
	Name string // as the leaderboard names it
}

// Default returns the classroom of commit 349bd19 (see Edition349).
func Default() Profile { return edition349() }

// edition349: SASL PLAIN; new_users, actions and watchlist with 2
// partitions, scorer_state with 1; watchlist and scorer_state compacted
// (start-kafka.sh and setup-kafka.sh, leaderboard/src/state).
func edition349() Profile {
	compact := map[string]string{"cleanup.policy": "compact"}
	return Profile{
		Edition:   Edition349,
		Mechanism: Plain,
		Topics: []Topic{
			{Name: NewUsers, Partitions: 2},
			{Name: Actions, Partitions: 2},
			{Name: Watchlist, Partitions: 2, Configs: compact},
			{Name: ScorerState, Partitions: 1, Configs: compact},
		},
		Step5: Step5{Topic: Watchlist, Key: "company"},
		Achievements: []Achievement{
			{1, "1️⃣", "Connected"}, {3, "3️⃣", "First Load"},
			{4, "4️⃣", "Scaled"}, {5, "5️⃣", "Watchlist"},
		},
		CountsErrors: true,
	}
}

// edition2026: SCRAM-SHA-256 only; new_users, actions and team_stats with
// 5 partitions, scorer_state with 1; new_users and actions kept an hour,
// team_stats and scorer_state compacted with 60 s segments; a team-admin
// user (deploy/docker/setup-redpanda.sh, backend/leaderboard/src/state).
func edition2026() Profile {
	hour := map[string]string{"retention.ms": "3600000"}
	compact := map[string]string{"cleanup.policy": "compact", "segment.ms": "60000"}
	return Profile{
		Edition:   Edition2026,
		Mechanism: ScramSHA256,
		Topics: []Topic{
			{Name: NewUsers, Partitions: 5, Configs: hour},
			{Name: Actions, Partitions: 5, Configs: hour},
			{Name: TeamStats, Partitions: 5, Configs: compact},
			{Name: ScorerState, Partitions: 1, Configs: compact},
		},
		Step5:                   Step5{Topic: TeamStats, Key: "team"},
		TeamAdmin:               true,
		LeaderboardWatchesTeams: true,
		GroupChecked:            true,
		Achievements: []Achievement{
			{1, "🔌", "Connected"}, {3, "📤", "First Load"},
			{4, "⚖️", "Scaled"}, {5, "📊", "Stats Published"},
		},
	}
}

// Editions returns every edition, the default first.
func Editions() []Profile { return []Profile{edition349(), edition2026()} }

// EditionNames returns the editions' names, the default first.
func EditionNames() []string {
	var names []string
	for _, p := range Editions() {
		names = append(names, p.Edition)
	}
	return names
}

// EditionNamed returns the edition called name; "" is the default. An
// unknown name is an error that lists the editions and suggests the
// nearest.
func EditionNamed(name string) (Profile, error) {
	if name == "" {
		return Default(), nil
	}
	names := EditionNames()
	if i := slices.Index(names, name); i >= 0 {
		return Editions()[i], nil
	}
	msg := fmt.Sprintf("unknown edition %q: want %s", name, strings.Join(names, " or "))
	if near := textdist.Nearest(name, names); near != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", near)
	}
	return Profile{}, fmt.Errorf("%s", msg)
}

// Achievement returns p's icon for step, "" if no achievement marks it.
func (p Profile) Achievement(step int) Achievement {
	for _, a := range p.Achievements {
		if a.Step == step {
			return a
		}
	}
	return Achievement{}
}

// Package leaderboard keeps the live state of a classroom leaderboard, as
// the tutorial's leaderboard shows it, for kafkacheck serve: per team the
// achievements 1️⃣ Connected (group active), 3️⃣ First Load (first valid
// action), 4️⃣ Scaled (two or more members), 5️⃣ Watchlist (first record on
// watchlist), the counts of ❌ and ❓ actions, and what the tutorial's
// leaderboard does not check: whether each valid action is one the team's
// rule asks for. Memory is bounded: only the users recently produced are
// remembered, to judge the actions about them.
package leaderboard

import (
	"encoding/json"
	"regexp"
	"sync"

	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/harness/classroom"
	"github.com/kafkacheck/kafkacheck/harness/judge"
)

// Team is one team's line on the leaderboard.
type Team struct {
	Name string
	// Members is the size of the team's consumer group now, and Active
	// whether it is stable with members.
	Members int
	Active  bool
	// The achievements, once unlocked, stay unlocked.
	Connected, FirstLoad, Scaled, Watchlist bool
	// Verdicts counts the team's actions as the leaderboard judges them.
	Verdicts judge.Counts
	// Right counts valid actions the team's rule asks for (the user was
	// produced, matches the rule, and type, reason and team are right);
	// Wrong the other valid actions; Unknown those about users too old to
	// be remembered.
	Right, Wrong, Unknown int
}

// Achievement names one achievement, as the leaderboard shows it.
type Achievement string

// The achievements.
const (
	Connected Achievement = "1️⃣ Connected"
	FirstLoad Achievement = "3️⃣ First Load"
	Scaled    Achievement = "4️⃣ Scaled"
	Watchlist Achievement = "5️⃣ Watchlist"
)

// Unlock is one achievement a team has just unlocked.
type Unlock struct {
	Team        string
	Achievement Achievement
}

// Board is the leaderboard. It is safe for concurrent use.
type Board struct {
	mu       sync.Mutex
	teams    map[string]*Team
	rules    map[string]client.Rule
	users    *recent
	produced int64
}

// New returns an empty board that remembers the last keep users produced.
func New(keep int) *Board {
	b := &Board{teams: map[string]*Team{}, rules: map[string]client.Rule{}, users: newRecent(keep)}
	for _, name := range classroom.TeamNames() {
		b.teams[name] = &Team{Name: name}
		b.rules[name], _ = client.RuleFor(name)
	}
	return b
}

// Produced records a user written to new_users.
func (b *Board) Produced(value []byte) {
	u, err := client.ParseUser(value)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.produced++
	if err != nil {
		return
	}
	var mask uint32
	for i, name := range classroom.TeamNames() {
		if b.rules[name].Match(u) {
			mask |= 1 << i
		}
	}
	b.users.add(u.Email, mask)
}

// ProducedCount returns how many users were produced.
func (b *Board) ProducedCount() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.produced
}

// Action records a message read from actions and returns the achievement
// it unlocks, if any.
func (b *Board) Action(value []byte) []Unlock {
	v := judge.Judge(value)
	var a struct{ Customer, Type, Reason, Team string }
	_ = json.Unmarshal(value, &a)
	name := a.Team
	if v == judge.InvalidJSON {
		name = looseTeam(value)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.teams[name]
	if t == nil {
		return nil
	}
	t.Verdicts.Add(v)
	if v != judge.Valid {
		return nil
	}
	switch mask, known := b.users.get(a.Customer); {
	case !known:
		t.Unknown++
	case mask&(1<<teamIndex(name)) != 0 && a.Type == b.rules[name].Type && a.Reason == b.rules[name].Reason:
		t.Right++
	default:
		t.Wrong++
	}
	return unlock(t, &t.FirstLoad, FirstLoad)
}

// WatchlistRecord records a record read from watchlist, whose value names
// the team (step 5 of the tutorial; the later team_stats value too).
func (b *Board) WatchlistRecord(value []byte) []Unlock {
	var w struct{ Team string }
	if json.Unmarshal(value, &w) != nil || w.Team == "" {
		w.Team = looseTeam(value)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if t := b.teams[w.Team]; t != nil {
		return unlock(t, &t.Watchlist, Watchlist)
	}
	return nil
}

// Group records the state of a team's consumer group.
func (b *Board) Group(team string, members int, stable bool) []Unlock {
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.teams[team]
	if t == nil {
		return nil
	}
	t.Members, t.Active = members, stable && members > 0
	var out []Unlock
	if t.Active {
		out = append(out, unlock(t, &t.Connected, Connected)...)
	}
	if members >= 2 {
		out = append(out, unlock(t, &t.Scaled, Scaled)...)
	}
	return out
}

// Teams returns a copy of every team's line, team-1 first.
func (b *Board) Teams() []Team {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]Team, 0, len(b.teams))
	for _, name := range classroom.TeamNames() {
		out = append(out, *b.teams[name])
	}
	return out
}

func unlock(t *Team, flag *bool, a Achievement) []Unlock {
	if *flag {
		return nil
	}
	*flag = true
	return []Unlock{{Team: t.Name, Achievement: a}}
}

func teamIndex(name string) int {
	for i, n := range classroom.TeamNames() {
		if n == name {
			return i
		}
	}
	return -1
}

// teamPattern finds a team name in a value that is not JSON, such as a
// Python dict printed with str(): the leaderboard cannot parse it, but the
// board can still charge the ❌ to the team that sent it.
var teamPattern = regexp.MustCompile(`team-(1[0-5]|[1-9])\b`)

func looseTeam(value []byte) string {
	return string(teamPattern.Find(value))
}

// Package leaderboard keeps the live state of a classroom leaderboard, as
// the tutorial's leaderboard shows it, for kafkacheck serve: per team the
// achievements 1️⃣ Connected (group active), 3️⃣ First Load (first valid
// action), 4️⃣ Scaled (two or more members), 5️⃣ Watchlist (first record on
// watchlist), the counts of ❌ and ❓ actions, and what the tutorial's
// leaderboard does not check: whether each valid action is one the team's
// rule asks for. Memory is bounded: only the users recently produced are
// remembered, to judge the actions about them.
//
// Who wrote a record: the tutorial's leaderboard believes the record's
// team field, so a team could unlock another team's achievements by
// naming it. The board takes the producer's login instead when its caller
// knows it (kafkacheck serve asks the broker): a record is credited to the
// team that logged in and wrote it, whatever its team field says, and an
// action whose team field is not the writer's own name is counted as that
// writer's Mismatch. An achievement is unlocked only by a record whose
// team field names its writer, as the tutorial's leaderboard would show it
// in class. Where the login is unknown (""), or is not a team's, such as
// a record the instructor wrote as admin, the board falls back to the team
// field as the tutorial's leaderboard does.
package leaderboard

import (
	"encoding/json"
	"regexp"
	"sync"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/internal/serdejson"
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
	// Verdicts counts the team's actions as the leaderboard judges them:
	// the actions the team wrote (by its login, when known), whatever
	// their team field says.
	Verdicts judge.Counts
	// Right counts valid actions the team's rule asks for (the user was
	// produced, matches the rule, and type, reason and team are right);
	// Wrong the other valid actions, among them every one whose team field
	// is not the team's name; Unknown those about users too old to be
	// remembered.
	Right, Wrong, Unknown int
	// Mismatch counts the actions the team wrote (by its login) whose
	// team field is another name: another team's, or a misspelling such
	// as "Team-3". They are in the team's Verdicts (valid ones in Wrong)
	// and never count for, nor unlock anything of, the team they name.
	Mismatch int
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

// FirstMismatch is a team's first action that names another team (or a
// name that is no team's) in its team field: Team wrote it, Named is what
// its team field says.
type FirstMismatch struct {
	Team, Named string
}

// Board is the leaderboard. It is safe for concurrent use.
type Board struct {
	mu       sync.Mutex
	teams    map[string]*Team
	rules    map[string]classroom.Rule
	users    *recent
	produced int64
}

// New returns an empty board that remembers the last keep users produced.
func New(keep int) *Board {
	b := &Board{teams: map[string]*Team{}, rules: map[string]classroom.Rule{}, users: newRecent(keep)}
	for _, name := range classroom.TeamNames() {
		b.teams[name] = &Team{Name: name}
		b.rules[name], _ = classroom.RuleOf(name)
	}
	return b
}

// Produced records a user written to new_users.
func (b *Board) Produced(value []byte) {
	u, err := classroom.ParseNewUser(value)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.produced++
	if err != nil {
		return
	}
	var mask uint32
	for i, name := range classroom.TeamNames() {
		if b.rules[name].Selects(u) {
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

// Action records a message read from actions, written by login (the user
// its producer logged in as; "" when unknown), and returns the achievement
// it unlocks, if any, and, when it is its writer's first action naming
// someone else, that mismatch (else a zero FirstMismatch).
func (b *Board) Action(value []byte, login string) ([]Unlock, FirstMismatch) {
	v := judge.Judge(value)
	a := actionFields(value)
	named := a.team
	if v == judge.InvalidJSON {
		named = looseTeam(value)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.writer(login, named)
	if t == nil {
		return nil, FirstMismatch{}
	}
	t.Verdicts.Add(v)
	var first FirstMismatch
	own := named == t.Name
	if !own && named != "" {
		t.Mismatch++
		if t.Mismatch == 1 {
			first = FirstMismatch{Team: t.Name, Named: named}
		}
	}
	if v != judge.Valid {
		return nil, first
	}
	if !own {
		// In class this action counts for the team it names: for its
		// writer it is wrong, and unlocks nothing.
		t.Wrong++
		return nil, first
	}
	switch mask, known := b.users.get(a.customer); {
	case !known:
		t.Unknown++
	case mask&(1<<teamIndex(t.Name)) != 0 && a.typ == b.rules[t.Name].Type && a.reason == b.rules[t.Name].Reason:
		t.Right++
	default:
		t.Wrong++
	}
	return unlock(t, &t.FirstLoad, FirstLoad), first
}

// writer returns the team a record is credited to: its login's, when the
// login is a team's, else the team its team field names, else nil. The
// caller holds b.mu.
func (b *Board) writer(login, named string) *Team {
	if t := b.teams[login]; t != nil {
		return t
	}
	return b.teams[named]
}

// action is the fields of an action the leaderboard reads, "" when absent,
// null or unreadable.
type action struct{ customer, typ, reason, team string }

// actionFields reads value's fields with the leaderboard's (serde's) rules,
// as judge.Judge does: encoding/json would match "Team" for team.
func actionFields(value []byte) action {
	raw, _ := serdejson.Object(value, "customer", "type", "reason", "team")
	str := func(name string) string {
		s, _ := serdejson.String(raw[name])
		return s
	}
	return action{customer: str("customer"), typ: str("type"), reason: str("reason"), team: str("team")}
}

// WatchlistRecord records a record read from watchlist, written by login
// ("" when unknown), whose value names the team (step 5 of the tutorial;
// the later team_stats value too). A team's record naming anyone else
// unlocks nothing.
func (b *Board) WatchlistRecord(value []byte, login string) []Unlock {
	var w struct{ Team string }
	if json.Unmarshal(value, &w) != nil || w.Team == "" {
		w.Team = looseTeam(value)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if t := b.writer(login, w.Team); t != nil && t.Name == w.Team {
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

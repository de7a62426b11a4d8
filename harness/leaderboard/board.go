// Package leaderboard keeps the live state of a classroom leaderboard for
// kafkacheck serve. Each team's line has two parts.
//
// The class's view: what the edition's leaderboard shows, read as its
// source reads it (see edition): the achievements (349bd19: 1️⃣ Connected,
// 3️⃣ First Load, 4️⃣ Scaled, 5️⃣ Watchlist; 2026-01: 🔌 📤 ⚖️ 📊) and the
// counts of ✅, and of ❌ and ❓ where the edition counts them. A record
// counts there for the team its team field names, as in class, whoever
// wrote it; ByOthers says how many of a team's were written by another
// team's login, and an achievement unlocked by one names its writer.
//
// kafkacheck's check: whether each action is one its writer's rule asks
// for, against the users actually on new_users, whoever produced them
// (the caller feeds them to User). An action counts there for the team
// that logged in and wrote it (its login, when the caller knows it), right
// or wrong, whatever its team field says; one whose team field names
// someone else is also that writer's Mismatch. Where the login is unknown
// ("") or not a team's, such as a record written as admin, the team field
// stands in for it.
//
// Memory is bounded: only the last keep users read are remembered.
package leaderboard

import (
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
	// The achievements of steps 1, 3, 4 and 5; once unlocked, they stay.
	Connected, FirstLoad, Scaled, Step5 bool
	// Verdicts counts the actions the edition's leaderboard counts for
	// the team: by their team field; ❌ and ❓ only where the edition
	// counts them, ❌ only when it can still read the team.
	Verdicts judge.Counts
	// ByOthers counts those of Verdicts that another team's login wrote.
	ByOthers int
	// Right counts the actions the team wrote that its rule asks for: a
	// valid action naming the team, about a user read from new_users that
	// the rule selects, with the rule's type and reason. Wrong counts the
	// other actions it wrote (invalid, incomplete, naming someone else, or
	// about a user the rule does not select or that was never on
	// new_users), except Unknown: valid, naming the team, about a user not
	// remembered once the board has had to forget users (it cannot tell
	// then whether the user was ever there).
	Right, Wrong, Unknown int
	// Mismatch counts the actions the team wrote whose team field is
	// another name: another team's, or a misspelling such as "Team-3".
	// They are among its Wrong.
	Mismatch int
}

// Has reports whether t has unlocked the achievement of step.
func (t Team) Has(step int) bool {
	switch step {
	case 1:
		return t.Connected
	case 3:
		return t.FirstLoad
	case 4:
		return t.Scaled
	case 5:
		return t.Step5
	}
	return false
}

// Unlock is one achievement a team has just unlocked; By is the team whose
// login wrote the record that unlocked it, when that is another team.
type Unlock struct {
	Team        string
	Achievement classroom.Achievement
	By          string
}

// FirstMismatch is a team's first action that names another team (or a
// name that is no team's) in its team field: Team wrote it, Named is what
// its team field says.
type FirstMismatch struct {
	Team, Named string
}

// Board is the leaderboard. It is safe for concurrent use.
type Board struct {
	ed edition

	mu    sync.Mutex
	teams map[string]*Team
	rules map[string]classroom.Rule
	users *recent
	read  int64
}

// New returns an empty board of profile's edition that remembers the last
// keep users read from new_users.
func New(profile classroom.Profile, keep int) (*Board, error) {
	ed, err := editionOf(profile)
	if err != nil {
		return nil, err
	}
	b := &Board{ed: ed, teams: map[string]*Team{}, rules: map[string]classroom.Rule{}, users: newRecent(keep)}
	for _, name := range classroom.TeamNames() {
		b.teams[name] = &Team{Name: name}
		b.rules[name], _ = classroom.RuleOf(name)
	}
	return b, nil
}

// Profile returns the edition the board shows.
func (b *Board) Profile() classroom.Profile { return b.ed.profile }

// User records a record read from new_users, whoever wrote it; a value
// that is not a user (classroom.ParseNewUser) is counted and not kept.
func (b *Board) User(value []byte) {
	u, err := classroom.ParseNewUser(value)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.read++
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

// Users returns how many records were read from new_users.
func (b *Board) Users() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.read
}

// NeedsUser reports whether judging the action value needs a user not
// read yet: it is valid and names a customer the board does not know. The
// caller then reads new_users up to where it ended when the action was
// read (the user was there before the action was written), and only then
// calls Action.
func (b *Board) NeedsUser(value []byte) bool {
	if judge.Judge(value) != judge.Valid {
		return false
	}
	a := actionFields(value)
	b.mu.Lock()
	defer b.mu.Unlock()
	_, known := b.users.get(a.customer)
	return !known
}

// Action records a message read from actions, written by login (the user
// its producer logged in as; "" when unknown). It returns the achievement
// it unlocks, if any, and, when it is its writer's first action naming
// someone else, that mismatch (else a zero FirstMismatch).
func (b *Board) Action(value []byte, login string) ([]Unlock, FirstMismatch) {
	v := judge.Judge(value)
	a := actionFields(value)
	b.mu.Lock()
	defer b.mu.Unlock()
	writer := b.teams[login]
	unlocks := b.classView(v, a, value, writer)
	if writer == nil {
		writer = b.teams[a.team] // not a team's login: the team field stands in
	}
	if writer == nil {
		return unlocks, FirstMismatch{}
	}
	var first FirstMismatch
	own := a.team == writer.Name
	if !own && a.team != "" {
		writer.Mismatch++
		if writer.Mismatch == 1 {
			first = FirstMismatch{Team: writer.Name, Named: a.team}
		}
	}
	mask, known := b.users.get(a.customer)
	rule := b.rules[writer.Name]
	switch {
	case v != judge.Valid || !own:
		writer.Wrong++
	case !known && b.users.forgot:
		writer.Unknown++
	case mask&(1<<teamIndex(writer.Name)) != 0 && a.typ == rule.Type && a.reason == rule.Reason:
		writer.Right++
	default:
		writer.Wrong++
	}
	return unlocks, first
}

// classView counts the action for the team the edition's leaderboard
// credits it to, and returns what that unlocks. The caller holds b.mu.
func (b *Board) classView(v judge.Verdict, a action, value []byte, writer *Team) []Unlock {
	named := a.team // for ✅ and ❓, the leaderboard's own reading
	if v == judge.InvalidJSON {
		named = teamOnly(value)
	}
	t := b.teams[named]
	if t == nil || (v != judge.Valid && !b.ed.profile.CountsErrors) {
		return nil
	}
	t.Verdicts.Add(v)
	by := ""
	if writer != nil && writer != t {
		t.ByOthers++
		by = writer.Name
	}
	if v != judge.Valid {
		return nil
	}
	return b.unlock(t, 3, by)
}

// Step5Record records a record read from the edition's step-5 topic
// (349bd19: watchlist; 2026-01: team_stats), written by login ("" when
// unknown). It unlocks the step-5 achievement of the team it names when
// its value decodes as the edition's leaderboard requires, whoever wrote
// it, as in class; the Unlock names a writer that is another team.
func (b *Board) Step5Record(value []byte, login string) []Unlock {
	named, ok := b.ed.step5.team(value)
	if !ok {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.teams[named]
	if t == nil {
		return nil
	}
	by := ""
	if w := b.teams[login]; w != nil && w != t {
		by = w.Name
	}
	return b.unlock(t, 5, by)
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
		out = append(out, b.unlock(t, 1, "")...)
	}
	if members >= 2 && (t.Active || !b.ed.scaledNeedsStable) {
		out = append(out, b.unlock(t, 4, "")...)
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

// unlock unlocks t's achievement of step, once; the caller holds b.mu.
func (b *Board) unlock(t *Team, step int, by string) []Unlock {
	var flag *bool
	switch step {
	case 1:
		flag = &t.Connected
	case 3:
		flag = &t.FirstLoad
	case 4:
		flag = &t.Scaled
	default:
		flag = &t.Step5
	}
	if *flag {
		return nil
	}
	*flag = true
	return []Unlock{{Team: t.Name, Achievement: b.ed.profile.Achievement(step), By: by}}
}

func teamIndex(name string) int {
	for i, n := range classroom.TeamNames() {
		if n == name {
			return i
		}
	}
	return -1
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

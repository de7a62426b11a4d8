package client

import (
	"encoding/json"
	"fmt"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Step5 says what the program sends to step 5's keyed, compacted topic;
// the zero value sends nothing (steps 1 to 3).
type Step5 string

// The two editions' step 5.
const (
	// Watchlist is 349bd19's step 5: on each match, count the user's
	// company and send {team, company, flag_count} to watchlist, keyed by
	// the company name.
	Watchlist Step5 = "watchlist"
	// TeamStats is 2026-01's step 5: count every user read (processed)
	// and every match (flagged), and on each match send {team,
	// processed, flagged} to team_stats, keyed by the team name.
	TeamStats Step5 = "team_stats"
)

// step5 is a program's step-5 state: its counts, which live as long as
// the program, as the docs' dictionary and counters do.
type step5 struct {
	mode            Step5
	team            string
	companyFlags    map[string]int64
	processed, flag int64
}

func newStep5(mode Step5, team string) (*step5, error) {
	switch mode {
	case "", Watchlist, TeamStats:
	default:
		return nil, fmt.Errorf("client config: step 5 %q: want %q, %q or none", mode, Watchlist, TeamStats)
	}
	return &step5{mode: mode, team: team, companyFlags: map[string]int64{}}, nil
}

// seen counts one record read from new_users.
func (s *step5) seen() { s.processed++ }

// matched counts a matching user and returns the keyed record to send,
// or nil without step 5.
func (s *step5) matched(u User) *kgo.Record {
	var v any
	var key string
	switch s.mode {
	case Watchlist:
		s.companyFlags[u.CompanyName]++
		key = u.CompanyName
		v = struct {
			Team      string `json:"team"`
			Company   string `json:"company"`
			FlagCount int64  `json:"flag_count"`
		}{s.team, u.CompanyName, s.companyFlags[u.CompanyName]}
	case TeamStats:
		s.flag++
		key = s.team
		v = struct {
			Team      string `json:"team"`
			Processed int64  `json:"processed"`
			Flagged   int64  `json:"flagged"`
		}{s.team, s.processed, s.flag}
	default:
		return nil
	}
	b, _ := json.Marshal(v) // strings and integers cannot fail to encode
	return &kgo.Record{Topic: string(s.mode), Key: []byte(key), Value: b}
}

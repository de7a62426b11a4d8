package leaderboard

import (
	"fmt"
	"math"
	"strconv"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/internal/serdejson"
)

// edition is how one edition's leaderboard reads records and awards its
// achievements, from its source:
//
//   - 349bd19, leaderboard/src/ui/app.rs: ✅ and 3️⃣ for an action that
//     validate_action_simple finds valid, ❓ for one it finds incomplete,
//     both charged to its team field; ❌ for one it cannot parse, charged
//     only when extract_team_from_payload still reads a team from it; 5️⃣
//     for a watchlist value that decodes as WatchlistEntry {team: String,
//     company: String, flag_count: u32}; 1️⃣ for an Active (Stable) group
//     and, inside that check, 4️⃣ for two or more members. (Its
//     kafka/admin.rs is a stub at that commit that reports every group
//     Unknown, so in class neither appears; the board awards them as
//     app.rs would with the groups' real state, as docs/step-0.md promises.)
//   - 2026-01, backend/leaderboard/src/ui/app.rs: 📤 for a valid action,
//     charged to its team field; nothing counted for the others; 📊 for a
//     team_stats value that decodes as kafka_common's TeamStats {team:
//     String, processed: u64, flagged: u64}; 🔌 for a Stable group and ⚖️
//     for two or more members whatever the group's state.
type edition struct {
	profile classroom.Profile
	// step5 is the struct a step-5 value must decode into.
	step5 shape
	// scaledNeedsStable: 349bd19 awards Scaled only for a Stable group.
	scaledNeedsStable bool
}

// editionOf returns the rules of p's edition.
func editionOf(p classroom.Profile) (edition, error) {
	switch p.Edition {
	case classroom.Edition349:
		return edition{profile: p, scaledNeedsStable: true,
			step5: shape{strings: []string{"team", "company"}, uints: []uintField{{"flag_count", math.MaxUint32}}}}, nil
	case classroom.Edition2026:
		return edition{profile: p,
			step5: shape{strings: []string{"team"}, uints: []uintField{{"processed", math.MaxUint64}, {"flagged", math.MaxUint64}}}}, nil
	}
	return edition{}, fmt.Errorf("leaderboard: no rules for edition %q", p.Edition)
}

// shape is a Rust struct the leaderboard decodes a value into with
// serde_json: every field required, unknown fields ignored.
type shape struct {
	strings []string    // String: a JSON string, not null
	uints   []uintField // u32 or u64
}

// uintField is an unsigned integer field and its type's maximum.
type uintField struct {
	name string
	max  uint64
}

// team decodes value as s and returns its team field; false where serde
// would fail.
func (s shape) team(value []byte) (string, bool) {
	names := append([]string{}, s.strings...)
	for _, u := range s.uints {
		names = append(names, u.name)
	}
	raw, err := serdejson.Object(value, names...)
	if err != nil {
		return "", false
	}
	var team string
	for _, name := range s.strings {
		r, ok := raw[name]
		if !ok {
			return "", false
		}
		v, err := serdejson.String(r) // null is not a string: an error, as serde's
		if err != nil {
			return "", false
		}
		if name == "team" {
			team = v
		}
	}
	for _, u := range s.uints {
		r, ok := raw[u.name]
		if !ok || !unsigned(string(r), u.max) {
			return "", false
		}
	}
	return team, true
}

// unsigned reports whether serde_json reads the JSON value lit as an
// unsigned integer of at most max: an integer literal, without fraction
// or exponent (those are floats to serde_json, refused for an integer
// type), not negative ("-0" is 0), in range.
func unsigned(lit string, max uint64) bool {
	if lit == "-0" {
		return true
	}
	n, err := strconv.ParseUint(lit, 10, 64) // refuses "-1", "1.0", "1e3", "null", "\"1\""
	return err == nil && n <= max
}

// teamOnly reads the team of an action the 349bd19 leaderboard cannot
// parse, as its extract_team_from_payload does: the value must still
// decode as struct TeamOnly { team: Option<String> } (a JSON object whose
// team, if present, is a string or null), and the team must not be "".
// A Python dict printed with str() yields nothing: it is not JSON.
func teamOnly(value []byte) string {
	raw, err := serdejson.Object(value, "team")
	if err != nil {
		return ""
	}
	r, ok := raw["team"]
	if !ok || string(r) == "null" {
		return ""
	}
	team, _ := serdejson.String(r)
	return team
}

package scenarios

import (
	"bytes"
	"encoding/json"
)

// fieldKind is the JSON type a user field must have.
type fieldKind int

const (
	kindString fieldKind = iota
	kindBool
	kindInt
)

// userFields are the 15 fields of a user, in the order the tutorial's
// producer (serde, struct order) writes them.
var userFields = []struct {
	name string
	kind fieldKind
}{
	{"email", kindString},
	{"credit_card_number", kindString},
	{"company_name", kindString},
	{"company_slogan", kindString},
	{"industry", kindString},
	{"user_name", kindString},
	{"avatar", kindString},
	{"name", kindString},
	{"profession", kindString},
	{"field", kindString},
	{"premium", kindBool},
	{"credit", kindInt},
	{"time_zone", kindString},
	{"user_agent", kindString},
	{"pack", kindString},
}

// NeutralUser returns the user that partial users are merged over; it
// matches no team's rule. The package documentation lists its values.
func NeutralUser() map[string]any {
	return map[string]any{
		"email":              "neutral.user@gmail.com",
		"credit_card_number": "4111111111111111",
		"company_name":       "Quiet Fields LLC",
		"company_slogan":     "Harvest the calm",
		"industry":           "Farming",
		"user_name":          "neutral_user",
		"avatar":             "https://robohash.org/neutral_user.png?size=50x50",
		"name":               "Jane Roe",
		"profession":         "teacher",
		"field":              "Marketing",
		"premium":            false,
		"credit":             int64(0),
		"time_zone":          "America/Chicago",
		"user_agent":         "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
		"pack":               "small",
	}
}

// encodeUser writes u as one JSON object with the fields in producer order
// and no spaces, as serde_json does.
func encodeUser(u map[string]any) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range userFields {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSON(&b, f.name)
		b.WriteByte(':')
		writeJSON(&b, u[f.name])
	}
	b.WriteByte('}')
	return b.Bytes()
}

// writeJSON appends v as JSON without encoding/json's HTML escaping of <, >
// and &, which serde_json does not do either.
func writeJSON(b *bytes.Buffer, v any) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // strings, bools and ints cannot fail
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}

package scenarios

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/kafkacheck/kafkacheck/internal/textdist"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// fieldKind is the JSON type a user field must have.
type fieldKind int

const (
	kindString fieldKind = iota
	kindBool
	kindInt
)

// userField is one of the 15 fields of a user: its name, its kind, and
// where it lives in a producer.User.
type userField struct {
	name string
	kind fieldKind
	ptr  func(*producer.User) any // *string, *bool or *int
}

// userFields are the fields of a user in the order the tutorial's producer
// writes them.
var userFields = []userField{
	{"email", kindString, func(u *producer.User) any { return &u.Email }},
	{"credit_card_number", kindString, func(u *producer.User) any { return &u.CreditCardNumber }},
	{"company_name", kindString, func(u *producer.User) any { return &u.CompanyName }},
	{"company_slogan", kindString, func(u *producer.User) any { return &u.CompanySlogan }},
	{"industry", kindString, func(u *producer.User) any { return &u.Industry }},
	{"user_name", kindString, func(u *producer.User) any { return &u.UserName }},
	{"avatar", kindString, func(u *producer.User) any { return &u.Avatar }},
	{"name", kindString, func(u *producer.User) any { return &u.Name }},
	{"profession", kindString, func(u *producer.User) any { return &u.Profession }},
	{"field", kindString, func(u *producer.User) any { return &u.Field }},
	{"premium", kindBool, func(u *producer.User) any { return &u.Premium }},
	{"credit", kindInt, func(u *producer.User) any { return &u.Credit }},
	{"time_zone", kindString, func(u *producer.User) any { return &u.TimeZone }},
	{"user_agent", kindString, func(u *producer.User) any { return &u.UserAgent }},
	{"pack", kindString, func(u *producer.User) any { return &u.Pack }},
}

// fieldsByName indexes userFields.
var fieldsByName = func() map[string]userField {
	m := make(map[string]userField, len(userFields))
	for _, f := range userFields {
		m[f.name] = f
	}
	return m
}()

// fieldList names the user fields, for messages.
func fieldList() string {
	names := make([]string, len(userFields))
	for i, f := range userFields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// set stores v, already checked against f's kind, into u.
func (f userField) set(u *producer.User, v any) {
	switch p := f.ptr(u).(type) {
	case *string:
		*p = v.(string)
	case *bool:
		*p = v.(bool)
	case *int:
		*p = int(v.(int64))
	}
}

// NeutralUser returns the user that partial users are merged over; it
// matches no team's rule, and it is a user the tutorial's producer could
// send (producer.Sendable), so a scenario whose users set only vocabulary
// values stays classroom tier. The package documentation lists its values.
func NeutralUser() producer.User {
	return producer.User{
		Email:            "jane.rowe@gmail.com",
		CreditCardNumber: "4111111111111111",
		CompanyName:      "Green LLC",
		CompanySlogan:    "Organic stable solution",
		Industry:         "Farming",
		UserName:         "jane_rowe",
		Avatar:           "https://robohash.org/jane_rowe.png?size=50x50",
		Name:             "Jane Rowe",
		Profession:       "teacher",
		Field:            "Marketing",
		Premium:          false,
		Credit:           0,
		TimeZone:         "America/Chicago",
		UserAgent:        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.517 Safari/537.36",
		Pack:             "small",
	}
}

// user merges a user mapping over the neutral user, checking each field.
// A field it cannot take (an unknown name, a value of another type) is an
// error that says how to write it instead: the value as the field wants
// it, or the whole event as a raw one, shown ready to paste.
func (p *fileParser) user(n int, kv pair) (producer.User, error) {
	u := NeutralUser()
	if isNull(kv.v) {
		return u, nil // `- user:` alone is the neutral user
	}
	kvs, ok := pairs(kv.v)
	if !ok {
		return u, p.errorf(kv.k, "event %d: user must be a mapping of user fields, like {email: a@gmail.com}", n)
	}
	seen := map[string]bool{}
	for _, f := range kvs {
		field, known := fieldsByName[f.key]
		if !known {
			guess := ""
			if g := likelyField(f.key); g != "" {
				guess = fmt.Sprintf("did you mean %s? Or ", g)
			}
			return u, p.errorf(f.k, "event %d: unknown user field %q (the fields are %s); %s%s", n, f.key, fieldList(), guess, rawInstead("to send a user with a field of another name", kvs))
		}
		if seen[f.key] {
			return u, p.errorf(f.k, "event %d: user field %q appears twice", n, f.key)
		}
		seen[f.key] = true
		v, bad := field.value(f.v)
		if bad != nil {
			msg := fmt.Sprintf("event %d: %s must be %s, got %s", n, f.key, field.kind, bad.got)
			if bad.fix != "" {
				msg += ": " + bad.fix + ", or " + rawInstead(bad.rawFor, kvs)
			} else {
				msg += "; " + rawInstead(bad.rawFor, kvs)
			}
			return u, p.errorf(f.k, "%s", msg)
		}
		field.set(&u, v)
	}
	return u, nil
}

func (k fieldKind) String() string {
	switch k {
	case kindBool:
		return "true or false"
	case kindInt:
		return "a whole number (32-bit)"
	}
	return "text"
}

// badValue says why a value does not fit a field, for messages: what the
// file wrote (got), how to write it so that it fits (fix, "" when the
// intent cannot be guessed), and what a raw event would send instead
// (rawFor: "to send a string").
type badValue struct {
	got, fix, rawFor string
}

// value returns v as f's kind wants it (a string, a bool or an int64), or
// why it does not fit.
func (f userField) value(v *yaml.Node) (any, *badValue) {
	v = unwrap(v)
	quoted := v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" && v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
	switch f.kind {
	case kindBool:
		if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!bool" {
			var b bool
			if err := v.Decode(&b); err == nil {
				return b, nil
			}
		}
		if low := strings.ToLower(v.Value); quoted && (low == "true" || low == "false") {
			return nil, &badValue{got: gotString(v.Value), fix: fmt.Sprintf("remove the quotes (%s: %s)", f.name, low), rawFor: "to send a string"}
		}
	case kindInt:
		if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!int" {
			var i int64
			if err := v.Decode(&i); err == nil && i >= math.MinInt32 && i <= math.MaxInt32 {
				return i, nil
			}
			return nil, &badValue{got: fmt.Sprintf("%s, outside %d … %d", clipText(v.Value, 60), math.MinInt32, math.MaxInt32), rawFor: "to send a larger number"}
		}
		if i, err := strconv.ParseInt(v.Value, 10, 32); quoted && err == nil {
			return nil, &badValue{got: gotString(v.Value), fix: fmt.Sprintf("remove the quotes (%s: %d)", f.name, i), rawFor: "to send a string"}
		}
	default:
		if s, ok := str(v); ok {
			return s, nil
		}
		if v.Kind == yaml.ScalarNode && !isNull(v) {
			return nil, &badValue{got: show(v), fix: fmt.Sprintf("quote it (%s: %q)", f.name, v.Value), rawFor: "to send " + yamlType(v)}
		}
	}
	got := show(v)
	switch {
	case v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str":
		got = gotString(v.Value)
	case isNull(v) && !strings.EqualFold(v.Value, "null"):
		got = show(v) + " (null)"
	}
	return nil, &badValue{got: got, rawFor: fmt.Sprintf("to send a user whose %s is not %s", f.name, f.kind)}
}

// gotString shows a string value in a message, clipped.
func gotString(s string) string {
	return "the string " + strconv.Quote(clipText(s, 60))
}

// yamlType names what a scalar that is not a string holds, for messages.
func yamlType(v *yaml.Node) string {
	switch v.ShortTag() {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	}
	return "a value that is not text"
}

// clipText cuts s to at most limit runes, marking the cut with "…".
func clipText(s string, limit int) string {
	i, n := 0, 0
	for i < len(s) && n < limit {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	if i == len(s) {
		return s
	}
	return s[:i] + "…"
}

// rawInstead tells how to send with a raw event what a user event cannot:
// "use raw: to send a string, …", followed, on a line of its own, by the
// event written as raw, ready to paste in place of the user event: the
// fields of kvs over the neutral user's, as JSON, in the producer's order,
// then the fields of other names. Without kvs, or for a user that cannot
// be shown so, within maxRawExample bytes, it says what to write instead.
func rawInstead(what string, kvs []pair) string {
	msg := "use raw: " + what + ", with the whole user written as JSON"
	ex, ok := rawExample(kvs)
	if !ok {
		return msg + `, like - raw: '{"email": "a@gmail.com", …}'`
	}
	return msg + ", in place of this event:\n    - raw: " + ex
}

// maxRawExample bounds the raw event a message shows.
const maxRawExample = 2048

// rawExample returns the user of kvs as a raw event's value, a YAML
// single-quoted string of JSON (see rawInstead), and false when it is
// longer than maxRawExample or holds a value JSON cannot (a mapping key
// that is not a scalar, an infinite number).
func rawExample(kvs []pair) (string, bool) {
	if len(kvs) == 0 {
		return "", false
	}
	written := map[string]*yaml.Node{}
	var others []pair
	for _, kv := range kvs {
		if _, dup := written[kv.key]; dup {
			continue
		}
		written[kv.key] = kv.v
		if _, known := fieldsByName[kv.key]; !known {
			others = append(others, kv)
		}
	}
	neutral := NeutralUser()
	b := &jsonWriter{limit: maxRawExample}
	b.WriteByte('{')
	for i, f := range userFields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.str(f.name)
		b.WriteByte(':')
		if v, ok := written[f.name]; ok {
			b.node(v)
		} else {
			b.value(f.ptr(&neutral))
		}
	}
	for _, kv := range others {
		b.WriteByte(',')
		b.str(kv.key)
		b.WriteByte(':')
		b.node(kv.v)
	}
	b.WriteByte('}')
	if b.failed || b.Len() > b.limit {
		return "", false
	}
	return "'" + strings.ReplaceAll(b.String(), "'", "''") + "'", true
}

// jsonWriter writes YAML values as compact JSON, as the producer writes a
// user, until it has written more than limit bytes; failed records a value
// JSON cannot hold.
type jsonWriter struct {
	bytes.Buffer
	limit  int
	failed bool
}

func (b *jsonWriter) done() bool { return b.failed || b.Len() > b.limit }

// value writes the string, bool or int a userField's ptr points to.
func (b *jsonWriter) value(p any) {
	switch p := p.(type) {
	case *string:
		b.str(*p)
	case *bool:
		b.WriteString(strconv.FormatBool(*p))
	case *int:
		b.WriteString(strconv.Itoa(*p))
	default:
		b.failed = true
	}
}

// str writes s as a JSON string, escaped as encoding/json does, without
// its HTML escapes (as the producer's encoder is set).
func (b *jsonWriter) str(s string) {
	if b.done() || len(s) > b.limit {
		b.failed = true
		return
	}
	enc := json.NewEncoder(&b.Buffer)
	enc.SetEscapeHTML(false)
	if enc.Encode(s) != nil {
		b.failed = true
		return
	}
	b.Truncate(b.Len() - 1) // Encode's newline
}

// node writes the JSON value a YAML node means: a string, a number, a
// bool, null, a list or an object. Scalars of other types (a timestamp)
// are written as the strings they are in the file.
func (b *jsonWriter) node(n *yaml.Node) {
	if b.done() {
		return
	}
	n = unwrap(n)
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			b.WriteString("null")
		case "!!bool":
			var v bool
			b.failed = n.Decode(&v) != nil
			b.WriteString(strconv.FormatBool(v))
		case "!!int":
			var v int64
			b.failed = n.Decode(&v) != nil
			b.WriteString(strconv.FormatInt(v, 10))
		case "!!float":
			var v float64
			b.failed = n.Decode(&v) != nil || math.IsInf(v, 0) || math.IsNaN(v)
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		default:
			b.str(n.Value)
		}
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			b.node(c)
			if b.done() {
				return
			}
		}
		b.WriteByte(']')
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			if k := unwrap(n.Content[i]); k.Kind == yaml.ScalarNode {
				b.str(k.Value)
			} else {
				b.failed = true
			}
			b.WriteByte(':')
			b.node(n.Content[i+1])
			if b.done() {
				return
			}
		}
		b.WriteByte('}')
	default:
		b.failed = true
	}
}

// likelyField returns the user field that name most likely misspells (a
// case, a separator or at most two letters apart), or "".
func likelyField(name string) string {
	norm := strings.NewReplacer("-", "_", " ", "_", ".", "_").Replace(strings.ToLower(name))
	names := make([]string, len(userFields))
	for i, f := range userFields {
		names[i] = f.name
	}
	return closest(norm, names, 2)
}

// closest returns the word of words nearest to s, at most maxDist edits
// away, or "".
func closest(s string, words []string, maxDist int) string {
	if len(s) > 40 {
		return ""
	}
	best, bestDist := "", maxDist+1
	for _, w := range words {
		if d := textdist.Distance(s, w); d < bestDist && d < len(w) {
			best, bestDist = w, d
		}
	}
	return best
}

package scenarios

import (
	"encoding/json"
	"strings"
	"testing"
)

// The messages a teaching assistant gets for a scenario file that does not
// say what they meant: each names the file and line, what is wrong, and
// what to write instead.

const (
	msgHead = "name: m\nteams: [team-7]\nevents:\n" // events start at line 4
	msgTail = "expect:\n  actions: []\n"
	// neutralJSON is the neutral user as a raw event sends it.
	neutralJSON = `{"email":"jane.rowe@gmail.com","credit_card_number":"4111111111111111","company_name":"Green LLC","company_slogan":"Organic stable solution","industry":"Farming","user_name":"jane_rowe","avatar":"https://robohash.org/jane_rowe.png?size=50x50","name":"Jane Rowe","profession":"teacher","field":"Marketing","premium":false,"credit":0,"time_zone":"America/Chicago","user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.517 Safari/537.36","pack":"small"}`
)

// rawLine is the line a message offers to paste in place of a user event:
// the neutral user with the fields given as `"key":value`, each in place
// when it is a user field, else appended.
func rawLine(t *testing.T, fields ...string) string {
	t.Helper()
	s := neutralJSON
	for _, f := range fields {
		key, _, _ := strings.Cut(f, ":")
		i := strings.Index(s, key+":")
		if i < 0 {
			s = strings.TrimSuffix(s, "}") + "," + f + "}"
			continue
		}
		end := i + strings.Index(s[i:], `,"`)
		if end < i {
			end = len(s) - 1
		}
		s = s[:i] + f + s[end:]
	}
	return "\n    - raw: '" + strings.ReplaceAll(s, "'", "''") + "'"
}

// TestMessagesQuotedValues: a quoted number or boolean is named as the
// string it is, with both fixes: without the quotes, or as a raw event.
func TestMessagesQuotedValues(t *testing.T) {
	tests := []struct{ name, events, want string }{
		{"credit double-quoted", `  - user: {email: a@gmail.com, credit: "11"}` + "\n",
			`ta.yaml:4: event 1: credit must be a whole number (32-bit), got the string "11": remove the quotes (credit: 11), or use raw: to send a string, with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"email":"a@gmail.com"`, `"credit":"11"`)},
		{"credit single-quoted, block", "  - user: {}\n  - user:\n      email: b@gmail.com\n      credit: '-7'\n",
			`ta.yaml:7: event 2: credit must be a whole number (32-bit), got the string "-7": remove the quotes (credit: -7), or use raw: to send a string, with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"email":"b@gmail.com"`, `"credit":"-7"`)},
		{"premium quoted", `  - user: {premium: "true", credit: 11}` + "\n",
			`ta.yaml:4: event 1: premium must be true or false, got the string "true": remove the quotes (premium: true), or use raw: to send a string, with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"premium":"true"`, `"credit":11`)},
		{"premium quoted, capitalised", `  - user: {premium: 'False'}` + "\n",
			`ta.yaml:4: event 1: premium must be true or false, got the string "False": remove the quotes (premium: false), or use raw: to send a string, with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"premium":"False"`)},
		{"credit quoted, not a number", `  - user: {credit: "eleven"}` + "\n",
			`ta.yaml:4: event 1: credit must be a whole number (32-bit), got the string "eleven"; use raw: to send a user whose credit is not a whole number (32-bit), with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"credit":"eleven"`)},
		{"premium unquoted word", "  - user: {premium: yes}\n",
			`ta.yaml:4: event 1: premium must be true or false, got the string "yes"; use raw: to send a user whose premium is not true or false, with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"premium":"yes"`)},
	}
	checkMessages(t, tests)
}

// TestMessagesRawInstead: a value a user event cannot hold (another type,
// another field) comes with the raw event that sends it, ready to paste.
func TestMessagesRawInstead(t *testing.T) {
	tests := []struct{ name, events, want string }{
		{"credit fraction", "  - user: {email: a@gmail.com, credit: 1.5}\n",
			`ta.yaml:4: event 1: credit must be a whole number (32-bit), got 1.5; use raw: to send a user whose credit is not a whole number (32-bit), with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"email":"a@gmail.com"`, `"credit":1.5`)},
		{"credit too large", "  - user: {credit: 3000000000}\n",
			`ta.yaml:4: event 1: credit must be a whole number (32-bit), got 3000000000, outside -2147483648 … 2147483647; use raw: to send a larger number, with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"credit":3000000000`)},
		{"credit null", "  - user: {credit: null}\n",
			`ta.yaml:4: event 1: credit must be a whole number (32-bit), got null; use raw: to send a user whose credit is not a whole number (32-bit), with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"credit":null`)},
		{"premium empty", "  - user:\n      premium:\n",
			`ta.yaml:5: event 1: premium must be true or false, got nothing (null); use raw: to send a user whose premium is not true or false, with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"premium":null`)},
		{"name a list", "  - user: {name: [1, 2]}\n",
			`ta.yaml:4: event 1: name must be text, got a list; use raw: to send a user whose name is not text, with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"name":[1,2]`)},
		{"email a number, with a quote in another field", "  - user: {email: 12, name: it's}\n",
			`ta.yaml:4: event 1: email must be text, got 12: quote it (email: "12"), or use raw: to send a number, with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"email":12`, `"name":"it's"`)},
		{"misspelled field", "  - user: {emial: a@gmail.com}\n",
			`ta.yaml:4: event 1: unknown user field "emial" (the fields are ` + fieldList() + `); did you mean email? Or use raw: to send a user with a field of another name, with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"emial":"a@gmail.com"`)},
		{"field of another name", "  - user: {email: a@gmail.com, Nick-Name: jj}\n",
			`ta.yaml:4: event 1: unknown user field "Nick-Name" (the fields are ` + fieldList() + `); use raw: to send a user with a field of another name, with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"email":"a@gmail.com"`, `"Nick-Name":"jj"`)},
		{"field in another case", "  - user: {Time-Zone: Europe/Paris}\n",
			`ta.yaml:4: event 1: unknown user field "Time-Zone" (the fields are ` + fieldList() + `); did you mean time_zone? Or use raw: to send a user with a field of another name, with the whole user written as JSON, in place of this event:` +
				rawLine(t, `"Time-Zone":"Europe/Paris"`)},
		{"too many fields to show", "  - user:\n" + strings.Repeat("      a_field_of_another_name_that_is_long: 1\n", 1) + manyKeys(60),
			`ta.yaml:5: event 1: unknown user field "a_field_of_another_name_that_is_long" (the fields are ` + fieldList() + `); use raw: to send a user with a field of another name, with the whole user written as JSON, like - raw: '{"email": "a@gmail.com", …}'`},
		{"raw a mapping", "  - raw: {email: a@gmail.com, credit: 3}\n",
			`ta.yaml:4: event 1: raw must be a string, replayed byte for byte, and this is a mapping; to send it as JSON, quote it: raw: '{"email":"a@gmail.com","credit":3}'`},
		{"misspelled user", "  - usr: {email: a@gmail.com}\n",
			`ta.yaml:4: event 1 must have exactly one key, user or raw (got keys usr): did you mean user?`},
	}
	checkMessages(t, tests)
}

func manyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("      k")
		b.WriteString(strings.Repeat("x", 30))
		b.WriteByte(byte('a' + i%26))
		b.WriteString(strings.Repeat("y", i))
		b.WriteString(": 1\n")
	}
	return b.String()
}

// TestMessagesIndentation: a YAML error that a wrong indentation causes
// shows the line and says to check its indentation, against the line
// above; user fields or actions indented as far as their key are named.
func TestMessagesIndentation(t *testing.T) {
	const rule = ": the items of one list, and the keys of one mapping, start in the same column, further right than the key they belong to"
	const fix = ": check the indentation" + rule
	pad := "# " + strings.Repeat("x", 70<<10) + "\n" // past the size go-yaml locates: yaml.v3's messages
	tests := []struct{ name, data, want string }{
		{"list item too far right", msgHead + "  - user: {email: a@gmail.com}\n   - user: {}\n" + msgTail,
			`ta.yaml:5: YAML syntax: value is not allowed in this context; line 5 is "   - user: {}", indented 3 spaces where line 4 is indented 2` + fix},
		{"list item too far left", msgHead + "  - user: {email: a@gmail.com}\n - user: {}\n" + msgTail,
			`ta.yaml:5: YAML syntax: value is not allowed in this context; line 5 is " - user: {}", indented 1 space where line 4 is indented 2` + fix},
		{"user field too far left", msgHead + "  - user:\n      email: a@gmail.com\n     credit: 3\n" + msgTail,
			`ta.yaml:6: YAML syntax: value is not allowed in this context; line 6 is "     credit: 3", indented 5 spaces where line 5 is indented 6` + fix},
		{"top-level key indented", "name: m\nteams: [team-7]\n  description: d\n" + msgTail,
			`ta.yaml:3: YAML syntax: value is not allowed in this context; line 3 is "  description: d", indented 2 spaces where line 2 is indented 0` + fix},
		{"list after a value, comment between", "name: m\nteams: [team-7]\nexpect:\n  actions: []\n  # the actions\n  - {customer: a@gmail.com}\n",
			`ta.yaml:6: YAML syntax: non-map value is specified; line 6 is "  - {customer: a@gmail.com}", indented 2 spaces as line 4 is` + fix},
		{"user field too far right", msgHead + "  - user:\n      email: a@gmail.com\n        credit: 3\n" + msgTail,
			`ta.yaml:6: YAML syntax: mapping value is not allowed in this context; line 6 is "        credit: 3", indented 8 spaces where line 5 is indented 6: YAML reads a line indented deeper than the one above as more of that line's value; indent it as the keys it goes with (line 5's, if it belongs to the same mapping)`},
		{"second key indented", "name: m\n teams: [team-7]\n" + msgTail,
			`ta.yaml:2: YAML syntax: mapping value is not allowed in this context; line 2 is " teams: [team-7]", indented 1 space where line 1 is indented 0: YAML reads a line indented deeper than the one above as more of that line's value; indent it as the keys it goes with (line 1's, if it belongs to the same mapping)`},
		{"colon in a value", "name: team-7: VIPs # boundary\nteams: [team-7]\n" + msgTail,
			`ta.yaml:1: YAML syntax: mapping value is not allowed in this context; line 1 is "name: team-7: VIPs # boundary": a value that holds ": " must be quoted, like name: "team-7: VIPs"`},
		{"tab", "name: m\nteams: [team-7]\nexpect:\n\tactions: []\n",
			`ta.yaml:4: YAML syntax: found character '	' that cannot start any token; line 4 is "\tactions: []": indent with spaces, never tabs (YAML does not allow tabs in indentation)`},
		{"unclosed flow mapping", msgHead + "  - user: {email: a@gmail.com\n" + msgTail,
			`ta.yaml:5: YAML syntax: ',' or '}' must be specified; line 5 is "expect:"`},
		{"user fields as far as user", msgHead + "  - user:\n    email: a@gmail.com\n    credit: 3\n" + msgTail,
			`ta.yaml:4: event 1 must have exactly one key, user or raw (got keys user, email, credit): email, credit are user fields, so indent them further right than user:, under it (or write - user: {email: …})`},
		{"user field as far as user", "name: m\nteams: [team-7]\nevents:\n- user:\n  premium: true\n" + msgTail,
			`ta.yaml:4: event 1 must have exactly one key, user or raw (got keys user, premium): premium is a user field, so indent it further right than user:, under it (or write - user: {premium: …})`},
		{"user fields without user", msgHead + "  - email: a@gmail.com\n" + msgTail,
			`ta.yaml:4: event 1 must have exactly one key, user or raw (got keys email): a user's fields go under user:, like - user: {email: …}`},
		{"actions as far as expect", "name: m\nteams: [team-7]\nexpect:\nactions: []\n",
			`ta.yaml:4: unknown key "actions" (the keys are name, description, teams, editions, step, events, expect): actions belongs to expect, so indent it further right than expect:, under it`},
		{"misspelled top key", "name: m\nteams: [team-7]\nexepct:\n  actions: []\n",
			`ta.yaml:3: unknown key "exepct" (the keys are name, description, teams, editions, step, events, expect): did you mean expect?`},
		{"large file: second key indented", pad + "name: m\n teams: [team-7]\n",
			`ta.yaml:3: YAML syntax: mapping values are not allowed in this context; line 3 is " teams: [team-7]", indented 1 space where line 2 is indented 0: YAML reads a line indented deeper than the one above as more of that line's value; indent it as the keys it goes with (line 2's, if it belongs to the same mapping)`},
		{"large file: list item too far left", pad + msgHead + "    - user: {}\n  - user: {}\n" + msgTail,
			`ta.yaml:2: YAML syntax: did not find expected key; line 2 is "name: m": check the indentation from this line on` + rule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("ta.yaml", []byte(tt.data))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", err, tt.want)
			}
			if !isFileError(err) {
				t.Errorf("isFileError(%v) = false", err)
			}
		})
	}
}

func checkMessages(t *testing.T, tests []struct{ name, events, want string }) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := msgHead + tt.events + msgTail
			_, err := Parse("ta.yaml", []byte(data))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", err, tt.want)
			}
			if !isFileError(err) {
				t.Errorf("isFileError(%v) = false", err)
			}
			checkRawFix(t, data, err)
		})
	}
}

// checkRawFix proves the raw event a message offers is one to paste: put
// in place of the user event at the error's line, the file parses, and the
// event sends the JSON shown.
func checkRawFix(t *testing.T, data string, err error) {
	t.Helper()
	_, example, ok := strings.Cut(err.Error(), "\n    - raw: ")
	if !ok {
		return
	}
	lines := strings.Split(data, "\n")
	e := err.(*Error)
	// The user event is the last line before the error's that starts an
	// item; it ends before the next item or expect.
	first := e.Line - 1
	for !strings.HasPrefix(strings.TrimSpace(lines[first]), "- ") {
		first--
	}
	last := first + 1
	for !strings.HasPrefix(strings.TrimSpace(lines[last]), "- ") && !strings.HasPrefix(lines[last], "expect:") {
		last++
	}
	fixed := strings.Join(append(append(append([]string{}, lines[:first]...), "  - raw: "+example), lines[last:]...), "\n")
	s, perr := Parse("ta.yaml", []byte(fixed))
	if perr != nil {
		t.Fatalf("the file with the raw event offered does not parse: %v\n%s", perr, fixed)
	}
	want := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(example, "'"), "'"), "''", "'")
	for _, ev := range s.Events {
		if ev.Line == first+1 {
			if !ev.Raw || string(ev.Value) != want || !json.Valid(ev.Value) {
				t.Errorf("event at line %d: raw %v, value %s: want the raw JSON offered, %s", first+1, ev.Raw, ev.Value, want)
			}
			return
		}
	}
	t.Errorf("no event at line %d in the file with the raw event offered:\n%s", first+1, fixed)
}

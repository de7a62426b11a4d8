package producer

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestEveryProducedUserIsSendable proves Sendable is not too strict: every
// user the producer makes, 100,000 over four seeds, is sendable.
func TestEveryProducedUserIsSendable(t *testing.T) {
	perSeed := 25000
	if testing.Short() {
		perSeed = 2000
	}
	for _, seed := range []int64{1, 349, 2026, -7} {
		t.Run(strconv.FormatInt(seed, 10), func(t *testing.T) {
			t.Parallel()
			p := New(seed)
			for i := range perSeed {
				v := p.Next().JSON()
				if err := Sendable(v); err != nil {
					t.Fatalf("seed %d, user %d: Sendable(%s) = %v, want nil", seed, i, v, err)
				}
			}
		})
	}
}

// base is a user the producer makes (the first of seed 1, pinned by
// TestFirstUserIsStable), which the table below breaks one field at a time.
const base = `{"email":"conrad_stiedemann@gmail.com","credit_card_number":"343161539353835","company_name":"Cassin Inc","company_slogan":"Managed mission-critical throughput","industry":"Museums and Institutions","user_name":"wendell_toy","avatar":"https://robohash.org/melvina.olson7.png?size=50x50","name":"Erin Bradtke","profession":"attorney at law","field":"Retail","premium":false,"credit":-4,"time_zone":"Pacific/Guam","user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.517 Safari/537.36","pack":"small"}`

// TestSendableAccepts covers what is sendable although the producer's
// bytes would differ, and values the producer makes only rarely.
func TestSendableAccepts(t *testing.T) {
	for _, tt := range []struct{ name, value string }{
		{"the base user", base},
		{"keys in another order", `{"pack":"small","email":"conrad_stiedemann@gmail.com","credit_card_number":"343161539353835","company_name":"Cassin Inc","company_slogan":"Managed mission-critical throughput","industry":"Museums and Institutions","user_name":"wendell_toy","avatar":"https://robohash.org/melvina.olson7.png?size=50x50","name":"Erin Bradtke","profession":"attorney at law","field":"Retail","premium":false,"credit":-4,"time_zone":"Pacific/Guam","user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.517 Safari/537.36"}`},
		{"John Doe, example.org, free, premium", replace(base, `"Erin Bradtke"`, `"John Doe"`, `"https://robohash.org/melvina.olson7.png?size=50x50"`, `"example.org"`, `"small"`, `"free"`, `false`, `true`)},
		{"credit at both ends", replace(replace(base, `-4,`, `-20,`), `"conrad`, `"conrad`)},
		{"credit 19", replace(base, `-4,`, `19,`)},
		{"user names of every form", replace(base, `"conrad_stiedemann@`, `"conrad255@`, `"wendell_toy"`, `"wendell.toy99"`, `melvina.olson7.png`, `melvina.png`)},
		{"Visa 13, company of three", replace(base, `"343161539353835"`, `"4222222222222"`, `"Cassin Inc"`, `"Torp, McLaughlin and O'Kon"`)},
		{"MasterCard, hyphenated company", replace(base, `"343161539353835"`, `"5555555555554444"`, `"Cassin Inc"`, `"Nikolaus-O'Keefe"`)},
		{"slogan with spaces in the middle and tail", replace(base, `"Managed mission-critical throughput"`, `"Organic zero tolerance process improvement"`)},
		{"apostrophe name, lower-cased in the user name", replace(base, `"Erin Bradtke"`, `"Erin O'Hara"`, `"wendell_toy"`, `"wendell_ohara"`)},
	} {
		if err := Sendable([]byte(tt.value)); err != nil {
			t.Errorf("%s: Sendable = %v, want nil", tt.name, err)
		}
	}
}

// replace applies old, new pairs to s, each exactly once.
func replace(s string, oldNew ...string) string {
	for i := 0; i+1 < len(oldNew); i += 2 {
		if strings.Count(s, oldNew[i]) != 1 {
			panic("producer test: " + oldNew[i] + " is not in the base user exactly once")
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	return s
}

// TestSendableRejects proves Sendable catches: at least one mutation per
// field, and each whole-value defect, with the message a TA reads.
func TestSendableRejects(t *testing.T) {
	tests := []struct {
		name, value, field, want string
	}{
		// The value as a whole.
		{"empty", ``, "", `not a JSON object: the value is empty`},
		{"only whitespace", " \n", "", `not valid JSON: unexpected end of JSON input (at byte 2)`},
		{"not JSON", `not json {`, "", `not valid JSON: invalid character 'o' in literal null (expecting 'u') (at byte 2)`},
		{"an array", `[` + base + `]`, "", `not a JSON object (it is an array)`},
		{"a string", `"free"`, "", `not a JSON object (it is a string)`},
		{"null", `null`, "", `not a JSON object (it is null)`},
		{"invalid UTF-8", replace(base, `Erin`, "Er\xffn"), "", `not valid UTF-8`},
		{"trailing text", base + ` x`, "", `not valid JSON: invalid character 'x' after top-level value (at byte 550)`},
		{"leading space", ` ` + base, "", `whitespace between JSON tokens; the producer writes compact JSON`},
		{"trailing newline", base + "\n", "", `whitespace between JSON tokens; the producer writes compact JSON`},
		{"space after a colon", replace(base, `"pack":"small"`, `"pack": "small"`), "", `whitespace between JSON tokens; the producer writes compact JSON`},
		{"space after a comma", replace(base, `,"pack"`, `, "pack"`), "", `whitespace between JSON tokens; the producer writes compact JSON`},
		{"empty object", `{}`, "email", `field "email" is missing`},
		{"missing field", replace(base, `,"pack":"small"`, ``), "pack", `field "pack" is missing`},
		{"unknown field", replace(base, `"pack":"small"`, `"pack":"small","foo":1`), "foo", `field "foo" is not one the producer writes`},
		{"field name in another case", replace(base, `"email"`, `"Email"`), "Email", `field "Email" is not one the producer writes`},
		{"duplicate field", replace(base, `"pack":"small"`, `"pack":"small","pack":"small"`), "pack", `field "pack" appears twice`},
		{"escaped field name", replace(base, `"email"`, `"\u0065mail"`), "", `field name "\u0065mail" is written with an escape sequence; the producer writes plain names`},
		{"escaped value", replace(base, `"Erin Bradtke"`, `"Erin\u0020Bradtke"`), "name", `name is written with an escape sequence; the producer writes every character as itself`},
		{"lone surrogate", replace(base, `"Erin Bradtke"`, `"Erin\ud800"`), "name", `name is written with an escape sequence; the producer writes every character as itself`},

		// email
		{"email provider", replace(base, `@gmail.com`, `@outlook.com`), "email", `email "conrad_stiedemann@outlook.com" is not one the producer makes: "outlook.com" is not one of its providers (gmail.com, yahoo.com, hotmail.com)`},
		{"email upper case", replace(base, `"conrad_stiedemann@gmail.com"`, `"conrad_stiedemann@HOTMAIL.com"`), "email", `email "conrad_stiedemann@HOTMAIL.com" is not one the producer makes: "HOTMAIL.com" is not one of its providers (gmail.com, yahoo.com, hotmail.com)`},
		{"email without @", replace(base, `"conrad_stiedemann@gmail.com"`, `"conrad_stiedemann"`), "email", `email "conrad_stiedemann" is not one the producer makes: it has no @`},
		{"email local part", replace(base, `"conrad_stiedemann@gmail.com"`, `"vip.11@gmail.com"`), "email", `email "vip.11@gmail.com" is not one the producer makes: "vip" is not a first name of the vocabulary`},
		{"email digits too big", replace(base, `"conrad_stiedemann@gmail.com"`, `"conrad256@gmail.com"`), "email", `email "conrad256@gmail.com" is not one the producer makes: "256" is not a number from 0 to 255, the only digits it puts there (first, first.last, first.last7, first_last or first42)`},
		{"email non-ASCII", replace(base, `"conrad_stiedemann@gmail.com"`, `"josé@hotmail.com"`), "email", `email "josé@hotmail.com" is not one the producer makes: "jos" is not a first name of the vocabulary`},

		// credit_card_number
		{"card of no brand", replace(base, `"343161539353835"`, `"7378282246310005"`), "credit_card_number", `credit_card_number "7378282246310005" is not one the producer makes: no brand of the producer starts like this (American Express 3[47], Visa 4, MasterCard 5[12345])`},
		{"card too short", replace(base, `"343161539353835"`, `"37"`), "credit_card_number", `credit_card_number "37" is not one the producer makes: its American Express numbers have 15 digits, this one has 2`},
		{"card Luhn", replace(base, `"343161539353835"`, `"341111111111112"`), "credit_card_number", `credit_card_number "341111111111112" is not one the producer makes: it fails the Luhn check (the producer's numbers all pass it)`},
		{"card dashes", replace(base, `"343161539353835"`, `"3782-822463-10005"`), "credit_card_number", `credit_card_number "3782-822463-10005" is not one the producer makes: it has characters other than digits`},
		{"card a number", replace(base, `"343161539353835"`, `343161539353835`), "credit_card_number", `credit_card_number is a number, not a string`},

		// company_name, company_slogan
		{"company suffix", replace(base, `"Cassin Inc"`, `"Cassin GmbH"`), "company_name", `company_name "Cassin GmbH" is not one the producer makes: "GmbH" is not one of its company suffixes (it is made as Last Inc, Last and Sons, Last LLC, Last Group, Last-Last, or Last, Last and Last)`},
		{"company last name", replace(base, `"Cassin Inc"`, `"Quiet Fields LLC"`), "company_name", `company_name "Quiet Fields LLC" is not one the producer makes: "Fields LLC" is not one of its company suffixes (it is made as Last Inc, Last and Sons, Last LLC, Last Group, Last-Last, or Last, Last and Last)`},
		{"company not a last name", replace(base, `"Cassin Inc"`, `"Acme LLC"`), "company_name", `company_name "Acme LLC" is not one the producer makes: "Acme" is not a last name of the vocabulary`},
		{"slogan", replace(base, `"Managed mission-critical throughput"`, `"Harvest the calm"`), "company_slogan", `company_slogan "Harvest the calm" is not one the producer makes: it is three words of its catch phrase lists (catchphrase.json): head, middle, tail`},

		// the word lists
		{"industry", replace(base, `"Museums and Institutions"`, `"Vet"`), "industry", `industry "Vet" is not in the producer's industry list`},
		{"industry Reinsurance", replace(base, `"Museums and Institutions"`, `"Reinsurance"`), "industry", `industry "Reinsurance" is not in the producer's industry list`},
		{"a long value is cut short", replace(base, `"Museums and Institutions"`, `"`+strings.Repeat("é", 100)+`"`), "industry", `industry "` + strings.Repeat("é", 60) + `…" is not in the producer's industry list`},
		{"industry case", replace(base, `"Museums and Institutions"`, `"INTERNET"`), "industry", `industry "INTERNET" is not in the producer's industry list (it has "Internet")`},
		{"profession", replace(base, `"attorney at law"`, `"Engineer"`), "profession", `profession "Engineer" is not in the producer's profession list (it has "engineer")`},
		{"field", replace(base, `"Retail"`, `"Information Technology"`), "field", `field "Information Technology" is not in the producer's job field list`},
		{"time zone", replace(base, `"Pacific/Guam"`, `"asia/Tokyo"`), "time_zone", `time_zone "asia/Tokyo" is not in the producer's time zone list (it has "Asia/Tokyo")`},
		{"user agent", replace(base, `"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.517 Safari/537.36"`, `"Mozilla/5.0"`), "user_agent", `user_agent "Mozilla/5.0" is not in the producer's user agent list`},
		{"pack", replace(base, `"small"`, `"Free"`), "pack", `pack "Free" is not one the producer writes ("small" or "free")`},

		// user_name, avatar, name
		{"user name", replace(base, `"wendell_toy"`, `"neutral_user"`), "user_name", `user_name "neutral_user" is not one the producer makes: "neutral" is not a first name of the vocabulary`},
		{"user name last", replace(base, `"wendell_toy"`, `"wendell_user"`), "user_name", `user_name "wendell_user" is not one the producer makes: "user" is not a last name of the vocabulary (lower case, no apostrophe)`},
		{"user name digits after _", replace(base, `"wendell_toy"`, `"wendell_toy7"`), "user_name", `user_name "wendell_toy7" is not one the producer makes: "7" after first_last is not part of any user name it makes (first, first.last, first.last7, first_last or first42)`},
		{"user name leading zero", replace(base, `"wendell_toy"`, `"wendell.toy07"`), "user_name", `user_name "wendell.toy07" is not one the producer makes: "07" is not a number from 0 to 99, the only digits it puts there (first, first.last, first.last7, first_last or first42)`},
		{"user name capital", replace(base, `"wendell_toy"`, `"Wendell"`), "user_name", `user_name "Wendell" is not one the producer makes: a user name starts with a lower-case first name (first, first.last, first.last7, first_last or first42)`},
		{"avatar host", replace(base, `"https://robohash.org/melvina.olson7.png?size=50x50"`, `"https://example.com/a.png"`), "avatar", `avatar "https://example.com/a.png" is not one the producer makes: it is "example.org" or https://robohash.org/<user name>.png?size=50x50`},
		{"avatar name", replace(base, `melvina.olson7.png`, `near.miss.png`), "avatar", `avatar "https://robohash.org/near.miss.png?size=50x50" is not one the producer makes: "near" is not a first name of the vocabulary`},
		{"name", replace(base, `"Erin Bradtke"`, `"Jane Roe"`), "name", `name "Jane Roe" is not one the producer makes: "Roe" is not a last name of the vocabulary`},
		{"name case", replace(base, `"Erin Bradtke"`, `"john doe"`), "name", `name "john doe" is not one the producer makes: "john" is not a first name of the vocabulary`},
		{"name two spaces", replace(base, `"Erin Bradtke"`, `"John  Doe"`), "name", `name "John  Doe" is not one the producer makes: " Doe" is not a last name of the vocabulary`},

		// premium, credit
		{"premium a string", replace(base, `false`, `"false"`), "premium", `premium is a string, not true or false`},
		{"premium a number", replace(base, `false`, `1`), "premium", `premium is a number, not true or false`},
		{"premium null", replace(base, `false`, `null`), "premium", `premium is null, not true or false`},
		{"credit a string", replace(base, `-4,`, `"-4",`), "credit", `credit is a string, not a whole number`},
		{"credit null", replace(base, `-4,`, `null,`), "credit", `credit is null, not a whole number`},
		{"credit too high", replace(base, `-4,`, `25,`), "credit", `credit 25 is outside the producer's range [-20, 20)`},
		{"credit 20", replace(base, `-4,`, `20,`), "credit", `credit 20 is outside the producer's range [-20, 20)`},
		{"credit too low", replace(base, `-4,`, `-21,`), "credit", `credit -21 is outside the producer's range [-20, 20)`},
		{"credit huge", replace(base, `-4,`, `-3000000000000000000000,`), "credit", `credit -3000000000000000000000 is outside the producer's range [-20, 20)`},
		{"credit fraction", replace(base, `-4,`, `-18.5,`), "credit", `credit -18.5 is not written as a whole number; the producer writes integers like -7`},
		{"credit -18.0", replace(base, `-4,`, `-18.0,`), "credit", `credit -18.0 is not written as a whole number; the producer writes integers like -7`},
		{"credit exponent", replace(base, `-4,`, `-1.8e1,`), "credit", `credit -1.8e1 is not written as a whole number; the producer writes integers like -7`},
		{"credit -0", replace(base, `-4,`, `-0,`), "credit", `credit -0 is not written as the producer writes whole numbers`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Sendable([]byte(tt.value))
			if err == nil {
				t.Fatalf("Sendable(%s) = nil, want %q", tt.value, tt.want)
			}
			var u *UnsendableError
			if !errors.As(err, &u) {
				t.Fatalf("Sendable = %T %v, want an *UnsendableError", err, err)
			}
			if u.Reason != tt.want || err.Error() != tt.want {
				t.Errorf("Sendable:\n got %s\nwant %s", err, tt.want)
			}
			if u.Field != tt.field {
				t.Errorf("Field = %q, want %q", u.Field, tt.field)
			}
		})
	}

	// Every field of the producer is broken at least once above.
	broken := map[string]bool{}
	for _, tt := range tests {
		broken[tt.field] = true
	}
	for _, f := range fieldOrder {
		if !broken[f] {
			t.Errorf("no case breaks field %q", f)
		}
	}
}

// FuzzSendable checks that Sendable never panics, accepts only valid JSON
// objects with the 15 fields, and that what it accepts stays sendable when
// decoded and written again as the producer writes it.
func FuzzSendable(f *testing.F) {
	f.Add([]byte(base))
	f.Add([]byte(replace(base, `"pack":"small"`, `"pack": "small"`)))
	f.Add([]byte(replace(base, `-4,`, `-18.0,`)))
	f.Add([]byte(`{"pack":"free"}`))
	f.Add([]byte(" "))
	f.Add([]byte(`{"a":1}`))
	f.Fuzz(func(t *testing.T, value []byte) {
		if Sendable(value) != nil {
			return
		}
		var u User
		dec := json.NewDecoder(bytes.NewReader(value))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&u); err != nil {
			t.Fatalf("Sendable(%q) = nil, but it does not decode as a user: %v", value, err)
		}
		if err := Sendable(u.JSON()); err != nil {
			t.Fatalf("Sendable(%q) = nil, but the same user written again is not sendable: %v", value, err)
		}
	})
}

func BenchmarkSendable(b *testing.B) {
	p := New(349)
	values := make([][]byte, 1000)
	size := 0
	for i := range values {
		values[i] = p.Next().JSON()
		size += len(values[i])
	}
	b.SetBytes(int64(size / len(values)))
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if err := Sendable(values[i%len(values)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

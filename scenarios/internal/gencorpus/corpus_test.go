package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/scenarios"
	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

var update = flag.Bool("update", false, "rewrite the golden scenarios/builtin/producer-corpus.yaml")

var goldenPath = filepath.Join("..", "..", "builtin", "producer-corpus.yaml")

// TestGoldenCorpus regenerates the corpus and compares it byte for byte
// with the committed file, so neither the producer nor the oracle can
// change it silently.
func TestGoldenCorpus(t *testing.T) {
	var b bytes.Buffer
	writeCorpus(&b, defaultSeed, defaultUsers)
	if *update {
		if err := os.WriteFile(goldenPath, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s; review the diff and run crosscheck.py", goldenPath)
		return
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Bytes(); !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from a fresh generation, first at line %d:\n got %q\nwant %q\n"+
					"if the change is deliberate: go test ./scenarios/internal/gencorpus -update, review the diff, run crosscheck.py",
					goldenPath, i+1, g, w)
			}
		}
	}
}

// TestCorpusLoads reads the golden file with the scenario loader: every
// value survives YAML as the producer made it, so the corpus is classroom
// tier (every event a user the producer could send).
func TestCorpusLoads(t *testing.T) {
	all, err := scenarios.Load(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	s := all[0]
	if s.Tier != scenarios.TierClassroom {
		t.Errorf("the corpus is %s tier, want classroom: %s", s.Tier, s.TierReason)
	}
	if len(s.Events) != defaultUsers || len(s.Teams) != 15 {
		t.Fatalf("got %d events and %d teams, want %d and 15", len(s.Events), len(s.Teams), defaultUsers)
	}
	p := producer.New(defaultSeed)
	seen := map[string]bool{}
	for i, e := range s.Events {
		u := p.Next()
		for seen[u.Email] {
			u = p.Next()
		}
		seen[u.Email] = true
		if e.Email != u.Email {
			t.Fatalf("event %d: email %q, want %q", i+1, e.Email, u.Email)
		}
		for _, v := range []string{u.CompanyName, u.UserAgent, u.Avatar, u.Name, u.CreditCardNumber} {
			if !bytes.Contains(e.Value, []byte(v)) {
				t.Fatalf("event %d: value %s does not hold %q", i+1, e.Value, v)
			}
		}
	}
}

// TestOracle checks each row of the oracle on a match and a near miss,
// worked out by hand from the tutorial's rules table.
func TestOracle(t *testing.T) {
	neutral := producer.User{
		Email: "n@gmail.com", CreditCardNumber: "4111111111111111", Industry: "Farming",
		Avatar: "https://robohash.org/n.png?size=50x50", Name: "Jane Roe", Profession: "teacher",
		Field: "Marketing", TimeZone: "America/Chicago", UserAgent: "Mozilla/5.0", Pack: "small",
	}
	with := func(f func(*producer.User)) producer.User {
		u := neutral
		f(&u)
		return u
	}
	cases := []struct {
		team        string
		match, miss producer.User
	}{
		{"team-1", with(func(u *producer.User) { u.Email = "a@HOTMAIL.com" }), with(func(u *producer.User) { u.Email = "hot.mail@gmail.com" })},
		{"team-2", with(func(u *producer.User) { u.CreditCardNumber = "378282246310005" }), with(func(u *producer.User) { u.CreditCardNumber = "4137000000000000" })},
		{"team-3", with(func(u *producer.User) { u.Industry = "Reinsurance" }), with(func(u *producer.User) { u.Industry = "Assurance" })},
		{"team-4", with(func(u *producer.User) { u.Industry = "Telecommunications" }), with(func(u *producer.User) { u.Industry = "Information Technology and Services" })},
		{"team-5", with(func(u *producer.User) { u.Industry = "Veterinary" }), with(func(u *producer.User) { u.Industry = "Alternative Medicine" })},
		{"team-6", with(func(u *producer.User) { u.Profession = "Engineer" }), with(func(u *producer.User) { u.Profession = "civil engineer" })},
		{"team-7", with(func(u *producer.User) { u.Premium, u.Credit = true, 11 }), with(func(u *producer.User) { u.Premium, u.Credit = true, 10 })},
		{"team-8", with(func(u *producer.User) { u.Credit = -16 }), with(func(u *producer.User) { u.Credit = -15 })},
		{"team-9", with(func(u *producer.User) { u.TimeZone = "Asia/Tokyo" }), with(func(u *producer.User) { u.TimeZone = "asia/Tokyo" })},
		{"team-10", with(func(u *producer.User) { u.UserAgent = "Mozilla/5.0 (Trident/7.0)" }), with(func(u *producer.User) { u.UserAgent = "msie" })},
		{"team-11", with(func(u *producer.User) { u.TimeZone = "Europe/Paris" }), with(func(u *producer.User) { u.TimeZone = "Atlantic/Azores" })},
		{"team-12", with(func(u *producer.User) { u.Field = "technology" }), with(func(u *producer.User) { u.Field = "Information Technology" })},
		{"team-13", with(func(u *producer.User) { u.Avatar = "https://example.org/x.png" }), with(func(u *producer.User) { u.Avatar = "https://example.com/x.png" })},
		{"team-14", with(func(u *producer.User) { u.Name = "John Doe" }), with(func(u *producer.User) { u.Name = "john doe" })},
		{"team-15", with(func(u *producer.User) { u.Pack = "free" }), with(func(u *producer.User) { u.Pack = "Free" })},
	}
	if len(cases) != len(oracle) {
		t.Fatalf("%d cases for %d rules", len(cases), len(oracle))
	}
	for i, r := range oracle {
		if r.matches(neutral) {
			t.Errorf("%s matches the neutral user", r.team)
		}
		c := cases[i]
		if c.team != r.team {
			t.Fatalf("case %d is for %s, rule for %s", i, c.team, r.team)
		}
		if !r.matches(c.match) {
			t.Errorf("%s: does not match %+v, want a match", r.team, c.match)
		}
		if r.matches(c.miss) {
			t.Errorf("%s: matches %+v, want no match", r.team, c.miss)
		}
	}
}

func TestScalar(t *testing.T) {
	for in, want := range map[string]string{
		"alta.kub42@gmail.com":  "alta.kub42@gmail.com",
		"Asia/Tokyo":            "Asia/Tokyo",
		"Computer Software":     "Computer Software",
		"378282246310005":       `"378282246310005"`,
		"no":                    `"no"`,
		"On":                    `"On"`,
		"Null":                  `"Null"`,
		"":                      `""`,
		"Gambling & Casinos":    `"Gambling & Casinos"`,
		"Rippin, Mitchell":      `"Rippin, Mitchell"`,
		"O'Keefe-Kub":           `"O'Keefe-Kub"`,
		"https://robohash.org/": `"https://robohash.org/"`,
		"trailing ":             `"trailing "`,
		`say "hi"`:              `"say \"hi\""`,
		"a<b>":                  `"a<b>"`,
	} {
		if got := scalar(in); got != want {
			t.Errorf("scalar(%q) = %s, want %s", in, got, want)
		}
	}
}

package scenarios

import (
	"os"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// TestNeutralUserMatchesNoTeam proves the documented neutral user is a
// valid user that no team's rule selects, so partial users only match
// through the fields a scenario sets.
func TestNeutralUserMatchesNoTeam(t *testing.T) {
	u, err := client.ParseUser(NeutralUser().JSON())
	if err != nil {
		t.Fatalf("the neutral user is not a valid user: %v", err)
	}
	for _, team := range classroom.TeamNames() {
		rule, err := client.RuleFor(team)
		if err != nil {
			t.Fatal(err)
		}
		if rule.Match(u) {
			t.Errorf("the neutral user matches %s's rule", team)
		}
	}
}

// TestNeutralUserDetectsAMatch keeps the test above honest: for every
// team, one field of the neutral user changed to a vocabulary value makes
// that team match, and only that team, and the user stays one the producer
// could send. So the rules checked above do select users, and the neutral
// user is one change away from each of them.
func TestNeutralUserDetectsAMatch(t *testing.T) {
	changes := map[string]func(*producer.User){
		"team-1": func(u *producer.User) { u.Email = "jane.rowe@hotmail.com" },
		"team-2": func(u *producer.User) { u.CreditCardNumber = "378282246310005" },
		"team-3": func(u *producer.User) { u.Industry = "Banking" },
		"team-4": func(u *producer.User) { u.Industry = "Internet" },
		"team-5": func(u *producer.User) { u.Industry = "Veterinary" },
		"team-6": func(u *producer.User) { u.Profession = "engineer" },
		"team-7": func(u *producer.User) { u.Premium, u.Credit = true, 11 },
		"team-8": func(u *producer.User) { u.Credit = -16 },
		"team-9": func(u *producer.User) { u.TimeZone = "Asia/Tokyo" },
		"team-10": func(u *producer.User) {
			u.UserAgent = "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; AS; rv:11.0) like Gecko"
		},
		"team-11": func(u *producer.User) { u.TimeZone = "Europe/Paris" },
		"team-12": func(u *producer.User) { u.Field = "IT" },
		"team-13": func(u *producer.User) { u.Avatar = "example.org" },
		"team-14": func(u *producer.User) { u.Name = "John Doe" },
		"team-15": func(u *producer.User) { u.Pack = "free" },
	}
	for _, team := range classroom.TeamNames() {
		change, ok := changes[team]
		if !ok {
			t.Errorf("no change for %s", team)
			continue
		}
		n := NeutralUser()
		change(&n)
		if err := producer.Sendable(n.JSON()); err != nil {
			t.Errorf("%s: the changed neutral user is not one the producer could send: %v", team, err)
		}
		u, err := client.ParseUser(n.JSON())
		if err != nil {
			t.Fatal(err)
		}
		for _, other := range classroom.TeamNames() {
			rule, _ := client.RuleFor(other)
			if got, want := rule.Match(u), other == team; got != want {
				t.Errorf("neutral user changed for %s: %s's rule matches = %v, want %v", team, other, got, want)
			}
		}
	}
}

// TestNeutralUserIsSendable proves the neutral user is a user the
// tutorial's producer could send, so user events that set only
// vocabulary values make classroom-tier scenarios.
func TestNeutralUserIsSendable(t *testing.T) {
	if err := producer.Sendable(NeutralUser().JSON()); err != nil {
		t.Errorf("the neutral user is not one the producer could send: %v", err)
	}
}

// TestNeutralUserIsDocumented reads the neutral user listed in the package
// documentation (doc.go) and checks it is NeutralUser, field for field.
func TestNeutralUserIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "// # The neutral user\n")
	if !ok {
		t.Fatal("doc.go has no section # The neutral user")
	}
	var fields []string
	for _, line := range strings.Split(rest, "\n") {
		if m, ok := strings.CutPrefix(line, "//\t"); ok {
			fields = append(fields, "      "+m)
		} else if len(fields) > 0 {
			break
		}
	}
	file := "name: doc\nteams: [team-1]\nevents:\n  - user:\n" + strings.Join(fields, "\n") + "\nexpect:\n  actions: []\n"
	s, err := Parse("doc.go", []byte(file))
	if err != nil {
		t.Fatalf("the neutral user of doc.go does not parse: %v\n%s", err, file)
	}
	if len(fields) != 15 {
		t.Errorf("doc.go lists %d fields of the neutral user, want 15", len(fields))
	}
	if got, want := string(s.Events[0].Value), string(NeutralUser().JSON()); got != want {
		t.Errorf("doc.go's neutral user:\n got %s\nwant %s", got, want)
	}
}

package scenarios

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseGood(t *testing.T) {
	got, err := Load("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := got[0]
	if s.Name != "parser example" || s.Description != "every kind of event" {
		t.Errorf("name, description = %q, %q", s.Name, s.Description)
	}
	if diff := cmp.Diff([]string{"team-1", "team-7"}, s.Teams); diff != "" {
		t.Errorf("teams (-want +got):\n%s", diff)
	}
	wantValues := []string{
		`{"email":"a@hotmail.com","credit_card_number":"4111111111111111","company_name":"Green LLC","company_slogan":"Organic stable solution","industry":"Farming","user_name":"jane_rowe","avatar":"https://robohash.org/jane_rowe.png?size=50x50","name":"Jane Rowe","profession":"teacher","field":"Marketing","premium":false,"credit":0,"time_zone":"America/Chicago","user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.517 Safari/537.36","pack":"small"}`,
		`not json {`,
		``,
		`{"email":"vip@gmail.com","credit_card_number":"4111111111111111","company_name":"Green LLC","company_slogan":"Organic stable solution","industry":"Farming","user_name":"jane_rowe","avatar":"https://robohash.org/jane_rowe.png?size=50x50","name":"Jane Rowe","profession":"teacher","field":"Marketing","premium":true,"credit":11,"time_zone":"America/Chicago","user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.517 Safari/537.36","pack":"small"}`,
		`{"email":"jane.rowe@gmail.com","credit_card_number":"4111111111111111","company_name":"Green LLC","company_slogan":"Organic stable solution","industry":"Farming","user_name":"jane_rowe","avatar":"https://robohash.org/jane_rowe.png?size=50x50","name":"Jane Rowe","profession":"teacher","field":"Marketing","premium":false,"credit":0,"time_zone":"America/Chicago","user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.517 Safari/537.36","pack":"small"}`,
	}
	var gotValues []string
	var lines []int
	for _, e := range s.Events {
		gotValues = append(gotValues, string(e.Value))
		lines = append(lines, e.Line)
	}
	if diff := cmp.Diff(wantValues, gotValues); diff != "" {
		t.Errorf("event values (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{5, 6, 7, 8, 12}, lines); diff != "" {
		t.Errorf("event lines (-want +got):\n%s", diff)
	}
	if len(s.Expect) != 2 || s.Expect[1].Line != 16 || s.Expect[1].Team != "team-7" || s.Expect[1].Customer != "vip@gmail.com" {
		t.Errorf("expect = %+v", s.Expect)
	}
	// The reason names the event that tells most: a value that is not a
	// user at all, before an email the producer would not make.
	if want := `event 2 (testdata/good.yaml:6): not valid JSON: invalid character 'o' in literal null (expecting 'u') (at byte 2)`; s.Tier != TierEdge || s.TierReason != want {
		t.Errorf("tier, reason = %q, %q; want edge, %q", s.Tier, s.TierReason, want)
	}
	if got, want := s.SourceOf("vip@gmail.com"), "event 4 (testdata/good.yaml:8)"; got != want {
		t.Errorf("SourceOf = %q, want %q", got, want)
	}
	one, ok := s.ForTeam("team-7")
	if !ok || len(one.Expect) != 1 || one.Expect[0].Team != "team-7" || len(one.Teams) != 1 {
		t.Errorf("ForTeam(team-7) = %+v, %v", one, ok)
	}
	if _, ok := s.ForTeam("team-2"); ok {
		t.Error("ForTeam(team-2) succeeded for a scenario without team-2")
	}
}

// TestParseBad proves each malformed file is rejected with its file, line
// and a reason that says what to fix.
func TestParseBad(t *testing.T) {
	tests := []struct{ file, want string }{
		{"syntax.yaml", "testdata/bad/syntax.yaml:3: YAML syntax"},
		{"unknown-key.yaml", `testdata/bad/unknown-key.yaml:4: unknown key "exepct"`},
		{"unknown-team.yaml", "testdata/bad/unknown-team.yaml:4: unknown team Team-3"},
		{"event-kind.yaml", "testdata/bad/event-kind.yaml:5: event 2 must have exactly one key, user or raw (got keys usr)"},
		{"user-field.yaml", `testdata/bad/user-field.yaml:4: event 1: unknown user field "emial"`},
		{"user-type.yaml", `testdata/bad/user-type.yaml:5: event 1: credit_card_number must be text, got 371449635398431: quote it (credit_card_number: "371449635398431"), or use raw: to send a number`},
		{"action-team.yaml", `testdata/bad/action-team.yaml:6: expected action 1 is from "team-2", which is not in teams`},
		{"action-field.yaml", `testdata/bad/action-field.yaml:6: expected action 1: unknown field "reasn"`},
		{"no-expect.yaml", `testdata/bad/no-expect.yaml:1: missing key "expect"`},
		{"expect-key.yaml", `testdata/bad/expect-key.yaml:6: unknown key "acions" under expect (the keys are actions and keyed): expect has actions already, so move what is under acions into it, or remove it`},
		{"tag.yaml", "testdata/bad/tag.yaml:4: YAML tag !foo: a scenario is plain YAML"},
		{"empty-document.yaml", "testdata/bad/empty-document.yaml:2: the YAML document here is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := Load("testdata/bad/" + tt.file)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant prefix %q", err, tt.want)
			}
			if !isFileError(err) {
				t.Errorf("isFileError(%v) = false", err)
			}
		})
	}
}

func TestLoadDirRejectsDuplicateNames(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.yaml", "b.yaml"} {
		writeFile(t, dir+"/"+f, "name: same\nteams: [team-1]\nexpect:\n  actions: []\n")
	}
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), `name "same" is already used by`) {
		t.Errorf("Load = %v, want a duplicate-name error", err)
	}
}

func TestBuiltinLoads(t *testing.T) {
	suite, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, s := range suite {
		for _, a := range s.Expect {
			covered[a.Team] = true
		}
	}
	for i := 1; i <= 15; i++ {
		team := "team-" + strconv.Itoa(i)
		if !covered[team] {
			t.Errorf("no built-in scenario expects an action from %s", team)
		}
	}
}

func BenchmarkParseBuiltin(b *testing.B) {
	for b.Loop() {
		if _, err := loadFS(builtin, "builtin", "scenarios/builtin/"); err != nil {
			b.Fatal(err)
		}
	}
}

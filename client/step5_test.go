package client

import (
	"strings"
	"testing"
)

// TestStep5Records: the keyed records of each edition's step 5, as the
// docs' snippets build them.
func TestStep5Records(t *testing.T) {
	w, _ := newStep5(Watchlist, "team-5")
	var got []string
	for _, c := range []string{"Kub Inc", "Toy and Sons", "Kub Inc"} {
		w.seen()
		r := w.matched(User{CompanyName: c})
		got = append(got, r.Topic+" "+string(r.Key)+" "+string(r.Value))
	}
	want := []string{
		`watchlist Kub Inc {"team":"team-5","company":"Kub Inc","flag_count":1}`,
		`watchlist Toy and Sons {"team":"team-5","company":"Toy and Sons","flag_count":1}`,
		`watchlist Kub Inc {"team":"team-5","company":"Kub Inc","flag_count":2}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("watchlist records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	s, _ := newStep5(TeamStats, "team-5")
	s.seen()
	s.seen()
	r := s.matched(User{})
	if got := r.Topic + " " + string(r.Key) + " " + string(r.Value); got != `team_stats team-5 {"team":"team-5","processed":2,"flagged":1}` {
		t.Errorf("team_stats record: %s", got)
	}

	none, _ := newStep5("", "team-5")
	if r := none.matched(User{}); r != nil {
		t.Errorf("without step 5: %+v, want none", r)
	}
	if _, err := newStep5("watchlists", "team-5"); err == nil {
		t.Error(`step 5 "watchlists": no error`)
	}
}

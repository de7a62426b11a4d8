package textdist

import "testing"

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"action", "actions", 1}, {"timezone", "time_zone", 1}, {"team3", "team-3", 1},
		{"kitten", "sitting", 3}, {"é", "e", 1}, {"new_users", "", 9},
	} {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	words := []string{"349bd19", "2026-01"}
	for in, want := range map[string]string{"2026-1": "2026-01", "349bd1": "349bd19", "2025-01": "2026-01", "x": "", "classroom": ""} {
		if got := Nearest(in, words); got != want {
			t.Errorf("Nearest(%q) = %q, want %q", in, got, want)
		}
	}
}

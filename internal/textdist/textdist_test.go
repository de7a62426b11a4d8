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

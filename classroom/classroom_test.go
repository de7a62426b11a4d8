package classroom_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kafkacheck/kafkacheck/classroom"
)

func TestCheckMechanism(t *testing.T) {
	for _, m := range []string{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"} {
		if err := classroom.CheckMechanism(m); err != nil {
			t.Errorf("CheckMechanism(%q) = %v, want nil", m, err)
		}
	}
	want := `unknown SASL mechanism "plain": want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`
	if err := classroom.CheckMechanism("plain"); err == nil || err.Error() != want {
		t.Errorf("CheckMechanism(plain) = %v, want %q", err, want)
	}
}

func TestDefaultTopicNames(t *testing.T) {
	want := []string{"new_users", "actions", "watchlist", "scorer_state"}
	if diff := cmp.Diff(want, classroom.Default().TopicNames()); diff != "" {
		t.Errorf("TopicNames (-want +got):\n%s", diff)
	}
}

func TestIsTeam(t *testing.T) {
	for name, want := range map[string]bool{"team-1": true, "team-15": true, "team-16": false, "team-0": false, "Team-1": false, "": false} {
		if got := classroom.IsTeam(name); got != want {
			t.Errorf("IsTeam(%q) = %t, want %t", name, got, want)
		}
	}
}

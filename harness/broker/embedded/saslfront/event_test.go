package saslfront

import "testing"

func TestUserOf(t *testing.T) {
	for _, tc := range []struct {
		mechanism, token, want string
	}{
		{"PLAIN", "\x00team-1\x00team-1-secret", "team-1"},
		{"PLAIN", "team-1\x00team-1\x00team-1-secret", "team-1"},
		{"PLAIN", "team-1\x00team-1-secret", ""},
		{"PLAIN", "", ""},
		{"SCRAM-SHA-256", "n,,n=team-1,r=fyko+d2lbbFgONRv9qkxdawL", "team-1"},
		{"SCRAM-SHA-512", "n,a=team-1,n=team-1,r=abc", "team-1"},
		{"SCRAM-SHA-256", "y,,n=we=2Cird=3Dname,r=abc", "we,ird=name"},
		{"SCRAM-SHA-256", "n,,r=abc", ""},
		{"SCRAM-SHA-256", "garbage", ""},
	} {
		if got := userOf(tc.mechanism, []byte(tc.token)); got != tc.want {
			t.Errorf("userOf(%s, %q) = %q, want %q", tc.mechanism, tc.token, got, tc.want)
		}
	}
}

package judge

import "testing"

func TestNearMiss(t *testing.T) {
	want := []byte(`{"customer":"a@hotmail.com","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}`)
	for _, tt := range []struct{ got, diff string }{
		{`{"customer": "a@hotmail.com", "type": "CONTACT_CUSTOMER", "reason": "VIP_USER", "team": "team-1"}`,
			`reason is "VIP_USER", want "LEGACY_EMAIL_PROVIDER"`},
		{`{"customer": "a@hotmail.com", "type": "CONTACT_CUSTOMER", "reason": "LEGACY_EMAIL_PROVIDER", "team": "team-1", "pad": 1}`,
			`field "pad" should not be there`},
		{`{"customer": "a@hotmail.com", "type": "CONTACT_CUSTOMER", "team": 1}`,
			`reason is missing, want "LEGACY_EMAIL_PROVIDER"; team is 1, want "team-1"`},
		{`{"customer": "b@hotmail.com", "type": "X", "reason": "Y", "team": "team-1"}`, ``}, // another user
		{string(want), ``}, // the same action
		{`not json`, ``},
	} {
		if got := NearMiss(want, []byte(tt.got)); got != tt.diff {
			t.Errorf("NearMiss(%s) = %q, want %q", tt.got, got, tt.diff)
		}
	}
}

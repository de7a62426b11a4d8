package client

import "testing"

// TestRules checks each team's rule on a user that matches and on a near
// miss; the scenarios check the same end to end with literal actions.
func TestRules(t *testing.T) {
	tests := []struct {
		team     string
		match    User
		nearMiss User
		typ, why string
	}{
		{"team-1", User{Email: "x@HotMail.com"}, User{Email: "x@hot-mail.com"}, "CONTACT_CUSTOMER", "LEGACY_EMAIL_PROVIDER"},
		{"team-2", User{CreditCardNumber: "371449635398431"}, User{CreditCardNumber: "341449635398431"}, "CREDIT_CARD_VERIFICATION", "AMEX_CARD"},
		{"team-3", User{Industry: "Reinsurance"}, User{Industry: "Insular Trade"}, "SALES_LEAD", "FINANCIAL_SECTOR"},
		{"team-4", User{Industry: "Telecommunications"}, User{Industry: "Telegraph"}, "ACQUISITION_TARGET", "TECH_COMPANY"},
		{"team-5", User{Industry: "Veterinary"}, User{Industry: "Vet"}, "CONTACT_CUSTOMER", "HEALTHCARE_COMPLIANCE"},
		{"team-6", User{Profession: "Engineer"}, User{Profession: "civil engineer"}, "HIRE_CUSTOMER", "IS_ENGINEER"},
		{"team-7", User{Premium: true, Credit: 11}, User{Premium: true, Credit: 10}, "CONTACT_CUSTOMER", "VIP_USER"},
		{"team-8", User{Credit: -16}, User{Credit: -15}, "CONTACT_CUSTOMER", "CRITICAL_DEBT"},
		{"team-9", User{TimeZone: "Asia/Tokyo"}, User{TimeZone: "asia/Tokyo"}, "CONTACT_CUSTOMER", "APAC_EXPANSION"},
		{"team-10", User{UserAgent: "Mozilla/4.0 (compatible; MSIE 6.0)"}, User{UserAgent: "msie"}, "CONTACT_CUSTOMER", "LEGACY_BROWSER"},
		{"team-11", User{TimeZone: "Europe/Paris"}, User{TimeZone: "Asia/Europe"}, "TRIGGER_GDPR_COMPLIANCE", "IN_EUROPE"},
		{"team-12", User{Field: "Technology"}, User{Field: "Information Technology"}, "HIRE_CUSTOMER", "TECH_PROFESSIONAL"},
		{"team-13", User{Avatar: "http://robohash.org/x.png"}, User{Avatar: "https://robohash.org/x.png"}, "CONTACT_CUSTOMER", "INVALID_AVATAR"},
		{"team-14", User{Name: "John Doe"}, User{Name: "john doe"}, "BAN_CUSTOMER", "SUSPICIOUS_NAME"},
		{"team-15", User{Pack: "free"}, User{Pack: "Free"}, "CONTACT_CUSTOMER", "UPGRADE_FREE"},
	}
	for _, tt := range tests {
		t.Run(tt.team, func(t *testing.T) {
			r, err := RuleFor(tt.team)
			if err != nil {
				t.Fatal(err)
			}
			// Users with an https avatar, so team-13 does not match them all.
			if tt.team != "team-1" {
				tt.match.Email, tt.nearMiss.Email = "m@gmail.com", "n@gmail.com"
			}
			if tt.team != "team-13" {
				tt.match.Avatar, tt.nearMiss.Avatar = "https://robohash.org/a.png", "https://robohash.org/a.png"
			}
			a, ok := r.Act(tt.team, tt.match)
			want := Action{Customer: tt.match.Email, Type: tt.typ, Reason: tt.why, Team: tt.team}
			if !ok || a != want {
				t.Errorf("Act(match) = %+v, %v; want %+v", a, ok, want)
			}
			if _, ok := r.Act(tt.team, tt.nearMiss); ok {
				t.Errorf("near miss %+v matched", tt.nearMiss)
			}
		})
	}
	if _, err := RuleFor("Team-3"); err == nil {
		t.Error("RuleFor accepted Team-3")
	}
}

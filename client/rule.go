package client

import (
	"fmt"
	"strings"
)

// Rule is one team's filter and the action it asks for.
type Rule struct {
	Type, Reason string
	Match        func(User) bool
}

// rules are the teams' filters with the semantics of the classroom
// simulator (backend/simulator/src/filters/rules.rs), which the tutorial
// follows more loosely in its docs. Where the two differ, the simulator wins:
// team-3 lower-cases the industry, so "Reinsurance" matches, although the
// docs' Python example ("Insur" in industry) would miss it.
var rules = map[string]Rule{
	"team-1": {"CONTACT_CUSTOMER", "LEGACY_EMAIL_PROVIDER", func(u User) bool {
		return strings.Contains(lower(u.Email), "hotmail")
	}},
	"team-2": {"CREDIT_CARD_VERIFICATION", "AMEX_CARD", func(u User) bool {
		return strings.HasPrefix(u.CreditCardNumber, "37")
	}},
	"team-3": {"SALES_LEAD", "FINANCIAL_SECTOR", func(u User) bool {
		return containsAny(lower(u.Industry), "bank", "financ", "insur", "invest", "account", "capital")
	}},
	"team-4": {"ACQUISITION_TARGET", "TECH_COMPANY", func(u User) bool {
		return containsAny(lower(u.Industry), "computer", "internet", "semiconductor", "telecom", "wireless")
	}},
	"team-5": {"CONTACT_CUSTOMER", "HEALTHCARE_COMPLIANCE", func(u User) bool {
		return containsAny(lower(u.Industry), "health", "hospital", "medical", "pharma", "biotech", "veterinary")
	}},
	"team-6": {"HIRE_CUSTOMER", "IS_ENGINEER", func(u User) bool {
		return lower(u.Profession) == "engineer"
	}},
	"team-7": {"CONTACT_CUSTOMER", "VIP_USER", func(u User) bool {
		return u.Premium && u.Credit > 10
	}},
	"team-8": {"CONTACT_CUSTOMER", "CRITICAL_DEBT", func(u User) bool {
		return u.Credit < -15
	}},
	"team-9": {"CONTACT_CUSTOMER", "APAC_EXPANSION", func(u User) bool {
		return strings.HasPrefix(u.TimeZone, "Asia/")
	}},
	"team-10": {"CONTACT_CUSTOMER", "LEGACY_BROWSER", func(u User) bool {
		return strings.Contains(u.UserAgent, "MSIE") || strings.Contains(u.UserAgent, "Trident")
	}},
	"team-11": {"TRIGGER_GDPR_COMPLIANCE", "IN_EUROPE", func(u User) bool {
		return strings.HasPrefix(u.TimeZone, "Europe/")
	}},
	"team-12": {"HIRE_CUSTOMER", "TECH_PROFESSIONAL", func(u User) bool {
		f := lower(u.Field)
		return f == "it" || f == "technology"
	}},
	"team-13": {"CONTACT_CUSTOMER", "INVALID_AVATAR", func(u User) bool {
		return strings.Contains(u.Avatar, "example.org") || !strings.HasPrefix(u.Avatar, "https://")
	}},
	"team-14": {"BAN_CUSTOMER", "SUSPICIOUS_NAME", func(u User) bool {
		return u.Name == "John Doe"
	}},
	"team-15": {"CONTACT_CUSTOMER", "UPGRADE_FREE", func(u User) bool {
		return u.Pack == "free"
	}},
}

// RuleFor returns the rule of team, which must be team-1 … team-15.
func RuleFor(team string) (Rule, error) {
	r, ok := rules[team]
	if !ok {
		return Rule{}, fmt.Errorf("unknown team %q (want team-1 … team-15, lower case)", team)
	}
	return r, nil
}

// lower lower-cases s as Rust's str::to_lowercase does, which the
// simulator uses: Go maps İ (U+0130) to a plain i, Rust to i followed by a
// combining dot (its one unconditional special case), so "HOTMAİL" does not
// contain "hotmail" there. Rust's final-sigma rule cannot change a match
// against these ASCII keywords, so it is not reproduced.
func lower(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "\u0130", "i\u0307"))
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

package classroom

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Rule is one row of the tutorial's rules table (its docs, step 2), with
// the exact semantics of the classroom's simulator
// (backend/simulator/src/filters/rules.rs): "lower-cased" is Rust's
// to_lowercase, everything else is case-sensitive, and the credit
// comparisons are strict.
//
// This is the harness's rule oracle, used to explain and to judge what a
// team's program sent: it shares no code with the reference client
// (package client), the code under test.
type Rule struct {
	Team, Type, Reason string
	// Docs is the rule in the words of the tutorial's rules table.
	Docs string
	// Reads names the fields of a user the rule reads.
	Reads []string
	match func(NewUser) bool
}

// Selects reports whether the rule asks for an action about u.
func (r Rule) Selects(u NewUser) bool { return r.match(u) }

// Action returns the action the team must send for u, as a JSON object.
func (r Rule) Action(u NewUser) []byte {
	b, _ := json.Marshal(map[string]string{"customer": u.Email, "type": r.Type, "reason": r.Reason, "team": r.Team})
	return b
}

// Fields shows the values of the fields the rule reads in u, such as
// `industry: "Hospital & Health Care"`.
func (r Rule) Fields(u NewUser) string {
	parts := make([]string, len(r.Reads))
	for i, f := range r.Reads {
		parts[i] = f + ": " + valueOf(u, f)
	}
	return strings.Join(parts, ", ")
}

func valueOf(u NewUser, field string) string {
	switch field {
	case "email":
		return fmt.Sprintf("%q", u.Email)
	case "credit_card_number":
		return fmt.Sprintf("%q", u.CreditCardNumber)
	case "industry":
		return fmt.Sprintf("%q", u.Industry)
	case "profession":
		return fmt.Sprintf("%q", u.Profession)
	case "premium":
		return fmt.Sprint(u.Premium)
	case "credit":
		return fmt.Sprint(u.Credit)
	case "time_zone":
		return fmt.Sprintf("%q", u.TimeZone)
	case "user_agent":
		return fmt.Sprintf("%q", u.UserAgent)
	case "field":
		return fmt.Sprintf("%q", u.Field)
	case "avatar":
		return fmt.Sprintf("%q", u.Avatar)
	case "name":
		return fmt.Sprintf("%q", u.Name)
	case "pack":
		return fmt.Sprintf("%q", u.Pack)
	}
	return "?"
}

// Lowered reports whether the rule lower-cases the field it reads before
// it compares (the docs say "case-insensitive"): teams 1, 3, 4, 5, 6 and
// 12; the others compare case-sensitively.
func (r Rule) Lowered() bool {
	switch r.Team {
	case "team-1", "team-3", "team-4", "team-5", "team-6", "team-12":
		return true
	}
	return false
}

// RuleOf returns the rule of team, or false for a name that is not one of
// team-1 … team-15.
func RuleOf(team string) (Rule, bool) {
	for _, r := range rules {
		if r.Team == team {
			return r, true
		}
	}
	return Rule{}, false
}

// Rules returns the 15 rules, team-1 first.
func Rules() []Rule { return append([]Rule(nil), rules...) }

var rules = []Rule{
	{"team-1", "CONTACT_CUSTOMER", "LEGACY_EMAIL_PROVIDER", "email contains hotmail (case-insensitive)",
		[]string{"email"}, func(u NewUser) bool { return lowerHas(u.Email, "hotmail") }},
	{"team-2", "CREDIT_CARD_VERIFICATION", "AMEX_CARD", "credit_card_number starts with 37",
		[]string{"credit_card_number"}, func(u NewUser) bool { return strings.HasPrefix(u.CreditCardNumber, "37") }},
	{"team-3", "SALES_LEAD", "FINANCIAL_SECTOR", "industry contains Bank, Financ, Insur, Invest, Account or Capital",
		[]string{"industry"}, func(u NewUser) bool {
			return lowerHas(u.Industry, "bank", "financ", "insur", "invest", "account", "capital")
		}},
	{"team-4", "ACQUISITION_TARGET", "TECH_COMPANY", "industry contains Computer, Internet, Semiconductor, Telecom or Wireless",
		[]string{"industry"}, func(u NewUser) bool {
			return lowerHas(u.Industry, "computer", "internet", "semiconductor", "telecom", "wireless")
		}},
	{"team-5", "CONTACT_CUSTOMER", "HEALTHCARE_COMPLIANCE", "industry contains Health, Hospital, Medical, Pharma, Biotech or Veterinary",
		[]string{"industry"}, func(u NewUser) bool {
			return lowerHas(u.Industry, "health", "hospital", "medical", "pharma", "biotech", "veterinary")
		}},
	{"team-6", "HIRE_CUSTOMER", "IS_ENGINEER", "profession is engineer (case-insensitive)",
		[]string{"profession"}, func(u NewUser) bool { return rustLower(u.Profession) == "engineer" }},
	{"team-7", "CONTACT_CUSTOMER", "VIP_USER", "premium is true and credit > 10",
		[]string{"premium", "credit"}, func(u NewUser) bool { return u.Premium && u.Credit > 10 }},
	{"team-8", "CONTACT_CUSTOMER", "CRITICAL_DEBT", "credit < -15",
		[]string{"credit"}, func(u NewUser) bool { return u.Credit < -15 }},
	{"team-9", "CONTACT_CUSTOMER", "APAC_EXPANSION", "time_zone starts with Asia/",
		[]string{"time_zone"}, func(u NewUser) bool { return strings.HasPrefix(u.TimeZone, "Asia/") }},
	{"team-10", "CONTACT_CUSTOMER", "LEGACY_BROWSER", "user_agent contains MSIE or Trident",
		[]string{"user_agent"}, func(u NewUser) bool {
			return strings.Contains(u.UserAgent, "MSIE") || strings.Contains(u.UserAgent, "Trident")
		}},
	{"team-11", "TRIGGER_GDPR_COMPLIANCE", "IN_EUROPE", "time_zone starts with Europe/",
		[]string{"time_zone"}, func(u NewUser) bool { return strings.HasPrefix(u.TimeZone, "Europe/") }},
	{"team-12", "HIRE_CUSTOMER", "TECH_PROFESSIONAL", "field is IT or Technology (case-insensitive)",
		[]string{"field"}, func(u NewUser) bool { f := rustLower(u.Field); return f == "it" || f == "technology" }},
	{"team-13", "CONTACT_CUSTOMER", "INVALID_AVATAR", "avatar contains example.org, or does not start with https://",
		[]string{"avatar"}, func(u NewUser) bool {
			return strings.Contains(u.Avatar, "example.org") || !strings.HasPrefix(u.Avatar, "https://")
		}},
	{"team-14", "BAN_CUSTOMER", "SUSPICIOUS_NAME", "name is John Doe",
		[]string{"name"}, func(u NewUser) bool { return u.Name == "John Doe" }},
	{"team-15", "CONTACT_CUSTOMER", "UPGRADE_FREE", "pack is free",
		[]string{"pack"}, func(u NewUser) bool { return u.Pack == "free" }},
}

// lowerHas reports whether s, lower-cased as Rust does, contains one of
// words.
func lowerHas(s string, words ...string) bool {
	s = rustLower(s)
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// rustLower lower-cases s as Rust's str::to_lowercase does where it can
// change a rule's answer: Go maps İ (U+0130) to a plain i, Rust, by
// Unicode's unconditional special casing, to i and a combining dot above,
// so "HOTMAİL" is not "hotmail" there. (Rust's final-sigma rule changes no
// keyword of the rules.)
func rustLower(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "\u0130", "i\u0307"))
}

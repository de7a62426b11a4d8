package main

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// user is a record of new_users: what the classroom simulator accepts
// (serde_json into a struct of 15 typed fields, credit an i32).
type user struct {
	Email, CreditCardNumber, CompanyName, CompanySlogan, Industry  string
	UserName, Avatar, Name, Profession, Field, TimeZone, UserAgent string
	Pack                                                           string
	Premium                                                        bool
	Credit                                                         int32
}

// parseUser returns the user in value, or false when it is not one. Fields
// are looked up by their exact name (encoding/json would match "Email" too)
// and a null is a missing field. encoding/json is laxer than serde where
// this cannot see it: a duplicate key keeps the last value, and a lone
// surrogate escape becomes U+FFFD.
func parseUser(value []byte) (user, bool) {
	var m map[string]json.RawMessage
	if !utf8.Valid(value) || json.Unmarshal(value, &m) != nil || m == nil {
		return user{}, false
	}
	var u user
	ok := true
	for name, dst := range map[string]*string{
		"email": &u.Email, "credit_card_number": &u.CreditCardNumber, "company_name": &u.CompanyName,
		"company_slogan": &u.CompanySlogan, "industry": &u.Industry, "user_name": &u.UserName,
		"avatar": &u.Avatar, "name": &u.Name, "profession": &u.Profession, "field": &u.Field,
		"time_zone": &u.TimeZone, "user_agent": &u.UserAgent, "pack": &u.Pack,
	} {
		ok = ok && decode(m, name, dst)
	}
	// An int32 refuses -18.0, "12" and out-of-range numbers, as serde's i32 does.
	ok = ok && decode(m, "premium", &u.Premium) && decode(m, "credit", &u.Credit)
	return u, ok
}

func decode[T any](m map[string]json.RawMessage, name string, dst *T) bool {
	raw, ok := m[name]
	return ok && string(raw) != "null" && json.Unmarshal(raw, dst) == nil
}

// rule is one row of the tutorial's table of team filters.
type rule struct {
	matches     func(user) bool
	typ, reason string
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

var rules = map[string]rule{
	"team-1": {func(u user) bool { return strings.Contains(strings.ToLower(u.Email), "hotmail") }, "CONTACT_CUSTOMER", "LEGACY_EMAIL_PROVIDER"},
	"team-2": {func(u user) bool { return strings.HasPrefix(u.CreditCardNumber, "37") }, "CREDIT_CARD_VERIFICATION", "AMEX_CARD"},
	"team-3": {func(u user) bool {
		return containsAny(strings.ToLower(u.Industry), "bank", "financ", "insur", "invest", "account", "capital")
	}, "SALES_LEAD", "FINANCIAL_SECTOR"},
	"team-4": {func(u user) bool {
		return containsAny(strings.ToLower(u.Industry), "computer", "internet", "semiconductor", "telecom", "wireless")
	}, "ACQUISITION_TARGET", "TECH_COMPANY"},
	"team-5": {func(u user) bool {
		return containsAny(strings.ToLower(u.Industry), "health", "hospital", "medical", "pharma", "biotech", "veterinary")
	}, "CONTACT_CUSTOMER", "HEALTHCARE_COMPLIANCE"},
	"team-6":  {func(u user) bool { return strings.ToLower(u.Profession) == "engineer" }, "HIRE_CUSTOMER", "IS_ENGINEER"},
	"team-7":  {func(u user) bool { return u.Premium && u.Credit > 10 }, "CONTACT_CUSTOMER", "VIP_USER"},
	"team-8":  {func(u user) bool { return u.Credit < -15 }, "CONTACT_CUSTOMER", "CRITICAL_DEBT"},
	"team-9":  {func(u user) bool { return strings.HasPrefix(u.TimeZone, "Asia/") }, "CONTACT_CUSTOMER", "APAC_EXPANSION"},
	"team-10": {func(u user) bool { return containsAny(u.UserAgent, "MSIE", "Trident") }, "CONTACT_CUSTOMER", "LEGACY_BROWSER"},
	"team-11": {func(u user) bool { return strings.HasPrefix(u.TimeZone, "Europe/") }, "TRIGGER_GDPR_COMPLIANCE", "IN_EUROPE"},
	"team-12": {func(u user) bool { f := strings.ToLower(u.Field); return f == "it" || f == "technology" }, "HIRE_CUSTOMER", "TECH_PROFESSIONAL"},
	"team-13": {func(u user) bool {
		return strings.Contains(u.Avatar, "example.org") || !strings.HasPrefix(u.Avatar, "https://")
	}, "CONTACT_CUSTOMER", "INVALID_AVATAR"},
	"team-14": {func(u user) bool { return u.Name == "John Doe" }, "BAN_CUSTOMER", "SUSPICIOUS_NAME"},
	"team-15": {func(u user) bool { return u.Pack == "free" }, "CONTACT_CUSTOMER", "UPGRADE_FREE"},
}

// act returns the action team sends for value, if the value is a user that
// matches the rule.
func (r rule) act(team string, value []byte) ([]byte, bool) {
	u, ok := parseUser(value)
	if !ok || !r.matches(u) {
		return nil, false
	}
	action, err := json.Marshal(struct {
		Customer string `json:"customer"`
		Type     string `json:"type"`
		Reason   string `json:"reason"`
		Team     string `json:"team"`
	}{u.Email, r.typ, r.reason, team})
	return action, err == nil
}

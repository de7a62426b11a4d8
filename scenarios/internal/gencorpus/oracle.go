package main

import (
	"strings"

	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// rule is one row of the tutorial's rules table.
type rule struct {
	team, typ, reason string
	matches           func(producer.User) bool
}

// oracle is the rules table of the tutorial (TUTORIAL.md, "The teams'
// filters"), with the simulator's exact semantics: "lower-cased" means
// Unicode lower case, everything else is case-sensitive, and the credit
// comparisons are strict. It is written here on purpose instead of
// importing client/, the code the corpus tests.
var oracle = []rule{
	{"team-1", "CONTACT_CUSTOMER", "LEGACY_EMAIL_PROVIDER", func(u producer.User) bool {
		return strings.Contains(strings.ToLower(u.Email), "hotmail")
	}},
	{"team-2", "CREDIT_CARD_VERIFICATION", "AMEX_CARD", func(u producer.User) bool {
		return strings.HasPrefix(u.CreditCardNumber, "37")
	}},
	{"team-3", "SALES_LEAD", "FINANCIAL_SECTOR", func(u producer.User) bool {
		return lowerContainsAny(u.Industry, "bank", "financ", "insur", "invest", "account", "capital")
	}},
	{"team-4", "ACQUISITION_TARGET", "TECH_COMPANY", func(u producer.User) bool {
		return lowerContainsAny(u.Industry, "computer", "internet", "semiconductor", "telecom", "wireless")
	}},
	{"team-5", "CONTACT_CUSTOMER", "HEALTHCARE_COMPLIANCE", func(u producer.User) bool {
		return lowerContainsAny(u.Industry, "health", "hospital", "medical", "pharma", "biotech", "veterinary")
	}},
	{"team-6", "HIRE_CUSTOMER", "IS_ENGINEER", func(u producer.User) bool {
		return strings.ToLower(u.Profession) == "engineer"
	}},
	{"team-7", "CONTACT_CUSTOMER", "VIP_USER", func(u producer.User) bool {
		return u.Premium && u.Credit > 10
	}},
	{"team-8", "CONTACT_CUSTOMER", "CRITICAL_DEBT", func(u producer.User) bool {
		return u.Credit < -15
	}},
	{"team-9", "CONTACT_CUSTOMER", "APAC_EXPANSION", func(u producer.User) bool {
		return strings.HasPrefix(u.TimeZone, "Asia/")
	}},
	{"team-10", "CONTACT_CUSTOMER", "LEGACY_BROWSER", func(u producer.User) bool {
		return strings.Contains(u.UserAgent, "MSIE") || strings.Contains(u.UserAgent, "Trident")
	}},
	{"team-11", "TRIGGER_GDPR_COMPLIANCE", "IN_EUROPE", func(u producer.User) bool {
		return strings.HasPrefix(u.TimeZone, "Europe/")
	}},
	{"team-12", "HIRE_CUSTOMER", "TECH_PROFESSIONAL", func(u producer.User) bool {
		f := strings.ToLower(u.Field)
		return f == "it" || f == "technology"
	}},
	{"team-13", "CONTACT_CUSTOMER", "INVALID_AVATAR", func(u producer.User) bool {
		return strings.Contains(u.Avatar, "example.org") || !strings.HasPrefix(u.Avatar, "https://")
	}},
	{"team-14", "BAN_CUSTOMER", "SUSPICIOUS_NAME", func(u producer.User) bool {
		return u.Name == "John Doe"
	}},
	{"team-15", "CONTACT_CUSTOMER", "UPGRADE_FREE", func(u producer.User) bool {
		return u.Pack == "free"
	}},
}

// lowerContainsAny reports whether s, lower-cased, contains one of words.
//
// Go's strings.ToLower maps each rune on its own, while Rust's
// to_lowercase (the simulator) and Python's lower() apply Unicode's full
// mapping; they differ only on rare letters such as U+0130 (İ), which the
// producer's vocabulary, all ASCII, never contains.
func lowerContainsAny(s string, words ...string) bool {
	s = strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

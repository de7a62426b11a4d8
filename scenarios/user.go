package scenarios

import (
	"strings"

	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// fieldKind is the JSON type a user field must have.
type fieldKind int

const (
	kindString fieldKind = iota
	kindBool
	kindInt
)

// userField is one of the 15 fields of a user: its name, its kind, and
// where it lives in a producer.User.
type userField struct {
	name string
	kind fieldKind
	ptr  func(*producer.User) any // *string, *bool or *int
}

// userFields are the fields of a user in the order the tutorial's producer
// writes them.
var userFields = []userField{
	{"email", kindString, func(u *producer.User) any { return &u.Email }},
	{"credit_card_number", kindString, func(u *producer.User) any { return &u.CreditCardNumber }},
	{"company_name", kindString, func(u *producer.User) any { return &u.CompanyName }},
	{"company_slogan", kindString, func(u *producer.User) any { return &u.CompanySlogan }},
	{"industry", kindString, func(u *producer.User) any { return &u.Industry }},
	{"user_name", kindString, func(u *producer.User) any { return &u.UserName }},
	{"avatar", kindString, func(u *producer.User) any { return &u.Avatar }},
	{"name", kindString, func(u *producer.User) any { return &u.Name }},
	{"profession", kindString, func(u *producer.User) any { return &u.Profession }},
	{"field", kindString, func(u *producer.User) any { return &u.Field }},
	{"premium", kindBool, func(u *producer.User) any { return &u.Premium }},
	{"credit", kindInt, func(u *producer.User) any { return &u.Credit }},
	{"time_zone", kindString, func(u *producer.User) any { return &u.TimeZone }},
	{"user_agent", kindString, func(u *producer.User) any { return &u.UserAgent }},
	{"pack", kindString, func(u *producer.User) any { return &u.Pack }},
}

// fieldsByName indexes userFields.
var fieldsByName = func() map[string]userField {
	m := make(map[string]userField, len(userFields))
	for _, f := range userFields {
		m[f.name] = f
	}
	return m
}()

// fieldList names the user fields, for messages.
func fieldList() string {
	names := make([]string, len(userFields))
	for i, f := range userFields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// set stores v, already checked against f's kind, into u.
func (f userField) set(u *producer.User, v any) {
	switch p := f.ptr(u).(type) {
	case *string:
		*p = v.(string)
	case *bool:
		*p = v.(bool)
	case *int:
		*p = int(v.(int64))
	}
}

// NeutralUser returns the user that partial users are merged over; it
// matches no team's rule, and it is a user the tutorial's producer could
// send (producer.Sendable), so a scenario whose users set only vocabulary
// values stays classroom tier. The package documentation lists its values.
func NeutralUser() producer.User {
	return producer.User{
		Email:            "jane.rowe@gmail.com",
		CreditCardNumber: "4111111111111111",
		CompanyName:      "Green LLC",
		CompanySlogan:    "Organic stable solution",
		Industry:         "Farming",
		UserName:         "jane_rowe",
		Avatar:           "https://robohash.org/jane_rowe.png?size=50x50",
		Name:             "Jane Rowe",
		Profession:       "teacher",
		Field:            "Marketing",
		Premium:          false,
		Credit:           0,
		TimeZone:         "America/Chicago",
		UserAgent:        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.517 Safari/537.36",
		Pack:             "small",
	}
}

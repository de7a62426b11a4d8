package client

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/kafkacheck/kafkacheck/internal/serdejson"
)

// User is one record of new_users, as the tutorial's producer writes it.
type User struct {
	Email            string `json:"email"`
	CreditCardNumber string `json:"credit_card_number"`
	CompanyName      string `json:"company_name"`
	CompanySlogan    string `json:"company_slogan"`
	Industry         string `json:"industry"`
	UserName         string `json:"user_name"`
	Avatar           string `json:"avatar"`
	Name             string `json:"name"`
	Profession       string `json:"profession"`
	Field            string `json:"field"`
	Premium          bool   `json:"premium"`
	Credit           int32  `json:"credit"`
	TimeZone         string `json:"time_zone"`
	UserAgent        string `json:"user_agent"`
	Pack             string `json:"pack"`
}

// userFields are the names of the 15 fields, for serdejson.Object.
var userFields = []string{
	"email", "credit_card_number", "company_name", "company_slogan", "industry",
	"user_name", "avatar", "name", "profession", "field", "premium", "credit",
	"time_zone", "user_agent", "pack",
}

// ParseUser decodes a new_users value the way the tutorial's simulator does
// (serde into a struct of 15 typed fields): the value must be one JSON
// object with every field present exactly once, non-null and of the right
// type; credit must be an integer that fits in 32 bits; other fields are
// ignored. Unlike encoding/json, field names match exactly, and invalid
// UTF-8 or an unpaired surrogate escape is an error.
func ParseUser(value []byte) (User, error) {
	fields, err := serdejson.Object(value, userFields...)
	if err != nil {
		return User{}, err
	}
	var u User
	strs := []struct {
		name string
		dst  *string
	}{
		{"email", &u.Email}, {"credit_card_number", &u.CreditCardNumber},
		{"company_name", &u.CompanyName}, {"company_slogan", &u.CompanySlogan},
		{"industry", &u.Industry}, {"user_name", &u.UserName}, {"avatar", &u.Avatar},
		{"name", &u.Name}, {"profession", &u.Profession}, {"field", &u.Field},
		{"time_zone", &u.TimeZone}, {"user_agent", &u.UserAgent}, {"pack", &u.Pack},
	}
	for _, s := range strs {
		raw, err := present(fields, s.name)
		if err != nil {
			return User{}, err
		}
		if *s.dst, err = serdejson.String(raw); err != nil {
			return User{}, fmt.Errorf("field %q: %w", s.name, err)
		}
	}
	raw, err := present(fields, "premium")
	if err != nil {
		return User{}, err
	}
	switch string(raw) {
	case "true":
		u.Premium = true
	case "false":
	default:
		return User{}, fmt.Errorf("field %q is not a boolean", "premium")
	}
	if raw, err = present(fields, "credit"); err != nil {
		return User{}, err
	}
	// serde reads an i32 only from a JSON integer: not from "12", 12.0 or
	// 1.2e1, all of which json.Number would take.
	n, err := strconv.ParseInt(string(raw), 10, 32)
	if err != nil {
		return User{}, fmt.Errorf("field %q is not a 32-bit integer: %s", "credit", raw)
	}
	u.Credit = int32(n)
	return u, nil
}

// present returns the raw value of a field that is there and not null.
func present(fields map[string]json.RawMessage, name string) (json.RawMessage, error) {
	raw, ok := fields[name]
	if !ok {
		return nil, fmt.Errorf("field %q is missing", name)
	}
	if string(raw) == "null" {
		return nil, fmt.Errorf("field %q is null", name)
	}
	return raw, nil
}

package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
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

// ParseUser decodes a new_users value the way the tutorial's simulator does
// (serde into a struct of 15 typed fields): the value must be one JSON
// object with every field present, non-null and of the right type; credit
// must be an integer that fits in 32 bits; other fields are ignored. Unlike
// encoding/json, field names match exactly, not case-insensitively.
func ParseUser(value []byte) (User, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(value, &fields); err != nil {
		return User{}, fmt.Errorf("not a JSON object: %w", err)
	}
	if fields == nil {
		return User{}, fmt.Errorf("not a JSON object: null")
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
		if raw[0] != '"' {
			return User{}, fmt.Errorf("field %q is not a string", s.name)
		}
		if err := json.Unmarshal(raw, s.dst); err != nil {
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
	// Check the first byte: encoding/json would also read the string "12"
	// into a json.Number, where serde refuses it.
	var credit json.Number
	if c := raw[0]; c != '-' && (c < '0' || c > '9') {
		return User{}, fmt.Errorf("field %q is not a number", "credit")
	}
	if err := json.Unmarshal(raw, &credit); err != nil {
		return User{}, fmt.Errorf("field %q is not a number", "credit")
	}
	n, err := credit.Int64()
	if err != nil || n < math.MinInt32 || n > math.MaxInt32 {
		return User{}, fmt.Errorf("field %q is not a 32-bit integer: %s", "credit", credit)
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
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		return nil, fmt.Errorf("field %q is null", name)
	}
	return raw, nil
}

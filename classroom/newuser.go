package classroom

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/kafkacheck/kafkacheck/internal/serdejson"
)

// NewUser is one record of new_users as the classroom's simulator reads
// it: serde into a struct of 15 typed fields. It is the harness's own
// type, so that the rule oracle below shares no code with the reference
// client (package client), whose answers it checks.
type NewUser struct {
	Email, CreditCardNumber, CompanyName, CompanySlogan, Industry string
	UserName, Avatar, Name, Profession, Field                     string
	Premium                                                       bool
	Credit                                                        int32
	TimeZone, UserAgent, Pack                                     string
}

// newUserFields maps each field name to where ParseNewUser stores it.
var newUserFields = []string{
	"email", "credit_card_number", "company_name", "company_slogan", "industry",
	"user_name", "avatar", "name", "profession", "field", "premium", "credit",
	"time_zone", "user_agent", "pack",
}

// ParseNewUser reads a value of new_users as the simulator does: one JSON
// object (serde's rules: a key given twice, an unpaired surrogate escape or
// invalid UTF-8 is an error) with all 15 fields, none null, each of its
// type; credit a JSON integer that fits in 32 bits. Other keys are
// ignored. A value it refuses is one no team's rule can select.
func ParseNewUser(value []byte) (NewUser, error) {
	fields, err := serdejson.Object(value, newUserFields...)
	if err != nil {
		return NewUser{}, err
	}
	var u NewUser
	for name, dst := range map[string]*string{
		"email": &u.Email, "credit_card_number": &u.CreditCardNumber, "company_name": &u.CompanyName,
		"company_slogan": &u.CompanySlogan, "industry": &u.Industry, "user_name": &u.UserName,
		"avatar": &u.Avatar, "name": &u.Name, "profession": &u.Profession, "field": &u.Field,
		"time_zone": &u.TimeZone, "user_agent": &u.UserAgent, "pack": &u.Pack,
	} {
		raw, err := field(fields, name)
		if err != nil {
			return NewUser{}, err
		}
		if *dst, err = serdejson.String(raw); err != nil {
			return NewUser{}, fmt.Errorf("field %q: %w", name, err)
		}
	}
	raw, err := field(fields, "premium")
	if err != nil {
		return NewUser{}, err
	}
	switch string(raw) {
	case "true":
		u.Premium = true
	case "false":
	default:
		return NewUser{}, fmt.Errorf("field %q is %s, not true or false", "premium", raw)
	}
	if raw, err = field(fields, "credit"); err != nil {
		return NewUser{}, err
	}
	// serde's i32 is a JSON integer only: not "12", 12.0 or 1.2e1.
	credit, err := strconv.ParseInt(string(raw), 10, 32)
	if err != nil {
		return NewUser{}, fmt.Errorf("field %q is %s, not a 32-bit integer", "credit", raw)
	}
	u.Credit = int32(credit)
	return u, nil
}

func field(fields map[string]json.RawMessage, name string) (json.RawMessage, error) {
	raw, ok := fields[name]
	switch {
	case !ok:
		return nil, fmt.Errorf("field %q is missing", name)
	case string(raw) == "null":
		return nil, fmt.Errorf("field %q is null", name)
	}
	return raw, nil
}

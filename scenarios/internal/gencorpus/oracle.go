package main

import (
	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// rule is one row of the tutorial's rules table, over the producer's users.
type rule struct {
	team, typ, reason string
	matches           func(producer.User) bool
}

// oracle is the classroom's rule oracle (classroom.Rules), the harness's
// own, not client/, the code the corpus tests; crosscheck.py checks the
// corpus against a second one, in Python.
var oracle = func() []rule {
	var out []rule
	for _, r := range classroom.Rules() {
		out = append(out, rule{r.Team, r.Type, r.Reason, func(u producer.User) bool { return r.Selects(newUser(u)) }})
	}
	return out
}()

func newUser(u producer.User) classroom.NewUser {
	return classroom.NewUser{
		Email: u.Email, CreditCardNumber: u.CreditCardNumber, CompanyName: u.CompanyName,
		CompanySlogan: u.CompanySlogan, Industry: u.Industry, UserName: u.UserName, Avatar: u.Avatar,
		Name: u.Name, Profession: u.Profession, Field: u.Field, Premium: u.Premium, Credit: int32(u.Credit),
		TimeZone: u.TimeZone, UserAgent: u.UserAgent, Pack: u.Pack,
	}
}

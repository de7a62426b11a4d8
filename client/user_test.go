package client

import (
	"strings"
	"testing"
)

const goodUser = `{"email":"a@gmail.com","credit_card_number":"4111111111111111","company_name":"C","company_slogan":"S","industry":"Farming","user_name":"u","avatar":"https://robohash.org/u.png","name":"Jane Roe","profession":"teacher","field":"Marketing","premium":true,"credit":-20,"time_zone":"Asia/Tokyo","user_agent":"Mozilla/5.0","pack":"small"}`

func TestParseUserAccepts(t *testing.T) {
	u, err := ParseUser([]byte(goodUser))
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "a@gmail.com" || !u.Premium || u.Credit != -20 || u.TimeZone != "Asia/Tokyo" {
		t.Errorf("ParseUser = %+v", u)
	}
	extra := strings.Replace(goodUser, `{`, `{"extra":[1,{"x":null}],`, 1)
	if _, err := ParseUser([]byte(extra)); err != nil {
		t.Errorf("an unknown field is not ignored: %v", err)
	}
}

func TestParseUserRejects(t *testing.T) {
	tests := []struct{ name, value, want string }{
		{"not json", `not json {`, "invalid JSON"},
		{"empty", ``, "invalid JSON"},
		{"array", `[1,2]`, "not a JSON object"},
		{"null", `null`, "not a JSON object"},
		{"missing email", strings.Replace(goodUser, `"email":"a@gmail.com",`, ``, 1), `"email" is missing`},
		{"null name", strings.Replace(goodUser, `"name":"Jane Roe"`, `"name":null`, 1), `"name" is null`},
		{"credit as string", strings.Replace(goodUser, `"credit":-20`, `"credit":"12"`, 1), `"credit" is not a 32-bit integer`},
		{"credit as 12.0", strings.Replace(goodUser, `"credit":-20`, `"credit":12.0`, 1), `"credit" is not a 32-bit integer`},
		{"credit as 1.2e1", strings.Replace(goodUser, `"credit":-20`, `"credit":1.2e1`, 1), `"credit" is not a 32-bit integer`},
		{"duplicate email", strings.Replace(goodUser, `{`, `{"email":"b@hotmail.com",`, 1), `duplicate field "email"`},
		{"lone surrogate", strings.Replace(goodUser, `"Jane Roe"`, `"Jane \ud800Roe"`, 1), `"name": lone surrogate`},
		{"invalid UTF-8", strings.Replace(goodUser, `"Jane Roe"`, "\"Jane \xffRoe\"", 1), "invalid UTF-8"},
		{"credit fractional", strings.Replace(goodUser, `"credit":-20`, `"credit":1.5`, 1), `"credit" is not a 32-bit integer`},
		{"credit too large", strings.Replace(goodUser, `"credit":-20`, `"credit":4294967296`, 1), `"credit" is not a 32-bit integer`},
		{"premium as string", strings.Replace(goodUser, `"premium":true`, `"premium":"true"`, 1), `"premium" is not a boolean`},
		{"email as number", strings.Replace(goodUser, `"email":"a@gmail.com"`, `"email":7`, 1), `"email": not a string`},
		{"field name case", strings.Replace(goodUser, `"email"`, `"Email"`, 1), `"email" is missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseUser([]byte(tt.value))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseUser error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

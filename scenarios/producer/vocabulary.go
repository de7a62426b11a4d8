package producer

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// vocabularyJSON is a verbatim copy of the tutorial's vocabulary
// (../shared/data/tutorial-producer-vocabulary.json in the workspace).
//
//go:embed vocabulary.json
var vocabularyJSON []byte

// catchPhraseJSON holds the slogan words, which the vocabulary lacks.
//
//go:embed catchphrase.json
var catchPhraseJSON []byte

// vocabulary is the part of vocabulary.json the producer uses.
type vocabulary struct {
	FreeEmailProviders []string    `json:"free_email_providers"`
	Industries         []string    `json:"industries"`
	Professions        []string    `json:"professions"`
	JobFields          []string    `json:"job_fields"`
	TimeZones          []string    `json:"time_zones"`
	UserAgents         []string    `json:"user_agents"`
	CompanySuffixes    []string    `json:"company_suffixes"`
	FirstNames         []string    `json:"first_names"`
	LastNames          []string    `json:"last_names"`
	CreditCardBrands   []cardBrand `json:"credit_card_brands"`
	ProducerChoices    choices     `json:"producer_choices"`
}

// cardBrand describes the numbers of one card brand.
type cardBrand struct {
	Brand            string `json:"brand"`
	PrefixFirstDigit string `json:"prefix_first_digit"`
	// SecondDigitOneOf lists the allowed second digits; "" means any.
	SecondDigitOneOf string `json:"second_digit_one_of"`
	// TotalLength, or one of TotalLengthOneOf, counts the check digit.
	TotalLength      int    `json:"total_length"`
	TotalLengthOneOf []int  `json:"total_length_one_of"`
	Check            string `json:"check"`
}

// choices are the probabilities of the tutorial producer's if/else fields.
type choices struct {
	AvatarRobohashProbability float64 `json:"avatar_robohash_probability"`
	AvatarOtherwise           string  `json:"avatar_otherwise"`
	NameGeneratedProbability  float64 `json:"name_generated_probability"`
	NameOtherwise             string  `json:"name_otherwise"`
	PremiumTrueProbability    float64 `json:"premium_true_probability"`
	CreditRangeHalfOpen       [2]int  `json:"credit_range_half_open"`
	PackFreeProbability       float64 `json:"pack_free_probability"`
	PackOtherwise             string  `json:"pack_otherwise"`
}

// catchPhrases are the three word lists of a slogan: "<head> <middle> <tail>".
type catchPhrases struct {
	Head   []string `json:"head"`
	Middle []string `json:"middle"`
	Tail   []string `json:"tail"`
}

// The embedded data is part of the program: if it does not parse, nothing
// can work, so the package panics at init rather than returning errors
// from every call.
var (
	vocab   = mustDecode[vocabulary]("vocabulary.json", vocabularyJSON)
	phrases = mustDecode[catchPhrases]("catchphrase.json", catchPhraseJSON)
)

func mustDecode[T any](name string, data []byte) T {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		panic(fmt.Sprintf("producer: embedded %s: %v", name, err))
	}
	if err := check(v); err != nil {
		panic(fmt.Sprintf("producer: embedded %s: %v", name, err))
	}
	return v
}

// check rejects data the producer cannot draw from, such as an empty list.
func check(v any) error {
	nonEmpty := func(name string, list []string) error {
		if len(list) == 0 {
			return fmt.Errorf("%s is empty", name)
		}
		return nil
	}
	switch v := v.(type) {
	case vocabulary:
		for _, l := range []struct {
			name string
			list []string
		}{
			{"free_email_providers", v.FreeEmailProviders}, {"industries", v.Industries},
			{"professions", v.Professions}, {"job_fields", v.JobFields},
			{"time_zones", v.TimeZones}, {"user_agents", v.UserAgents},
			{"company_suffixes", v.CompanySuffixes}, {"first_names", v.FirstNames},
			{"last_names", v.LastNames},
		} {
			if err := nonEmpty(l.name, l.list); err != nil {
				return err
			}
		}
		if len(v.CreditCardBrands) == 0 {
			return fmt.Errorf("credit_card_brands is empty")
		}
		for _, b := range v.CreditCardBrands {
			if len(b.PrefixFirstDigit) != 1 || (b.TotalLength == 0) == (len(b.TotalLengthOneOf) == 0) || b.Check != "Luhn" {
				return fmt.Errorf("credit card brand %q: want one prefix digit, one of total_length or total_length_one_of, and check Luhn", b.Brand)
			}
		}
		if r := v.ProducerChoices.CreditRangeHalfOpen; r[0] >= r[1] {
			return fmt.Errorf("credit_range_half_open %v is empty", r)
		}
	case catchPhrases:
		for _, l := range []struct {
			name string
			list []string
		}{{"head", v.Head}, {"middle", v.Middle}, {"tail", v.Tail}} {
			if err := nonEmpty(l.name, l.list); err != nil {
				return err
			}
		}
	}
	return nil
}

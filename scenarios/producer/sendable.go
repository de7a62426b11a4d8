package producer

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Sendable returns nil when value is a record the tutorial's producer could
// have written to new_users, and otherwise an *UnsendableError naming the
// first field that could not come from it and why.
//
// It is strict: a JSON object, UTF-8, compact as serde_json writes it (no
// whitespace between tokens, no escape sequences: the vocabulary has no
// character that needs one), each of the 15 fields exactly once with its
// JSON type, and every value one that Next could generate: the words of
// the vocabulary, the formats of the generated fields (email, user_name,
// avatar, name, company_name, company_slogan, credit_card_number) and the
// credit range. Only the key order is free. The probabilities play no
// part: "John Doe" is sendable, however rare.
func Sendable(value []byte) error {
	if !utf8.Valid(value) {
		return &UnsendableError{Reason: "not valid UTF-8"}
	}
	c := checker{value: value, s: string(value), d: theDomain()}
	return c.object()
}

// UnsendableError says why a record value is not one the producer could
// send.
type UnsendableError struct {
	// Field is the offending field, or "" when the value as a whole is
	// the problem (not UTF-8, not JSON, not an object).
	Field string
	// Reason is the whole explanation, in words a TA understands, e.g.
	// `industry "Vet" is not in the producer's industry list`.
	Reason string
}

func (e *UnsendableError) Error() string { return e.Reason }

// checker walks one value. Its fast path accepts exactly the compact
// objects the producer writes, without a general JSON parser; every way
// out of it goes through fail, which first makes sure that a value that is
// not JSON at all is reported as such.
type checker struct {
	value []byte
	s     string // value, converted once so that its fields are substrings
	d     *domain
	i     int
}

func (c *checker) fail(field, format string, args ...any) error {
	if !json.Valid(c.value) {
		var v any
		err := json.Unmarshal(c.value, &v)
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return &UnsendableError{Reason: fmt.Sprintf("not valid JSON: %v (at byte %d)", syn, syn.Offset)}
		}
		return &UnsendableError{Reason: "not valid JSON"}
	}
	return &UnsendableError{Field: clip(field), Reason: fmt.Sprintf(format, args...)}
}

// kindOf names the JSON type of the value that starts with b.
func kindOf(b byte) string {
	switch b {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

const compact = "whitespace between JSON tokens; the producer writes compact JSON"

func (c *checker) object() error {
	b := c.s
	if len(b) == 0 {
		return &UnsendableError{Reason: "not a JSON object: the value is empty"}
	}
	if b[0] != '{' {
		trimmed := strings.TrimLeft(b, " \t\r\n")
		if trimmed == "" {
			return c.fail("", "not a JSON object: the value is only whitespace")
		}
		if trimmed[0] == '{' {
			return c.fail("", "%s", compact)
		}
		return c.fail("", "not a JSON object (it is %s)", kindOf(trimmed[0]))
	}
	var seen [len(fieldOrder)]bool
	c.i = 1
	if c.i < len(b) && b[c.i] == '}' {
		c.i++
	} else {
		for {
			if err := c.member(&seen); err != nil {
				return err
			}
			if c.i >= len(b) {
				return c.fail("", "not valid JSON")
			}
			if b[c.i] == ',' {
				c.i++
				continue
			}
			if b[c.i] == '}' {
				c.i++
				break
			}
			return c.separatorError()
		}
	}
	if c.i != len(b) {
		if strings.TrimSpace(b[c.i:]) == "" {
			return c.fail("", "%s", compact)
		}
		return c.fail("", "not valid JSON")
	}
	for k, ok := range seen {
		if !ok {
			return c.fail(fieldOrder[k], "field %q is missing", fieldOrder[k])
		}
	}
	return nil
}

// separatorError explains an unexpected byte where a separator belongs.
func (c *checker) separatorError() error {
	if c.i < len(c.s) && isSpace(c.s[c.i]) {
		return c.fail("", "%s", compact)
	}
	return c.fail("", "not valid JSON")
}

// str reads the string literal at c.i. escaped reports a backslash in it;
// a literal that does not end, or holds a control character, is not JSON.
func (c *checker) str() (s string, escaped bool, err error) {
	b := c.s
	for j := c.i + 1; j < len(b); j++ {
		switch {
		case b[j] == '"':
			s = b[c.i+1 : j]
			c.i = j + 1
			return s, escaped, nil
		case b[j] == '\\':
			escaped = true
			j++
		case b[j] < 0x20:
			return "", false, c.fail("", "not valid JSON")
		}
	}
	return "", false, c.fail("", "not valid JSON")
}

func (c *checker) member(seen *[len(fieldOrder)]bool) error {
	b := c.s
	if c.i >= len(b) || b[c.i] != '"' {
		return c.separatorError()
	}
	name, escaped, err := c.str()
	if err != nil {
		return err
	}
	if escaped {
		return c.fail("", "field name \"%s\" is written with an escape sequence; the producer writes plain names", clip(name))
	}
	k, known := c.d.fieldIndex[name]
	if !known {
		return c.fail(name, "field %q is not one the producer writes", clip(name))
	}
	if seen[k] {
		return c.fail(name, "field %q appears twice", clip(name))
	}
	seen[k] = true
	if c.i >= len(b) || b[c.i] != ':' {
		return c.separatorError()
	}
	c.i++
	if c.i >= len(b) {
		return c.fail("", "not valid JSON")
	}
	switch name {
	case "premium":
		return c.premium()
	case "credit":
		return c.credit()
	}
	if b[c.i] != '"' {
		if isSpace(b[c.i]) {
			return c.fail("", "%s", compact)
		}
		return c.fail(name, "%s is %s, not a string", name, kindOf(b[c.i]))
	}
	s, escaped, err := c.str()
	if err != nil {
		return err
	}
	if escaped {
		return c.fail(name, "%s is written with an escape sequence; the producer writes every character as itself", name)
	}
	if reason := c.d.check(k, name, s); reason != "" {
		return c.fail(name, "%s", reason)
	}
	return nil
}

func (c *checker) premium() error {
	b := c.s[c.i:]
	for _, lit := range []string{"true", "false"} {
		if strings.HasPrefix(b, lit) {
			c.i += len(lit)
			return nil
		}
	}
	if isSpace(b[0]) {
		return c.fail("", "%s", compact)
	}
	return c.fail("premium", "premium is %s, not true or false", kindOf(b[0]))
}

func (c *checker) credit() error {
	b := c.s
	start := c.i
	if b[start] != '-' && (b[start] < '0' || b[start] > '9') {
		if isSpace(b[start]) {
			return c.fail("", "%s", compact)
		}
		return c.fail("credit", "credit is %s, not a whole number", kindOf(b[start]))
	}
	end := start
	for end < len(b) && strings.IndexByte("+-0123456789.eE", b[end]) >= 0 {
		end++
	}
	lit := b[start:end]
	c.i = end
	lo, hi := vocab.ProducerChoices.CreditRangeHalfOpen[0], vocab.ProducerChoices.CreditRangeHalfOpen[1]
	n, err := strconv.Atoi(lit)
	if errors.Is(err, strconv.ErrRange) {
		return c.fail("credit", "credit %s is outside the producer's range [%d, %d)", clip(lit), lo, hi)
	}
	if err != nil || strconv.Itoa(n) != lit {
		if strings.ContainsAny(lit, ".eE") {
			return c.fail("credit", "credit %s is not written as a whole number; the producer writes integers like -7", clip(lit))
		}
		return c.fail("credit", "credit %s is not written as the producer writes whole numbers", clip(lit))
	}
	if n < lo || n >= hi {
		return c.fail("credit", "credit %d is outside the producer's range [%d, %d)", n, lo, hi)
	}
	return nil
}

// fieldOrder are the 15 fields in the order the producer writes them.
var fieldOrder = [...]string{
	"email", "credit_card_number", "company_name", "company_slogan", "industry",
	"user_name", "avatar", "name", "profession", "field", "premium", "credit",
	"time_zone", "user_agent", "pack",
}

// domain is everything the producer can write, as sets.
type domain struct {
	fieldIndex map[string]int
	// lists are the fields whose value is one word of a list, by
	// index in fieldOrder; nil for the other fields.
	lists                           [len(fieldOrder)]*wordList
	providers                       map[string]bool
	firstNames, lastNames           map[string]bool // as written in a name
	firstLower, lastLower           map[string]bool // as written in a user name
	suffixes, heads, middlesAndTail map[string]bool
	providerList                    string
}

type wordList struct {
	words map[string]bool
	name  string // "industry list"
	all   []string
}

var theDomain = sync.OnceValue(func() *domain {
	v := vocab
	set := func(list []string) map[string]bool {
		m := make(map[string]bool, len(list))
		for _, x := range list {
			m[x] = true
		}
		return m
	}
	d := &domain{
		fieldIndex:     map[string]int{},
		providers:      set(v.FreeEmailProviders),
		firstNames:     set(v.FirstNames),
		lastNames:      set(v.LastNames),
		firstLower:     map[string]bool{},
		lastLower:      map[string]bool{},
		suffixes:       set(v.CompanySuffixes),
		heads:          set(phrases.Head),
		middlesAndTail: map[string]bool{},
		providerList:   strings.Join(v.FreeEmailProviders, ", "),
	}
	lists := map[string]*wordList{
		"industry":   {set(v.Industries), "industry list", v.Industries},
		"profession": {set(v.Professions), "profession list", v.Professions},
		"field":      {set(v.JobFields), "job field list", v.JobFields},
		"time_zone":  {set(v.TimeZones), "time zone list", v.TimeZones},
		"user_agent": {set(v.UserAgents), "user agent list", v.UserAgents},
	}
	for i, f := range fieldOrder {
		d.fieldIndex[f] = i
		d.lists[i] = lists[f]
	}
	for _, f := range v.FirstNames {
		d.firstLower[strings.ToLower(f)] = true
	}
	for _, l := range v.LastNames {
		d.lastLower[strings.ReplaceAll(strings.ToLower(l), "'", "")] = true
	}
	for _, m := range phrases.Middle {
		for _, t := range phrases.Tail {
			d.middlesAndTail[m+" "+t] = true
		}
	}
	return d
})

// check returns why s cannot be the producer's value of the string field
// name, the k-th of fieldOrder, or "".
func (d *domain) check(k int, name, s string) string {
	if l := d.lists[k]; l != nil {
		if l.words[s] {
			return ""
		}
		for _, w := range l.all {
			if strings.EqualFold(w, s) {
				return fmt.Sprintf("%s %q is not in the producer's %s (it has %q)", name, clip(s), l.name, w)
			}
		}
		return fmt.Sprintf("%s %q is not in the producer's %s", name, clip(s), l.name)
	}
	var why string
	switch name {
	case "email":
		why = d.email(s)
	case "user_name":
		why = d.userName(s)
	case "avatar":
		why = d.avatar(s)
	case "name":
		why = d.name(s)
	case "company_name":
		why = d.companyName(s)
	case "company_slogan":
		why = d.slogan(s)
	case "credit_card_number":
		why = cardNumber(s)
	case "pack":
		c := vocab.ProducerChoices
		if s == c.PackOtherwise || s == packFree {
			return ""
		}
		return fmt.Sprintf("pack %q is not one the producer writes (%q or %q)", clip(s), c.PackOtherwise, packFree)
	}
	if why == "" {
		return ""
	}
	return fmt.Sprintf("%s %q is not one the producer makes: %s", name, clip(s), why)
}

func (d *domain) email(s string) string {
	local, provider, ok := strings.Cut(s, "@")
	if !ok {
		return "it has no @"
	}
	if !d.providers[provider] {
		return fmt.Sprintf("%q is not one of its providers (%s)", clip(provider), d.providerList)
	}
	return d.userName(local)
}

// userName explains why s is not a user name that Producer.username makes:
// a lower-case first name, then nothing, .last, .last and 0-99, _last, or
// 0-255, where last is a lower-case last name without apostrophes.
func (d *domain) userName(s string) string {
	const form = "first, first.last, first.last7, first_last or first42"
	n := lowerRun(s)
	if n == 0 {
		return fmt.Sprintf("a user name starts with a lower-case first name (%s)", form)
	}
	first, rest := s[:n], s[n:]
	if !d.firstLower[first] {
		return fmt.Sprintf("%q is not a first name of the vocabulary", clip(first))
	}
	if rest == "" {
		return ""
	}
	if rest[0] >= '0' && rest[0] <= '9' {
		return number(rest, 255, form)
	}
	if rest[0] != '.' && rest[0] != '_' {
		return fmt.Sprintf("%q after the first name is not part of any user name it makes (%s)", clip(rest), form)
	}
	sep := rest[0]
	rest = rest[1:]
	n = lowerRun(rest)
	last, rest := rest[:n], rest[n:]
	if last == "" {
		return fmt.Sprintf("%q must be followed by a lower-case last name (%s)", string(sep), form)
	}
	if !d.lastLower[last] {
		return fmt.Sprintf("%q is not a last name of the vocabulary (lower case, no apostrophe)", clip(last))
	}
	switch {
	case rest == "":
		return ""
	case sep == '.':
		return number(rest, 99, form)
	}
	return fmt.Sprintf("%q after first_last is not part of any user name it makes (%s)", clip(rest), form)
}

// number explains why digits is not a number from 0 to max written
// without leading zeros, or returns "".
func number(digits string, max int, form string) string {
	n, err := strconv.Atoi(digits)
	if err != nil || n < 0 || n > max || strconv.Itoa(n) != digits {
		return fmt.Sprintf("%q is not a number from 0 to %d, the only digits it puts there (%s)", clip(digits), max, form)
	}
	return ""
}

func lowerRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= 'a' && s[n] <= 'z' {
		n++
	}
	return n
}

func (d *domain) avatar(s string) string {
	const prefix, suffix = "https://robohash.org/", ".png?size=50x50"
	other := vocab.ProducerChoices.AvatarOtherwise
	if s == other {
		return ""
	}
	name, ok := strings.CutPrefix(s, prefix)
	name, ok2 := strings.CutSuffix(name, suffix)
	if !ok || !ok2 {
		return fmt.Sprintf("it is %q or %s<user name>%s", other, prefix, suffix)
	}
	return d.userName(name)
}

func (d *domain) name(s string) string {
	if s == vocab.ProducerChoices.NameOtherwise {
		return ""
	}
	first, last, ok := strings.Cut(s, " ")
	switch {
	case !ok:
		return fmt.Sprintf("it is %q or a first and a last name of the vocabulary, with one space", vocab.ProducerChoices.NameOtherwise)
	case !d.firstNames[first]:
		return fmt.Sprintf("%q is not a first name of the vocabulary", clip(first))
	case !d.lastNames[last]:
		return fmt.Sprintf("%q is not a last name of the vocabulary", clip(last))
	}
	return ""
}

// companyName checks the three templates of Producer.companyName.
func (d *domain) companyName(s string) string {
	const form = "Last Inc, Last and Sons, Last LLC, Last Group, Last-Last, or Last, Last and Last"
	var lasts []string
	if a, rest, ok := strings.Cut(s, ", "); ok {
		b, c, ok := strings.Cut(rest, " and ")
		if !ok {
			return fmt.Sprintf("it is made as %s", form)
		}
		lasts = []string{a, b, c}
	} else if a, suffix, ok := strings.Cut(s, " "); ok {
		if !d.suffixes[suffix] {
			return fmt.Sprintf("%q is not one of its company suffixes (it is made as %s)", clip(suffix), form)
		}
		lasts = []string{a}
	} else if a, b, ok := strings.Cut(s, "-"); ok {
		lasts = []string{a, b}
	} else {
		return fmt.Sprintf("it is made as %s", form)
	}
	for _, l := range lasts {
		if !d.lastNames[l] {
			return fmt.Sprintf("%q is not a last name of the vocabulary", clip(l))
		}
	}
	return ""
}

func (d *domain) slogan(s string) string {
	head, rest, _ := strings.Cut(s, " ")
	if !d.heads[head] || !d.middlesAndTail[rest] {
		return "it is three words of its catch phrase lists (catchphrase.json): head, middle, tail"
	}
	return ""
}

// cardNumber explains why s is not a number creditCardNumber makes.
func cardNumber(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "it has characters other than digits"
		}
	}
	if s == "" {
		return "it is empty"
	}
	for _, b := range vocab.CreditCardBrands {
		if s[0] != b.PrefixFirstDigit[0] {
			continue
		}
		if b.SecondDigitOneOf != "" && (len(s) < 2 || strings.IndexByte(b.SecondDigitOneOf, s[1]) < 0) {
			continue
		}
		lengths := b.TotalLengthOneOf
		if len(lengths) == 0 {
			lengths = []int{b.TotalLength}
		}
		okLength := false
		for _, l := range lengths {
			okLength = okLength || len(s) == l
		}
		if !okLength {
			return fmt.Sprintf("its %s numbers have %s digits, this one has %d", b.Brand, joinInts(lengths), len(s))
		}
		if luhnCheckDigit([]byte(s[:len(s)-1])) != s[len(s)-1] {
			return "it fails the Luhn check (the producer's numbers all pass it)"
		}
		return ""
	}
	var brands []string
	for _, b := range vocab.CreditCardBrands {
		prefix := b.PrefixFirstDigit
		if b.SecondDigitOneOf != "" {
			prefix += "[" + b.SecondDigitOneOf + "]"
		}
		brands = append(brands, b.Brand+" "+prefix)
	}
	return fmt.Sprintf("no brand of the producer starts like this (%s)", strings.Join(brands, ", "))
}

func joinInts(list []int) string {
	s := make([]string, len(list))
	for i, n := range list {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, " or ")
}

// clip shortens s for a message: a scenario's raw value may hold a field
// of a megabyte, and a reason is read by a person.
func clip(s string) string {
	const max = 120
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

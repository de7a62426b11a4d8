package producer

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// users returns the first n users of seed.
func users(seed int64, n int) []User {
	p := New(seed)
	out := make([]User, n)
	for i := range out {
		out[i] = p.Next()
	}
	return out
}

func TestDeterministicPerSeed(t *testing.T) {
	a, b := users(349, 500), users(349, 500)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("seed 349, user %d: got %+v and %+v from two producers, want the same", i, a[i], b[i])
		}
	}
	c := users(350, 500)
	same := 0
	for i := range a {
		if a[i] == c[i] {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seeds 349 and 350 gave %d identical users out of 500, want 0", same)
	}
}

// TestFirstUserIsStable pins the first user of seed 1, so that a change to
// the draw order or to the random source shows up here by name, not only as
// a corpus diff.
func TestFirstUserIsStable(t *testing.T) {
	got := New(1).Next().JSON()
	const want = `{"email":"conrad_stiedemann@gmail.com","credit_card_number":"343161539353835","company_name":"Cassin Inc","company_slogan":"Managed mission-critical throughput","industry":"Museums and Institutions","user_name":"wendell_toy","avatar":"https://robohash.org/melvina.olson7.png?size=50x50","name":"Erin Bradtke","profession":"attorney at law","field":"Retail","premium":false,"credit":-4,"time_zone":"Pacific/Guam","user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.517 Safari/537.36","pack":"small"}`
	if string(got) != want {
		t.Errorf("first user of seed 1:\n got %s\nwant %s", got, want)
	}
}

func TestJSONHasTheTutorialFieldOrder(t *testing.T) {
	b, err := json.Marshal(New(7).Next())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"email", "credit_card_number", "company_name", "company_slogan", "industry",
		"user_name", "avatar", "name", "profession", "field", "premium", "credit", "time_zone",
		"user_agent", "pack"}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	var got []string
	if _, err := dec.Token(); err != nil { // {
		t.Fatal(err)
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("keys: got %v, want %v", got, want)
	}
}

// TestProbabilities checks each of the producer's choices over 20,000
// users. The tolerance is five standard deviations of the estimate, so the
// test is far from flaky; it is also deterministic, since the seed is fixed.
func TestProbabilities(t *testing.T) {
	const n = 20000
	all := users(349, n)
	c := vocab.ProducerChoices
	count := func(f func(User) bool) int {
		k := 0
		for _, u := range all {
			if f(u) {
				k++
			}
		}
		return k
	}
	cases := []struct {
		name string
		want float64
		f    func(User) bool
	}{
		{"avatar is robohash", c.AvatarRobohashProbability, func(u User) bool { return strings.HasPrefix(u.Avatar, "https://robohash.org/") }},
		{"avatar is " + c.AvatarOtherwise, 1 - c.AvatarRobohashProbability, func(u User) bool { return u.Avatar == c.AvatarOtherwise }},
		{"name is generated", c.NameGeneratedProbability, func(u User) bool { return u.Name != c.NameOtherwise }},
		{"premium", c.PremiumTrueProbability, func(u User) bool { return u.Premium }},
		{"pack is free", c.PackFreeProbability, func(u User) bool { return u.Pack == "free" }},
		{"pack is " + c.PackOtherwise, 1 - c.PackFreeProbability, func(u User) bool { return u.Pack == c.PackOtherwise }},
		{"credit < -15", 5.0 / 40, func(u User) bool { return u.Credit < -15 }},
		{"premium and credit > 10", 0.5 * 9 / 40, func(u User) bool { return u.Premium && u.Credit > 10 }},
		{"card starts with 3", 1.0 / 3, func(u User) bool { return u.CreditCardNumber[0] == '3' }},
		{"card starts with 37", 1.0 / 6, func(u User) bool { return strings.HasPrefix(u.CreditCardNumber, "37") }},
		{"card starts with 4", 1.0 / 3, func(u User) bool { return u.CreditCardNumber[0] == '4' }},
		{"hotmail", 1.0 / 3, func(u User) bool { return strings.HasSuffix(u.Email, "@hotmail.com") }},
		{"field is IT or Technology", 2.0 / 22, func(u User) bool { return u.Field == "IT" || u.Field == "Technology" }},
		{"profession is engineer", 1.0 / 64, func(u User) bool { return u.Profession == "engineer" }},
	}
	for _, tc := range cases {
		got := float64(count(tc.f)) / n
		tol := 5 * math.Sqrt(tc.want*(1-tc.want)/n)
		if math.Abs(got-tc.want) > tol {
			t.Errorf("%s: got %.4f of %d users, want %.4f ± %.4f", tc.name, got, n, tc.want, tol)
		}
	}

	// Credit is uniform over [-20, 20): every value shows up about n/40
	// times, and nothing outside the range does.
	lo, hi := c.CreditRangeHalfOpen[0], c.CreditRangeHalfOpen[1]
	perValue := map[int]int{}
	for _, u := range all {
		perValue[u.Credit]++
	}
	want := float64(n) / float64(hi-lo)
	for v := lo; v < hi; v++ {
		if got := float64(perValue[v]); math.Abs(got-want) > 5*math.Sqrt(want) {
			t.Errorf("credit %d: got %v users, want about %.0f", v, got, want)
		}
		delete(perValue, v)
	}
	if len(perValue) > 0 {
		t.Errorf("credit outside [%d, %d): %v", lo, hi, perValue)
	}
}

// luhnValid is the Luhn check written from its definition, independently of
// luhnCheckDigit.
func luhnValid(number string) bool {
	sum := 0
	for i := range len(number) {
		d := int(number[len(number)-1-i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if i%2 == 1 {
			d = d*2/10 + d*2%10
		}
		sum += d
	}
	return len(number) > 1 && sum%10 == 0
}

func TestLuhnCheckDigit(t *testing.T) {
	// Well-known test card numbers.
	for _, number := range []string{"4111111111111111", "378282246310005", "371449635398431",
		"5555555555554444", "5105105105105100", "4222222222222", "4012888888881881"} {
		if !luhnValid(number) {
			t.Errorf("luhnValid(%q) = false, want true", number)
		}
		payload := number[:len(number)-1]
		if got := luhnCheckDigit([]byte(payload)); got != number[len(number)-1] {
			t.Errorf("luhnCheckDigit(%q) = %q, want %q", payload, got, number[len(number)-1])
		}
	}
	if luhnValid("4111111111111112") {
		t.Error(`luhnValid("4111111111111112") = true, want false`)
	}
}

func TestCreditCardNumbers(t *testing.T) {
	amex := regexp.MustCompile(`^3[47][0-9]{13}$`)
	visa := regexp.MustCompile(`^4([0-9]{12}|[0-9]{15})$`)
	masterCard := regexp.MustCompile(`^5[1-5][0-9]{14}$`)
	brands := map[string]int{}
	for i, u := range users(11, 20000) {
		n := u.CreditCardNumber
		if !luhnValid(n) {
			t.Fatalf("user %d: card %q fails the Luhn check", i, n)
		}
		var brand string
		switch {
		case amex.MatchString(n):
			brand = "American Express"
		case visa.MatchString(n):
			brand = "Visa"
		case masterCard.MatchString(n):
			brand = "MasterCard"
		default:
			t.Fatalf("user %d: card %q has no brand's prefix and length", i, n)
		}
		brands[brand]++
		if brand == "Visa" {
			brands["Visa "+strconv.Itoa(len(n))]++
		}
	}
	for _, b := range []string{"American Express", "Visa", "MasterCard"} {
		if got := brands[b]; got < 6000 || got > 7400 {
			t.Errorf("brand %s: got %d of 20000, want about 6667", b, got)
		}
	}
	for _, l := range []string{"Visa 13", "Visa 16"} {
		if got := brands[l]; got < 2900 || got > 3800 {
			t.Errorf("%s: got %d of 20000, want about 3333", l, got)
		}
	}
}

// TestValuesComeFromTheVocabulary takes every generated value apart and
// finds each piece in the vocabulary.
func TestValuesComeFromTheVocabulary(t *testing.T) {
	v := vocab
	setOf := func(list []string) map[string]bool {
		set := map[string]bool{}
		for _, x := range list {
			set[x] = true
		}
		return set
	}
	lastLower := map[string]bool{}
	for _, l := range v.LastNames {
		lastLower[strings.ReplaceAll(strings.ToLower(l), "'", "")] = true
	}
	firstLower := map[string]bool{}
	for _, f := range v.FirstNames {
		firstLower[strings.ToLower(f)] = true
	}
	usernameRE := regexp.MustCompile(`^([a-z]+)(?:([._])([a-z]+)([0-9]{0,2})|([0-9]{1,3}))?$`)
	validUsername := func(s string) bool {
		m := usernameRE.FindStringSubmatch(s)
		if m == nil || !firstLower[m[1]] {
			return false
		}
		if m[2] != "" && !lastLower[m[3]] {
			return false
		}
		if m[5] != "" {
			if n, _ := strconv.Atoi(m[5]); n > 255 {
				return false
			}
		}
		return true
	}
	providers, firstNames, lastNames := setOf(v.FreeEmailProviders), setOf(v.FirstNames), setOf(v.LastNames)
	industries, professions, fields := setOf(v.Industries), setOf(v.Professions), setOf(v.JobFields)
	timeZones, userAgents, middles := setOf(v.TimeZones), setOf(v.UserAgents), setOf(phrases.Middle)
	packs := setOf([]string{"free", v.ProducerChoices.PackOtherwise})
	companyRE := regexp.MustCompile(`^(?:(\S+) (Inc|and Sons|LLC|Group)|(\S+)-(\S+)|(\S+), (\S+) and (\S+))$`)
	for i, u := range users(5, 5000) {
		fail := func(field, value string) {
			t.Fatalf("user %d: %s %q is not from the vocabulary", i, field, value)
		}
		local, provider, ok := strings.Cut(u.Email, "@")
		if !ok || !validUsername(local) || !providers[provider] {
			fail("email", u.Email)
		}
		if !validUsername(u.UserName) {
			fail("user_name", u.UserName)
		}
		if u.Avatar != v.ProducerChoices.AvatarOtherwise {
			name, ok := strings.CutPrefix(u.Avatar, "https://robohash.org/")
			name, ok2 := strings.CutSuffix(name, ".png?size=50x50")
			if !ok || !ok2 || !validUsername(name) {
				fail("avatar", u.Avatar)
			}
		}
		if u.Name != v.ProducerChoices.NameOtherwise {
			first, last, ok := strings.Cut(u.Name, " ")
			if !ok || !firstNames[first] || !lastNames[last] {
				fail("name", u.Name)
			}
		}
		m := companyRE.FindStringSubmatch(u.CompanyName)
		if m == nil {
			fail("company_name", u.CompanyName)
		}
		for _, part := range []string{m[1], m[3], m[4], m[5], m[6], m[7]} {
			if part != "" && !lastNames[part] {
				fail("company_name", u.CompanyName)
			}
		}
		okSlogan := false
		for _, h := range phrases.Head {
			rest, ok := strings.CutPrefix(u.CompanySlogan, h+" ")
			if !ok {
				continue
			}
			for _, tail := range phrases.Tail {
				mid, ok := strings.CutSuffix(rest, " "+tail)
				okSlogan = okSlogan || (ok && middles[mid])
			}
		}
		if !okSlogan {
			fail("company_slogan", u.CompanySlogan)
		}
		for _, f := range []struct {
			name, value string
			set         map[string]bool
		}{
			{"industry", u.Industry, industries},
			{"profession", u.Profession, professions},
			{"field", u.Field, fields},
			{"time_zone", u.TimeZone, timeZones},
			{"user_agent", u.UserAgent, userAgents},
			{"pack", u.Pack, packs},
		} {
			if !f.set[f.value] {
				fail(f.name, f.value)
			}
		}
	}
}

func TestJSONDoesNotEscapeHTML(t *testing.T) {
	u := New(1).Next()
	u.Industry = "Gambling & Casinos"
	u.CompanyName = "<Kub>"
	got := string(u.JSON())
	for _, want := range []string{`"industry":"Gambling & Casinos"`, `"company_name":"<Kub>"`} {
		if !strings.Contains(got, want) {
			t.Errorf("JSON() = %s, want it to contain %s", got, want)
		}
	}
	var back User
	if err := json.Unmarshal(u.JSON(), &back); err != nil || back != u {
		t.Errorf("JSON() does not round-trip: got %+v, %v; want %+v", back, err, u)
	}
}

// TestVocabularyIsACopy compares the embedded vocabulary with the shared
// one it was copied from, where the workspace has it (beside the module,
// not in it), so an update there is not missed here.
func TestVocabularyIsACopy(t *testing.T) {
	const shared = "../../../shared/data/tutorial-producer-vocabulary.json"
	want, err := os.ReadFile(shared)
	if err != nil {
		t.Skipf("no shared vocabulary to compare with: %v", err)
	}
	if !bytes.Equal(vocabularyJSON, want) {
		t.Errorf("vocabulary.json differs from %s: copy it again, then regenerate the corpus (go test ./scenarios/internal/gencorpus -update)", shared)
	}
}

package judge

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// NearMiss says how an action sent differs from one expected about the
// same customer: `reason is "VIP_USER", want "LEGACY_EMAIL_PROVIDER"; field
// "pad" should not be there`. It returns "" when the two are not JSON
// objects about the same customer, or do not differ.
func NearMiss(want, got []byte) string {
	var w, g map[string]any
	if json.Unmarshal(want, &w) != nil || json.Unmarshal(got, &g) != nil || g["customer"] == nil || g["customer"] != w["customer"] {
		return ""
	}
	var diffs []string
	for k, wv := range w {
		gv, ok := g[k]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("%s is missing, want %s", k, quote(wv)))
		case fmt.Sprint(gv) != fmt.Sprint(wv):
			diffs = append(diffs, fmt.Sprintf("%s is %s, want %s", k, quote(gv), quote(wv)))
		}
	}
	for k := range g {
		if _, ok := w[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("field %q should not be there", k))
		}
	}
	sort.Strings(diffs)
	return strings.Join(diffs, "; ")
}

// quote shows a JSON value as it would be written: strings quoted.
func quote(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

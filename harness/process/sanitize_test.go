package process_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/harness/process"
)

func TestSanitize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain text, unicode ✅ İ", "plain text, unicode ✅ İ"},
		{"tab\tkept", "tab\tkept"},
		{"\x1b[2Jcleared", `\x1b[2Jcleared`},
		{"\x1b]0;pwned\x07title", `\x1b]0;pwned\x07title`},
		{"\x1b]0;st\x1b\\", `\x1b]0;st\x1b\`},
		{"bell\a nul\x00 cr\r", `bell\x07 nul\x00 cr\x0d`},
		{"del\x7f", `del\x7f`},
		{"c1 csi \u009b2J and \u0080 \u009f", `c1 csi \u009b2J and \u0080 \u009f`},
		{"invalid caf\xe9 \xff\xfe", `invalid caf\xe9 \xff\xfe`},
		{"truncated \xe2\x9c", `truncated \xe2\x9c`},
		{"replacement char \uFFFD kept", "replacement char \uFFFD kept"},
		{`backslash \x1b stays`, `backslash \x1b stays`},
		{"", ""},
	}
	for _, tc := range cases {
		if got := process.Sanitize(tc.in); got != tc.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTailSanitizes(t *testing.T) {
	tail := process.NewTail(5)
	fmt.Fprintf(tail, "\x1b[2Jhello\r\n%s\xc3\xa9\nok\n\x1b]0;title", strings.Repeat("x", 499))
	lines, _ := tail.Lines()
	// The long line is cut before its last character rather than in it.
	want := []string{`\x1b[2Jhello`, strings.Repeat("x", 499), "ok", `\x1b]0;title`}
	if !slices.Equal(lines, want) {
		t.Errorf("lines = %q, want %q", lines, want)
	}
}

func BenchmarkSanitizeClean(b *testing.B) {
	line := strings.Repeat(`{"customer": "a@gmail.com", "type": "CONTACT_CUSTOMER"} `, 4)
	for b.Loop() {
		process.Sanitize(line)
	}
}

package process

import (
	"strings"
	"unicode/utf8"
)

// Sanitize returns s with everything a terminal could act on made visible
// as an escape, so that a program's output can be printed without letting
// it clear the screen, move the cursor or retitle the window: C0 controls
// other than tab and DEL become \xNN (ESC is \x1b), C1 controls (U+0080 to
// U+009F, which some terminals obey like ESC sequences) become \u00NN, and
// each byte of invalid UTF-8 becomes \xNN. Everything else, backslashes
// included, is left as it is: the result is for people to read, not to be
// unescaped. s is returned unchanged, without copying, when nothing needs
// escaping.
func Sanitize(s string) string {
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if isControl(c) {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || isC1(r) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if isControl(c) {
				writeHex(&b, `\x`, c)
			} else {
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			writeHex(&b, `\x`, c)
		case isC1(r):
			writeHex(&b, `\u00`, byte(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isControl(c byte) bool { return (c < 0x20 && c != '\t') || c == 0x7f }

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

func writeHex(b *strings.Builder, prefix string, c byte) {
	const digits = "0123456789abcdef"
	b.WriteString(prefix)
	b.WriteByte(digits[c>>4])
	b.WriteByte(digits[c&0xf])
}

// cutRunes shortens s to at most n bytes without splitting a UTF-8
// sequence, so that a cut line does not end in a spurious escape.
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

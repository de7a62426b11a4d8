package process

import (
	"bytes"
	"sync"
	"unicode/utf8"
)

// Tail is an io.Writer that keeps the last lines written to it, so that a
// chatty program cannot make kafkacheck's memory grow. Lines longer than
// maxLine bytes are cut (at a character boundary). The kept lines are
// passed through Sanitize, because they end up printed on a terminal in
// the report and a program's output may hold escape sequences. It is safe
// for concurrent use, which lets stdout and stderr share one tail in
// arrival order.
type Tail struct {
	mu      sync.Mutex
	max     int
	lines   []string // ring of at most max lines
	next    int      // where the next line goes once the ring is full
	partial []byte   // the current line, not yet ended by '\n'
	cut     bool     // bytes of the current line were dropped
	total   int      // lines seen, kept or not
}

// maxLine bounds one kept line; a minified JSON dump stays readable.
const maxLine = 500

// NewTail returns a Tail keeping the last n lines (at least 1).
func NewTail(n int) *Tail { return &Tail{max: max(n, 1)} }

// Write splits p into lines and keeps the last ones. It never fails.
func (t *Tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			t.appendPartial(p)
			break
		}
		t.appendPartial(p[:i])
		t.push(t.line(bytes.TrimRight(t.partial, "\r")))
		t.partial, t.cut = t.partial[:0], false
		p = p[i+1:]
	}
	return n, nil
}

func (t *Tail) appendPartial(p []byte) {
	room := maxLine - len(t.partial)
	if room < len(p) {
		t.cut = true
	}
	if room > 0 {
		t.partial = append(t.partial, p[:min(room, len(p))]...)
	}
}

// line makes a kept line of b: without the half of a character a cut may
// have left at its end, and sanitized.
func (t *Tail) line(b []byte) string {
	if t.cut {
		b = trimPartialRune(b)
	}
	return Sanitize(string(b))
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of b.
func trimPartialRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

func (t *Tail) push(line string) {
	t.total++
	if len(t.lines) < t.max {
		t.lines = append(t.lines, line)
		return
	}
	t.lines[t.next] = line
	t.next = (t.next + 1) % t.max
}

// Lines returns the kept lines, oldest first, with an unfinished last line
// if there is one, and how many earlier lines were dropped.
func (t *Tail) Lines() (lines []string, dropped int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines = append(lines, t.lines[t.next:]...)
	lines = append(lines, t.lines[:t.next]...)
	if len(t.partial) > 0 {
		lines = append(lines, t.line(t.partial))
	}
	return lines, t.total - len(t.lines)
}

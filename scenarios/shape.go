package scenarios

// This file bounds what a scenario file may cost before a YAML parser sees
// it. Both YAML libraries the loader uses pay for nesting: yaml.v3 stops at
// 10,000 levels, but go-yaml's parser, which locates syntax errors, is
// quadratic in depth (40,000 levels of [ took 2.4 GB). shape finds how deep
// a file nests in one pass over its bytes, in constant memory.

// The limits on a scenario file. A scenario nests four levels deep (the
// top mapping, expect, actions, an action), and the built-in 1000-user
// corpus is 0.7 MB.
const (
	// MaxFileSize is the largest scenario file read, in bytes.
	MaxFileSize = 1 << 20
	// MaxDepth is how deep lists and mappings may nest in a scenario file.
	MaxDepth = 32
)

// shape is what scanShape learns about a file.
type shape struct {
	// deepLine is the line where nesting first goes deeper than the limit,
	// and 0 when it never does.
	deepLine int
	// secondDoc is the line where a second YAML document starts, and 0 when
	// there is none.
	secondDoc int
}

// scanShape estimates how deep data nests, the way libyaml's scanner counts
// it: open flow collections ([ and { outside scalars and comments) plus the
// stack of block indentation levels (a "- " entry or a "key:" at a column
// deeper than the enclosing one). It skips quoted scalars, block scalars,
// plain scalars and comments, so brackets inside them do not count. It may
// miscount a file that is not valid YAML, never by much on one that is:
// a sequence written at its key's indentation is not counted.
//
// It stops at the first line deeper than limit. Its memory is bounded by
// limit, its time is linear in len(data).
func scanShape(data []byte, limit int) shape {
	var (
		sh      shape
		line    = 1
		flow    int            // open flow collections
		indents = []int{}      // columns of the open block collections
		quote   byte           // the quote of an open quoted scalar, or 0
		block   = -1           // minimum indent of block scalar lines, or -1
		plain   bool           // the last line ended in a plain scalar (block context)
		keyCol  = -1           // column where the current node started, or -1
		started bool           // a document has started
		docs    int            // documents started
		inPlain bool           // inside a plain scalar (flow context)
		top     = func() int { // the innermost block indentation
			if len(indents) == 0 {
				return -1
			}
			return indents[len(indents)-1]
		}
	)
	// push opens a block collection at col; it reports false when that
	// goes deeper than limit.
	push := func(col int) bool {
		if col <= top() {
			return true
		}
		indents = append(indents, col)
		if len(indents)+flow > limit {
			sh.deepLine = line
			return false
		}
		return true
	}
	startDoc := func() {
		docs++
		if docs == 2 && sh.secondDoc == 0 {
			sh.secondDoc = line
		}
		started = true
	}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		data = data[3:] // a UTF-8 byte order mark
	}
	i := 0
	for i < len(data) {
		// At the start of a line.
		lineStart := i
		end, next := lineEnd(data, i)
		col := 0
		for i < end && data[i] == ' ' {
			i++
			col++
		}
		// blank reports a line with nothing but spaces, tabs and a comment
		// (inside a block scalar, a comment is text).
		isBlank := func() bool {
			j := i
			for j < end && (data[j] == ' ' || data[j] == '\t') {
				j++
			}
			return j == end || data[j] == '#' && quote == 0 && block < 0
		}
		blank := isBlank()

		// A document marker at column 0 ends whatever is open.
		if quote == 0 && col == 0 && end-i >= 3 && (isMarker(data[i:end], '-') || isMarker(data[i:end], '.')) {
			flow, indents, block, plain, keyCol, inPlain = 0, indents[:0], -1, false, -1, false
			if data[i] == '-' {
				startDoc()
				i += 3
			} else {
				started = false
				i, line = next, line+1
				continue
			}
		} else if quote == 0 && block >= 0 {
			// Inside a block scalar: its lines are text, down to the first
			// line indented less.
			if blank || col >= block {
				i, line = next, line+1
				continue
			}
			block = -1
			blank = isBlank()
		}

		if quote == 0 && flow == 0 && !blank {
			keyCol = -1 // a property on the line before is the node's
		}
		if quote == 0 && flow == 0 && !blank && i == lineStart+col {
			if plain && col > top() {
				// The continuation of a multi-line plain scalar.
				i = skipPlain(data, i, end, false)
				i, line = next, line+1
				continue
			}
			for len(indents) > 0 && top() > col {
				indents = indents[:len(indents)-1]
			}
		}
		if !blank {
			plain = false
		}
		if !blank && !started && quote == 0 && flow == 0 && col == 0 && data[i] == '%' {
			i, line = next, line+1 // a directive
			continue
		}
		if !blank && !started {
			startDoc()
		}

		// The tokens of the line.
		tokenStart := true // the next non-space character starts a node
		for i < end {
			c := data[i]
			if quote != 0 {
				i = skipQuoted(data, i, end, &quote)
				if quote == 0 {
					tokenStart = false
				}
				continue
			}
			if c == ' ' || c == '\t' || c == '\r' {
				i++
				continue
			}
			// A comment, where a token could start (libyaml does not ask
			// for a space before it there).
			if c == '#' && (flow == 0 || !inPlain || data[i-1] == ' ' || data[i-1] == '\t') {
				break
			}
			pos := i - lineStart
			if flow > 0 {
				switch {
				case c == '[' || c == '{':
					flow++
					inPlain = false
					if len(indents)+flow > limit {
						sh.deepLine = line
						return sh
					}
				case c == ']' || c == '}':
					flow--
					inPlain = false
				case c == ',':
					inPlain = false
				case (c == '"' || c == '\'') && !inPlain:
					quote = c
					i++
					continue
				case c == ':' && (i+1 == end || isFlowSep(data[i+1])):
					inPlain = false
				case c == '?' && !inPlain && (i+1 == end || isFlowSep(data[i+1])):
				case c == '!' && !inPlain:
					i = skipTag(data, i, end)
					continue
				case (c == '&' || c == '*') && !inPlain:
					i = skipAnchor(data, i+1, end)
					continue
				default:
					inPlain = true
				}
				i++
				if flow == 0 {
					tokenStart = false
				}
				continue
			}
			// Block context.
			if (c == '-' || c == '?' || c == ':') && (i+1 == end || data[i+1] == ' ' || data[i+1] == '\t') {
				switch {
				case c == '-' && tokenStart:
					if !push(pos) {
						return sh
					}
				case c == '?' && tokenStart:
					if !push(pos) {
						return sh
					}
				case c == ':':
					k := keyCol
					if k < 0 {
						k = pos // an empty key
					}
					if !push(k) {
						return sh
					}
				}
				keyCol = -1
				tokenStart = true
				i++
				continue
			}
			if !tokenStart {
				// Inside a node that is not a plain scalar: look for
				// "key:" after it, such as `"a": 1` or `[a]: 1`.
				if c == ':' {
					i++
					continue
				}
				i = skipPlain(data, i, end, true)
				continue
			}
			if keyCol < 0 {
				keyCol = pos
			}
			switch c {
			case '[', '{':
				flow++
				inPlain = false
				if len(indents)+flow > limit {
					sh.deepLine = line
					return sh
				}
				i++
			case '"', '\'':
				quote = c
				i = skipQuoted(data, i+1, end, &quote)
				if quote == 0 {
					tokenStart = false
				}
			case '!':
				i = skipTag(data, i, end) // a property: the node follows
			case '&':
				i = skipAnchor(data, i+1, end) // a property too
			case '*':
				i = skipAnchor(data, i+1, end)
				tokenStart = false
			case '|', '>':
				// A block scalar: its text starts on the next line.
				block = top() + 1
				if block < 1 {
					block = 1
				}
				i = end
			default:
				i = skipPlain(data, i, end, true)
				plain = i == end
				tokenStart = false
			}
		}
		i, line = next, line+1
	}
	return sh
}

// lineEnd returns where the line that starts at i ends, and where the next
// one starts. Like libyaml, it takes for a line break \n, \r\n, a \r alone,
// and the Unicode breaks NEL, LS and PS.
func lineEnd(data []byte, i int) (end, next int) {
	for end = i; end < len(data); end++ {
		switch data[end] {
		case '\n':
			return end, end + 1
		case '\r':
			if end+1 < len(data) && data[end+1] == '\n' {
				return end, end + 2
			}
			return end, end + 1
		case 0xC2: // NEL is C2 85
			if end+1 < len(data) && data[end+1] == 0x85 {
				return end, end + 2
			}
		case 0xE2: // LS and PS are E2 80 A8 and E2 80 A9
			if end+2 < len(data) && data[end+1] == 0x80 && (data[end+2] == 0xA8 || data[end+2] == 0xA9) {
				return end, end + 3
			}
		}
	}
	return end, end
}

// isMarker reports whether l, a line, is the document marker --- or ...
// made of c.
func isMarker(l []byte, c byte) bool {
	return l[0] == c && l[1] == c && l[2] == c && (len(l) == 3 || l[3] == ' ' || l[3] == '\t')
}

func isFlowSep(c byte) bool {
	switch c {
	case ' ', '\t', '\r', ',', '[', ']', '{', '}':
		return true
	}
	return false
}

// skipQuoted skips the text of a quoted scalar from i to its closing quote,
// or to end if it goes on; it clears *quote when the scalar ends.
func skipQuoted(data []byte, i, end int, quote *byte) int {
	for i < end {
		switch c := data[i]; {
		case c == '\\' && *quote == '"':
			i += 2
		case c == '\'' && *quote == '\'' && i+1 < end && data[i+1] == '\'':
			i += 2
		case c == *quote:
			*quote = 0
			return i + 1
		default:
			i++
		}
	}
	return end
}

// skipTag skips a tag. yaml.v3 reads one up to a space or a line break,
// flow indicators included ("!a,[b]" is one tag), and refuses a document
// in which anything else ends it.
func skipTag(data []byte, i, end int) int {
	for i < end && data[i] != ' ' && data[i] != '\t' {
		i++
	}
	return i
}

// skipAnchor skips the name of an anchor or alias that starts at i:
// yaml.v3 allows letters, digits, '_' and '-' in it, so "&a: b" is the
// anchor a on a mapping key.
func skipAnchor(data []byte, i, end int) int {
	for i < end {
		switch c := data[i]; {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c == '_', c == '-':
			i++
		default:
			return i
		}
	}
	return i
}

// skipPlain skips a plain scalar in block context, up to a ": " that makes
// it a key (when key is set), a " #" comment, or the end of the line.
func skipPlain(data []byte, i, end int, key bool) int {
	for i < end {
		c := data[i]
		if key && c == ':' && (i+1 == end || data[i+1] == ' ' || data[i+1] == '\t') {
			return i
		}
		if c == '#' && i > 0 && (data[i-1] == ' ' || data[i-1] == '\t') {
			return end
		}
		i++
	}
	return end
}

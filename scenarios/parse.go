package scenarios

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	"go.yaml.in/yaml/v3"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// Parse reads one scenario from data; file names it in messages.
func Parse(file string, data []byte) (*Scenario, error) {
	p := &fileParser{s: &Scenario{File: file, Step: 3}}
	doc, err := p.document(data)
	if err != nil {
		return nil, err
	}
	if err := p.top(doc.Content[0]); err != nil {
		return nil, err
	}
	p.s.classify("")
	return p.s, nil
}

type fileParser struct {
	s *Scenario
}

// document reads the one YAML document of data. Before yaml.v3 sees data,
// it checks its size and how deep it nests (scanShape), which bounds what
// parsing costs; after, that nothing follows the document.
func (p *fileParser) document(data []byte) (*yaml.Node, error) {
	file := p.s.File
	if len(data) > MaxFileSize {
		return nil, tooLarge(file)
	}
	sh := scanShape(data, MaxDepth)
	if sh.deepLine != 0 {
		return nil, deepError(file, sh.deepLine)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: file, Msg: "the file holds no YAML document: want one with name, teams, events and expect"}
		}
		return nil, p.yamlError(err, data)
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		line := sh.secondDoc
		if line == 0 && err == nil {
			line = max(next.Line, 1)
		}
		if line == 0 {
			return nil, p.yamlError(err, data) // not a document: text after the first
		}
		return nil, &Error{File: file, Line: line, Msg: "a second YAML document starts here, and a file holds one scenario: move it to a file of its own, or remove the ---"}
	}
	if line := tooDeep(&doc, MaxDepth); line != 0 {
		return nil, deepError(file, line)
	}
	if n := strangeTag(&doc); n != nil {
		return nil, &Error{File: file, Line: n.Line, Msg: fmt.Sprintf("YAML tag %s: a scenario is plain YAML, with no tags but the standard ones (!!str, !!int, !!bool, !!float, !!null, !!seq, !!map); remove it", n.Tag)}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, &Error{File: file, Msg: "want exactly one YAML document with name, teams, events and expect"}
	}
	if body := doc.Content[0]; body.Kind == yaml.ScalarNode && body.Value == "" && body.Style == 0 {
		// A document with nothing in it ("---" alone): yaml.v3 puts its
		// empty value on the line after, which may not be in the file.
		return nil, &Error{File: file, Line: doc.Line, Msg: "the YAML document here is empty: want one with name, teams, events and expect"}
	}
	return &doc, nil
}

// coreTags are the tags a scenario may write: YAML's own, which only
// say what the value already is, as !!str quotes a number.
var coreTags = []string{"!!str", "!!int", "!!bool", "!!float", "!!null", "!!seq", "!!map"}

// strangeTag returns the first node of n written with a tag other than the
// core ones, or nil. yaml.v3 keeps an application's tag (!foo) and reads
// the value as if it were not there, so "premium: !foo true" would be read
// as the text "true" without a word about the tag. Aliases are not
// followed: the node an alias names is checked where it is defined.
func strangeTag(n *yaml.Node) *yaml.Node {
	if n.Style&yaml.TaggedStyle != 0 && !slices.Contains(coreTags, n.ShortTag()) {
		return n
	}
	if n.Kind == yaml.AliasNode {
		return nil
	}
	for _, c := range n.Content {
		if s := strangeTag(c); s != nil {
			return s
		}
	}
	return nil
}

func deepError(file string, line int) error {
	return &Error{File: file, Line: line, Msg: fmt.Sprintf("lists and mappings nest more than %d levels deep here, the most a scenario file may (a scenario needs 4: the scenario, expect, its actions, an action); look for a [ or { that is not closed", MaxDepth)}
}

// tooDeep returns the line of the first node of n nested more than limit
// collections deep, or 0. It does not follow aliases: the node an alias
// names is checked where it is defined.
func tooDeep(n *yaml.Node, limit int) int {
	if n.Kind == yaml.SequenceNode || n.Kind == yaml.MappingNode {
		if limit == 0 {
			return n.Line
		}
		limit--
	}
	for _, c := range n.Content {
		if line := tooDeep(c, limit); line != 0 {
			return line
		}
	}
	return 0
}

func (p *fileParser) errorf(n *yaml.Node, format string, args ...any) error {
	return &Error{File: p.s.File, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

var (
	yamlLine      = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	unknownAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)
)

// locateMax is the largest file whose syntax errors go-yaml's parser
// locates: its cost grows faster than the file (a 200 KB mapping of 13,000
// keys took it 2 s). Scenarios written by hand are far smaller.
const locateMax = 64 << 10

// yamlParserErrors are the problems yaml.v3's parser (not its scanner)
// reports; it gives their line 0-based.
var yamlParserErrors = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// yamlError turns a YAML syntax error into an Error at its line. yaml.v3
// reports the line where the broken construct starts, and parser errors
// one line early (it prints a 0-based line), so in a file of up to
// locateMax bytes the error is located with go-yaml's parser instead, which
// points at the offending token; yaml.v3's own message, its line
// corrected, is the fallback.
func (p *fileParser) yamlError(err error, data []byte) error {
	if len(data) <= locateMax {
		if line, msg, ok := locate(data); ok {
			return &Error{File: p.s.File, Line: line, Msg: "YAML syntax: " + msg + syntaxHint(data, line, msg, false)}
		}
	}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		construct := yamlParserErrors[m[2]]
		if construct {
			line++
		}
		return &Error{File: p.s.File, Line: line, Msg: "YAML syntax: " + m[2] + syntaxHint(data, line, m[2], construct)}
	}
	if m := unknownAnchor.FindStringSubmatch(err.Error()); m != nil {
		return &Error{File: p.s.File, Line: aliasLine(data, m[1]), Msg: fmt.Sprintf("YAML syntax: alias *%s names no anchor &%s defined before it", m[1], m[1])}
	}
	return &Error{File: p.s.File, Msg: "YAML syntax: " + strings.TrimPrefix(err.Error(), "yaml: ")}
}

// locate finds the first syntax error in data with go-yaml's parser. A
// panic in that parser is not the file's fault: it counts as not found.
func locate(data []byte) (line int, msg string, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var located interface {
		GetToken() *token.Token
		GetMessage() string
	}
	_, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err == nil || !errors.As(err, &located) || located.GetToken() == nil || located.GetToken().Position == nil {
		return 0, "", false
	}
	tk := located.GetToken()
	if next := tk.Next; isMappingValueError(located.GetMessage()) && next != nil && next.Type == token.MappingValueType && next.Position != nil {
		// go-yaml points at the value before the ':', which may have
		// begun lines above (a line indented too far continues the
		// value of the line above it); the ':' is where it went wrong.
		tk = next
	}
	return tk.Position.Line, located.GetMessage(), true
}

// isMappingValueError reports whether msg, from go-yaml or yaml.v3, is
// about a ':' where no key may start: inside a value, or on a line
// indented so far that it continues the value above it.
func isMappingValueError(msg string) bool {
	return msg == "mapping value is not allowed in this context" || msg == "mapping values are not allowed in this context"
}

// indentationErrors are the syntax errors of go-yaml and yaml.v3 that a
// line indented wrongly most often causes.
var indentationErrors = map[string]bool{
	"value is not allowed in this context":                   true,
	"non-map value is specified":                             true,
	"unexpected key name":                                    true,
	"did not find expected key":                              true,
	"did not find expected '-' indicator":                    true,
	"block sequence entries are not allowed in this context": true,
}

// syntaxHint completes the YAML syntax error msg at line of data with
// the line's text and, for the errors a wrong indentation or an unquoted
// ": " causes, the likely fix:
//
//	; line 5 is "   - user: {}", indented 3 spaces where line 4 is
//	indented 2: check the indentation: …
//
// construct says that line may be where the mapping or list in error
// starts rather than the line in error (yaml.v3's parser errors name the
// first when it is not the file's first line). It returns "" when data
// has no such line, or the line is blank.
func syntaxHint(data []byte, line int, msg string, construct bool) string {
	text, ok := lineText(data, line)
	if !ok || strings.TrimSpace(text) == "" {
		return ""
	}
	hint := fmt.Sprintf("; line %d is %s", line, strconv.Quote(clipText(text, 80)))
	if construct {
		if indentationErrors[msg] {
			hint += ": check the indentation from this line on" + indentRule
		}
		return hint
	}
	body := strings.TrimLeft(text, " \t")
	lead := text[:len(text)-len(body)]
	if strings.Contains(lead, "\t") || strings.Contains(msg, "'\t'") {
		return hint + ": indent with spaces, never tabs (YAML does not allow tabs in indentation)"
	}
	indent := len(lead)
	prev, prevText := previousContent(data, line)
	prevIndent := -1
	if prev != 0 {
		prevIndent = len(prevText) - len(strings.TrimLeft(prevText, " \t"))
	}
	where := fmt.Sprintf(", indented %s", spaces(indent))
	switch {
	case prevIndent < 0:
	case prevIndent == indent:
		where += fmt.Sprintf(" as line %d is", prev)
	default:
		where += fmt.Sprintf(" where line %d is indented %d", prev, prevIndent)
	}
	switch {
	case isMappingValueError(msg):
		opensBlock := strings.HasSuffix(strings.TrimRight(stripComment(prevText), " \t"), ":") || strings.HasPrefix(strings.TrimSpace(prevText), "- ") && !strings.Contains(prevText, ": ")
		if prevIndent >= 0 && indent > prevIndent && !opensBlock {
			return hint + where + ": YAML reads a line indented deeper than the one above as more of that line's value; indent it as the keys it goes with (line " + strconv.Itoa(prev) + "'s, if it belongs to the same mapping)"
		}
		if key, value, found := strings.Cut(body, ": "); found && strings.Contains(value, ": ") && !strings.ContainsAny(key, "{[\"'") {
			return hint + ": a value that holds \": \" must be quoted, like " + clipText(key+": "+strconv.Quote(strings.TrimSpace(stripComment(value))), 80)
		}
		return hint + ": a value that holds \": \" must be quoted, or check the indentation"
	case indentationErrors[msg]:
		return hint + where + ": check the indentation" + indentRule
	}
	return hint
}

// indentRule is how YAML reads indentation, for messages.
const indentRule = ": the items of one list, and the keys of one mapping, start in the same column, further right than the key they belong to"

// spaces says how many spaces n is: "1 space", "3 spaces".
func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return strconv.Itoa(n) + " spaces"
}

// lineText returns line n (1-based) of data, without its line break.
func lineText(data []byte, n int) (string, bool) {
	if n < 1 {
		return "", false
	}
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return "", false
		}
		data = data[j+1:]
	}
	if j := bytes.IndexByte(data, '\n'); j >= 0 {
		data = data[:j]
	}
	return strings.TrimSuffix(string(data), "\r"), true
}

// previousContent returns the number and text of the last line before
// line n of data that is neither blank nor a comment, or 0.
func previousContent(data []byte, n int) (int, string) {
	lines := strings.Split(string(data), "\n")
	for i := min(n-1, len(lines)) - 1; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if t != "" && !strings.HasPrefix(t, "#") {
			return i + 1, strings.TrimSuffix(lines[i], "\r")
		}
	}
	return 0, ""
}

// stripComment drops a " #" comment from the end of a line.
func stripComment(s string) string {
	if i := strings.Index(s, " #"); i >= 0 {
		return s[:i]
	}
	return s
}

// aliasLine returns the line of the first alias *name in data, or 0.
func aliasLine(data []byte, name string) int {
	alias := []byte("*" + name)
	for off := 0; ; {
		i := bytes.Index(data[off:], alias)
		if i < 0 {
			return 0
		}
		end := off + i + len(alias)
		if end == len(data) || bytes.IndexByte([]byte(" \t\r\n,]}"), data[end]) >= 0 {
			return 1 + bytes.Count(data[:off+i], []byte("\n"))
		}
		off = end
	}
}

// pair is one key and its value in a mapping.
type pair struct {
	key  string
	k, v *yaml.Node
}

// pairs returns the key/value pairs of a mapping node.
func pairs(n *yaml.Node) ([]pair, bool) {
	n = unwrap(n)
	if n.Kind != yaml.MappingNode {
		return nil, false
	}
	out := make([]pair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, pair{key: n.Content[i].Value, k: n.Content[i], v: n.Content[i+1]})
	}
	return out, true
}

// unwrap follows aliases to the node that holds the value.
func unwrap(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// str returns the string a scalar node holds, and false for anything that
// YAML did not read as a string (a number, a bool, null, a mapping).
func str(n *yaml.Node) (string, bool) {
	n = unwrap(n)
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		return "", false
	}
	return n.Value, true
}

// show returns a node as the file wrote it, for messages.
func show(n *yaml.Node) string {
	n = unwrap(n)
	switch n.Kind {
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" && n.Value == "" {
			return "nothing"
		}
		return n.Value
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return "?"
}

func isNull(n *yaml.Node) bool {
	n = unwrap(n)
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

var topKeys = "name, description, teams, editions, step, events, expect"

func (p *fileParser) top(body *yaml.Node) error {
	kvs, ok := pairs(body)
	if !ok {
		return p.errorf(body, "a scenario is a mapping with the keys %s", topKeys)
	}
	seen := map[string]pair{}
	for _, kv := range kvs {
		if _, dup := seen[kv.key]; dup {
			return p.errorf(kv.k, "key %q appears twice", kv.key)
		}
		seen[kv.key] = kv
	}
	for _, kv := range kvs {
		var err error
		switch kv.key {
		case "name":
			err = p.name(kv)
		case "description":
			d, ok := str(kv.v)
			if !ok {
				err = p.errorf(kv.k, "description must be text")
			}
			p.s.Description = d
		case "teams":
			err = p.teams(kv)
		case "events":
			err = p.events(kv)
		case "editions":
			err = p.editions(kv)
		case "step":
			err = p.step(kv)
		case "expect":
		case "actions":
			err = p.errorf(kv.k, "unknown key %q (the keys are %s): actions belongs to expect, so indent it further right than expect:, under it", kv.key, topKeys)
		default:
			guess := ""
			if g := closest(strings.ToLower(kv.key), strings.Split(topKeys, ", "), 2); g != "" {
				guess = ": did you mean " + g + "?"
			}
			err = p.errorf(kv.k, "unknown key %q (the keys are %s)%s", kv.key, topKeys, guess)
		}
		if err != nil {
			return err
		}
	}
	for _, req := range []string{"name", "teams", "expect"} {
		if _, ok := seen[req]; !ok {
			return p.errorf(body, "missing key %q (a scenario needs name, teams and expect)", req)
		}
	}
	return p.expect(seen["expect"]) // last: it checks teams
}

func (p *fileParser) name(kv pair) error {
	n, ok := str(kv.v)
	if !ok || strings.TrimSpace(n) == "" {
		return p.errorf(kv.k, "name must be non-empty text")
	}
	p.s.Name = n
	return nil
}

func (p *fileParser) teams(kv pair) error {
	seq := unwrap(kv.v)
	if seq.Kind != yaml.SequenceNode || len(seq.Content) == 0 {
		return p.errorf(kv.k, "teams must be a list of one or more teams, like [team-3]")
	}
	seen := map[string]bool{}
	for _, v := range seq.Content {
		t, ok := str(v)
		if !ok || !classroom.IsTeam(t) {
			return p.errorf(v, "unknown team %s: teams are team-1 … team-15, lower case with a dash", show(v))
		}
		if seen[t] {
			return p.errorf(v, "team %q is listed twice", t)
		}
		seen[t] = true
		p.s.Teams = append(p.s.Teams, t)
	}
	return nil
}

func (p *fileParser) events(kv pair) error {
	if isNull(kv.v) {
		return nil
	}
	seq := unwrap(kv.v)
	if seq.Kind != yaml.SequenceNode {
		return p.errorf(kv.k, "events must be a list of items, each `- user: {…}` or `- raw: \"…\"`")
	}
	p.s.Events = make([]Event, 0, len(seq.Content))
	for i, item := range seq.Content {
		e, err := p.event(i+1, item)
		if err != nil {
			return err
		}
		p.s.Events = append(p.s.Events, e)
	}
	return nil
}

func (p *fileParser) event(n int, item *yaml.Node) (Event, error) {
	kvs, ok := pairs(item)
	if !ok || len(kvs) != 1 || (kvs[0].key != "user" && kvs[0].key != "raw") {
		return Event{}, p.errorf(item, "event %d must have exactly one key, user or raw (got %s)%s", n, describeKeys(kvs, item), eventKeysHint(kvs))
	}
	kv := kvs[0]
	if kv.key == "raw" {
		s, ok := str(kv.v)
		if !ok {
			if v := unwrap(kv.v); v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode {
				b := &jsonWriter{limit: maxRawExample}
				b.node(v)
				if !b.done() {
					return Event{}, p.errorf(kv.k, "event %d: raw must be a string, replayed byte for byte, and this is %s; to send it as JSON, quote it: raw: '%s'", n, show(v), strings.ReplaceAll(b.String(), "'", "''"))
				}
			}
			return Event{}, p.errorf(kv.k, "event %d: raw must be a string, replayed byte for byte; quote it, e.g. raw: %q", n, show(kv.v))
		}
		return Event{Value: []byte(s), Line: kv.k.Line, Raw: true, Email: emailOf([]byte(s))}, nil
	}
	u, err := p.user(n, kv)
	if err != nil {
		return Event{}, err
	}
	return Event{Value: u.JSON(), Line: kv.k.Line, Email: u.Email}, nil
}

// eventKeysHint guesses what an event of other keys than one user or
// raw meant: ": did you mean user?", or that a user's fields are indented
// as far as user: instead of further.
func eventKeysHint(kvs []pair) string {
	var fields []string
	hasUser := false
	for _, kv := range kvs {
		switch _, isField := fieldsByName[kv.key]; {
		case kv.key == "user":
			hasUser = true
		case isField:
			fields = append(fields, kv.key)
		}
	}
	switch {
	case hasUser && len(fields) > 0 && len(fields) == len(kvs)-1:
		return fmt.Sprintf(": %s %s, so indent %s further right than user:, under it (or write - user: {%s: …})",
			strings.Join(fields, ", "), plural(len(fields), "is a user field", "are user fields"), plural(len(fields), "it", "them"), fields[0])
	case len(fields) > 0 && len(fields) == len(kvs):
		return fmt.Sprintf(": a user's fields go under user:, like - user: {%s: …}", fields[0])
	case len(kvs) == 1:
		if g := closest(strings.ToLower(kvs[0].key), []string{"user", "raw"}, 1); g != "" {
			return ": did you mean " + g + "?"
		}
	}
	return ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func describeKeys(kvs []pair, n *yaml.Node) string {
	if len(kvs) == 0 {
		return show(n)
	}
	keys := make([]string, len(kvs))
	for i, kv := range kvs {
		keys[i] = kv.key
	}
	return "keys " + strings.Join(keys, ", ")
}

var actionKeys = []string{"customer", "type", "reason", "team"}

const expectKeys = "actions: a list of actions (or [] for none), and for a step: 5 scenario keyed: the records expected on the step-5 topic"

func (p *fileParser) expect(kv pair) error {
	kvs, ok := pairs(kv.v)
	if !ok {
		return p.errorf(kv.k, "expect must be a mapping with the key %s", expectKeys)
	}
	var actions, keyed *pair
	for i := range kvs {
		switch k := kvs[i].key; {
		case k == "actions" && actions == nil:
			actions = &kvs[i]
		case k == "keyed" && keyed == nil:
			keyed = &kvs[i]
		case k == "actions" || k == "keyed":
			return p.errorf(kvs[i].k, "key %q appears twice under expect", k)
		default:
			guess := ""
			if g := closest(strings.ToLower(k), []string{"actions", "keyed"}, 2); g != "" {
				guess = ": did you mean " + g + "?"
				if slices.ContainsFunc(kvs, func(o pair) bool { return o.key == g }) {
					guess = fmt.Sprintf(": expect has %s already, so move what is under %s into it, or remove it", g, k)
				}
			}
			return p.errorf(kvs[i].k, "unknown key %q under expect (the keys are actions and keyed)%s", k, guess)
		}
	}
	if actions == nil {
		return p.errorf(kv.k, "expect must have the key %s", expectKeys)
	}
	var keyedNode *yaml.Node
	if keyed != nil {
		keyedNode = keyed.k
	}
	if err := p.checkStep(kv.k, keyedNode); err != nil {
		return err
	}
	if keyed != nil {
		if err := p.keyed(keyed.k, keyed.v); err != nil {
			return err
		}
	}
	seq := unwrap(actions.v)
	if seq.Kind != yaml.SequenceNode {
		return p.errorf(actions.k, "expect.actions must be a list of actions, or [] for none")
	}
	listed := map[string]bool{}
	for _, t := range p.s.Teams {
		listed[t] = true
	}
	p.s.Expect = make([]Action, 0, len(seq.Content))
	for i, item := range seq.Content {
		a, err := p.action(i+1, item, listed)
		if err != nil {
			return err
		}
		p.s.Expect = append(p.s.Expect, a)
	}
	return nil
}

func (p *fileParser) action(n int, item *yaml.Node, listed map[string]bool) (Action, error) {
	kvs, ok := pairs(item)
	if !ok {
		return Action{}, p.errorf(item, "expected action %d must be a mapping {customer, type, reason, team}", n)
	}
	fields := map[string]string{}
	for _, kv := range kvs {
		if !slices.Contains(actionKeys, kv.key) {
			return Action{}, p.errorf(kv.k, "expected action %d: unknown field %q (an action has exactly customer, type, reason and team)", n, kv.key)
		}
		if _, dup := fields[kv.key]; dup {
			return Action{}, p.errorf(kv.k, "expected action %d: field %q appears twice", n, kv.key)
		}
		s, ok := str(kv.v)
		if !ok {
			return Action{}, p.errorf(kv.k, "expected action %d: %s must be text, got %s", n, kv.key, show(kv.v))
		}
		fields[kv.key] = s
	}
	for _, k := range actionKeys {
		if _, ok := fields[k]; !ok {
			return Action{}, p.errorf(item, "expected action %d: missing field %q (an action has exactly customer, type, reason and team)", n, k)
		}
	}
	if !listed[fields["team"]] {
		return Action{}, p.errorf(item, "expected action %d is from %q, which is not in teams %v: only listed teams' programs run", n, fields["team"], p.s.Teams)
	}
	b, err := json.Marshal(fields)
	if err != nil {
		return Action{}, p.errorf(item, "expected action %d: %v", n, err)
	}
	return Action{Value: b, Line: item.Line, Team: fields["team"], Customer: fields["customer"]}, nil
}

// emailOf returns the email of a raw value that is a JSON object with a
// string email, so that an action about it can be tied to its event; ""
// otherwise.
func emailOf(value []byte) string {
	var u struct {
		Email string `json:"email"`
	}
	if json.Unmarshal(value, &u) != nil {
		return ""
	}
	return u.Email
}

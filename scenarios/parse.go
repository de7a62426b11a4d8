package scenarios

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	"go.yaml.in/yaml/v3"

	"github.com/kafkacheck/kafkacheck/harness/classroom"
	"github.com/kafkacheck/kafkacheck/scenarios/producer"
)

// Parse reads one scenario from data; file names it in messages.
func Parse(file string, data []byte) (*Scenario, error) {
	p := &fileParser{s: &Scenario{File: file}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, p.yamlError(err, data)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, &Error{File: file, Msg: "want exactly one YAML document with name, teams, events and expect"}
	}
	if err := p.top(doc.Content[0]); err != nil {
		return nil, err
	}
	return p.s, nil
}

type fileParser struct {
	s *Scenario
}

func (p *fileParser) errorf(n *yaml.Node, format string, args ...any) error {
	return &Error{File: p.s.File, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a YAML syntax error into an Error at its line. yaml.v3
// reports parser errors one line early (it prints a 0-based context line),
// so the error is located with go-yaml's parser instead, which points at the
// offending token; yaml.v3's own message is the fallback.
func (p *fileParser) yamlError(err error, data []byte) error {
	var located interface {
		GetToken() *token.Token
		GetMessage() string
	}
	if _, perr := parser.ParseBytes(data, 0); perr != nil && errors.As(perr, &located) && located.GetToken() != nil {
		return &Error{File: p.s.File, Line: located.GetToken().Position.Line, Msg: "YAML syntax: " + located.GetMessage()}
	}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: p.s.File, Line: line, Msg: "YAML syntax: " + m[2]}
	}
	return &Error{File: p.s.File, Msg: "YAML syntax: " + strings.TrimPrefix(err.Error(), "yaml: ")}
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

var topKeys = "name, description, teams, events, expect"

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
		case "expect":
		default:
			err = p.errorf(kv.k, "unknown key %q (the keys are %s)", kv.key, topKeys)
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
		return Event{}, p.errorf(item, "event %d must have exactly one key, user or raw (got %s)", n, describeKeys(kvs, item))
	}
	kv := kvs[0]
	if kv.key == "raw" {
		s, ok := str(kv.v)
		if !ok {
			return Event{}, p.errorf(kv.k, "event %d: raw must be a string, replayed byte for byte; quote it, e.g. raw: %q", n, show(kv.v))
		}
		return Event{Value: []byte(s), Line: kv.k.Line, Raw: true}, nil
	}
	u, err := p.user(n, kv)
	if err != nil {
		return Event{}, err
	}
	return Event{Value: u.JSON(), Line: kv.k.Line, Email: u.Email}, nil
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

// user merges a user mapping over the neutral user, checking each field.
func (p *fileParser) user(n int, kv pair) (producer.User, error) {
	u := NeutralUser()
	if isNull(kv.v) {
		return u, nil // `- user:` alone is the neutral user
	}
	kvs, ok := pairs(kv.v)
	if !ok {
		return u, p.errorf(kv.k, "event %d: user must be a mapping of user fields, like {email: a@gmail.com}", n)
	}
	seen := map[string]bool{}
	for _, f := range kvs {
		field, known := fieldsByName[f.key]
		if !known {
			return u, p.errorf(f.k, "event %d: unknown user field %q (the fields are %s); a value with other fields is a raw event", n, f.key, fieldList())
		}
		if seen[f.key] {
			return u, p.errorf(f.k, "event %d: user field %q appears twice", n, f.key)
		}
		seen[f.key] = true
		v, err := p.fieldValue(n, field.kind, f)
		if err != nil {
			return u, err
		}
		field.set(&u, v)
	}
	return u, nil
}

func (p *fileParser) fieldValue(n int, kind fieldKind, f pair) (any, error) {
	v := unwrap(f.v)
	switch kind {
	case kindBool:
		if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!bool" {
			var b bool
			if err := v.Decode(&b); err == nil {
				return b, nil
			}
		}
		return nil, p.errorf(f.k, "event %d: %s must be true or false, got %s; a user with another type is a raw event", n, f.key, show(v))
	case kindInt:
		if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!int" {
			var i int64
			if err := v.Decode(&i); err == nil && i >= math.MinInt32 && i <= math.MaxInt32 {
				return i, nil
			}
		}
		return nil, p.errorf(f.k, "event %d: %s must be a whole number (32-bit), got %s; a user with another type is a raw event", n, f.key, show(v))
	default:
		if s, ok := str(v); ok {
			return s, nil
		}
		return nil, p.errorf(f.k, "event %d: %s must be text, got %s; quote it: %s: %q", n, f.key, show(v), f.key, show(v))
	}
}

var actionKeys = []string{"customer", "type", "reason", "team"}

func (p *fileParser) expect(kv pair) error {
	kvs, ok := pairs(kv.v)
	if !ok || len(kvs) != 1 || kvs[0].key != "actions" {
		return p.errorf(kv.k, "expect must have one key, actions: a list of actions (or [] for none)")
	}
	seq := unwrap(kvs[0].v)
	if seq.Kind != yaml.SequenceNode {
		return p.errorf(kvs[0].k, "expect.actions must be a list of actions, or [] for none")
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
		if !contains(actionKeys, kv.key) {
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

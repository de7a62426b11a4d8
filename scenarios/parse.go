package scenarios

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/kafkacheck/kafkacheck/harness/classroom"
)

// Parse reads one scenario from data; file names it in messages.
func Parse(file string, data []byte) (*Scenario, error) {
	p := &fileParser{s: &Scenario{File: file}}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, p.yamlError(err)
	}
	if len(f.Docs) != 1 || f.Docs[0].Body == nil {
		return nil, &Error{File: file, Msg: "want exactly one YAML document with name, teams, events and expect"}
	}
	if err := p.top(f.Docs[0].Body); err != nil {
		return nil, err
	}
	return p.s, nil
}

type fileParser struct {
	s *Scenario
}

func (p *fileParser) errorf(n ast.Node, format string, args ...any) error {
	return &Error{File: p.s.File, Line: line(n), Msg: fmt.Sprintf(format, args...)}
}

// yamlError turns a go-yaml error into an Error at its line.
func (p *fileParser) yamlError(err error) error {
	var ye interface {
		GetToken() *token.Token
		GetMessage() string
	}
	if errors.As(err, &ye) && ye.GetToken() != nil {
		return &Error{File: p.s.File, Line: ye.GetToken().Position.Line, Msg: "YAML syntax: " + ye.GetMessage()}
	}
	return &Error{File: p.s.File, Msg: "YAML syntax: " + err.Error()}
}

func line(n ast.Node) int {
	if n == nil || n.GetToken() == nil {
		return 0
	}
	return n.GetToken().Position.Line
}

// pairs returns the key/value pairs of a mapping node; go-yaml represents a
// one-pair mapping as the pair itself.
func pairs(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := unwrap(n).(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

// unwrap looks through tags and anchors to the node that holds the value.
func unwrap(n ast.Node) ast.Node {
	for {
		switch t := n.(type) {
		case *ast.TagNode:
			n = t.Value
		case *ast.AnchorNode:
			n = t.Value
		default:
			return n
		}
	}
}

func keyName(mv *ast.MappingValueNode) string {
	if s, ok := unwrap(mv.Key).(*ast.StringNode); ok {
		return s.Value
	}
	return mv.Key.String()
}

// str returns the string a scalar node holds, and false for anything that
// YAML did not read as a string (a number, a bool, null, a mapping).
func str(n ast.Node) (string, bool) {
	switch s := unwrap(n).(type) {
	case *ast.StringNode:
		return s.Value, true
	case *ast.LiteralNode:
		return s.Value.Value, true
	}
	return "", false
}

var topKeys = "name, description, teams, events, expect"

func (p *fileParser) top(body ast.Node) error {
	kvs, ok := pairs(body)
	if !ok {
		return p.errorf(body, "a scenario is a mapping with the keys %s", topKeys)
	}
	seen := map[string]*ast.MappingValueNode{}
	for _, kv := range kvs {
		k := keyName(kv)
		if _, dup := seen[k]; dup {
			return p.errorf(kv, "key %q appears twice", k)
		}
		seen[k] = kv
	}
	for _, kv := range kvs {
		var err error
		switch k := keyName(kv); k {
		case "name":
			err = p.name(kv)
		case "description":
			d, ok := str(kv.Value)
			if !ok {
				err = p.errorf(kv, "description must be text")
			}
			p.s.Description = d
		case "teams":
			err = p.teams(kv)
		case "events":
			err = p.events(kv)
		case "expect":
		default:
			err = p.errorf(kv, "unknown key %q (the keys are %s)", k, topKeys)
		}
		if err != nil {
			return err
		}
	}
	for _, req := range []string{"name", "teams", "expect"} {
		if seen[req] == nil {
			return p.errorf(body, "missing key %q (a scenario needs name, teams and expect)", req)
		}
	}
	return p.expect(seen["expect"]) // last: it checks teams
}

func (p *fileParser) name(kv *ast.MappingValueNode) error {
	n, ok := str(kv.Value)
	if !ok || strings.TrimSpace(n) == "" {
		return p.errorf(kv, "name must be non-empty text")
	}
	p.s.Name = n
	return nil
}

func (p *fileParser) teams(kv *ast.MappingValueNode) error {
	seq, ok := unwrap(kv.Value).(*ast.SequenceNode)
	if !ok || len(seq.Values) == 0 {
		return p.errorf(kv, "teams must be a list of one or more teams, like [team-3]")
	}
	seen := map[string]bool{}
	for _, v := range seq.Values {
		t, ok := str(v)
		if !ok || !classroom.IsTeam(t) {
			return p.errorf(v, "unknown team %s: teams are team-1 … team-15, lower case with a dash", v.String())
		}
		if seen[t] {
			return p.errorf(v, "team %q is listed twice", t)
		}
		seen[t] = true
		p.s.Teams = append(p.s.Teams, t)
	}
	return nil
}

func (p *fileParser) events(kv *ast.MappingValueNode) error {
	if _, null := unwrap(kv.Value).(*ast.NullNode); null {
		return nil
	}
	seq, ok := unwrap(kv.Value).(*ast.SequenceNode)
	if !ok {
		return p.errorf(kv, "events must be a list of items, each `- user: {…}` or `- raw: \"…\"`")
	}
	for i, item := range seq.Values {
		e, err := p.event(i+1, item)
		if err != nil {
			return err
		}
		p.s.Events = append(p.s.Events, e)
	}
	return nil
}

func (p *fileParser) event(n int, item ast.Node) (Event, error) {
	kvs, ok := pairs(item)
	if !ok || len(kvs) != 1 || (keyName(kvs[0]) != "user" && keyName(kvs[0]) != "raw") {
		var keys []string
		for _, kv := range kvs {
			keys = append(keys, keyName(kv))
		}
		return Event{}, p.errorf(item, "event %d must have exactly one key, user or raw (got %s)", n, describeKeys(keys, item))
	}
	kv := kvs[0]
	if keyName(kv) == "raw" {
		s, ok := str(kv.Value)
		if !ok {
			return Event{}, p.errorf(kv, "event %d: raw must be a string, replayed byte for byte; quote it, e.g. raw: %q", n, kv.Value.String())
		}
		return Event{Value: []byte(s), Line: line(kv), Raw: true}, nil
	}
	u, err := p.user(n, kv)
	if err != nil {
		return Event{}, err
	}
	return Event{Value: encodeUser(u), Line: line(kv), Email: u["email"].(string)}, nil
}

func describeKeys(keys []string, n ast.Node) string {
	if len(keys) == 0 {
		return "a " + strings.ToLower(unwrap(n).Type().String())
	}
	return "keys " + strings.Join(keys, ", ")
}

// user merges a user mapping over the neutral user, checking each field.
func (p *fileParser) user(n int, kv *ast.MappingValueNode) (map[string]any, error) {
	u := NeutralUser()
	if _, null := unwrap(kv.Value).(*ast.NullNode); null {
		return u, nil // `- user:` alone is the neutral user
	}
	kvs, ok := pairs(kv.Value)
	if !ok {
		return nil, p.errorf(kv, "event %d: user must be a mapping of user fields, like {email: a@gmail.com}", n)
	}
	kinds := map[string]fieldKind{}
	for _, f := range userFields {
		kinds[f.name] = f.kind
	}
	for _, f := range kvs {
		name := keyName(f)
		kind, known := kinds[name]
		if !known {
			return nil, p.errorf(f, "event %d: unknown user field %q (the fields are %s); a value with other fields is a raw event", n, name, fieldList())
		}
		v, err := p.fieldValue(n, name, kind, f)
		if err != nil {
			return nil, err
		}
		u[name] = v
	}
	return u, nil
}

func (p *fileParser) fieldValue(n int, name string, kind fieldKind, f *ast.MappingValueNode) (any, error) {
	switch kind {
	case kindBool:
		if b, ok := unwrap(f.Value).(*ast.BoolNode); ok {
			return b.Value, nil
		}
		return nil, p.errorf(f, "event %d: %s must be true or false, got %s; a user with another type is a raw event", n, name, f.Value.String())
	case kindInt:
		if i, ok := unwrap(f.Value).(*ast.IntegerNode); ok {
			switch v := i.Value.(type) {
			case int64:
				if v >= math.MinInt32 && v <= math.MaxInt32 {
					return v, nil
				}
			case uint64:
				if v <= math.MaxInt32 {
					return int64(v), nil
				}
			}
		}
		return nil, p.errorf(f, "event %d: %s must be a whole number (32-bit), got %s; a user with another type is a raw event", n, name, f.Value.String())
	default:
		if s, ok := str(f.Value); ok {
			return s, nil
		}
		return nil, p.errorf(f, "event %d: %s must be text, got %s; quote it: %s: %q", n, name, f.Value.String(), name, f.Value.String())
	}
}

func fieldList() string {
	names := make([]string, len(userFields))
	for i, f := range userFields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

var actionKeys = []string{"customer", "type", "reason", "team"}

func (p *fileParser) expect(kv *ast.MappingValueNode) error {
	kvs, ok := pairs(kv.Value)
	if !ok || len(kvs) != 1 || keyName(kvs[0]) != "actions" {
		return p.errorf(kv, "expect must have one key, actions: a list of actions (or [] for none)")
	}
	seq, ok := unwrap(kvs[0].Value).(*ast.SequenceNode)
	if !ok {
		return p.errorf(kvs[0], "expect.actions must be a list of actions, or [] for none")
	}
	listed := map[string]bool{}
	for _, t := range p.s.Teams {
		listed[t] = true
	}
	for i, item := range seq.Values {
		a, err := p.action(i+1, item, listed)
		if err != nil {
			return err
		}
		p.s.Expect = append(p.s.Expect, a)
	}
	return nil
}

func (p *fileParser) action(n int, item ast.Node, listed map[string]bool) (Action, error) {
	kvs, ok := pairs(item)
	if !ok {
		return Action{}, p.errorf(item, "expected action %d must be a mapping {customer, type, reason, team}", n)
	}
	fields := map[string]string{}
	for _, kv := range kvs {
		k := keyName(kv)
		if !contains(actionKeys, k) {
			return Action{}, p.errorf(kv, "expected action %d: unknown field %q (an action has exactly customer, type, reason and team)", n, k)
		}
		s, ok := str(kv.Value)
		if !ok {
			return Action{}, p.errorf(kv, "expected action %d: %s must be text, got %s", n, k, kv.Value.String())
		}
		fields[k] = s
	}
	for _, k := range actionKeys {
		if _, ok := fields[k]; !ok {
			return Action{}, p.errorf(item, "expected action %d: missing field %q (an action has exactly customer, type, reason and team)", n, k)
		}
	}
	if !listed[fields["team"]] {
		return Action{}, p.errorf(item, "expected action %d is from %q, which is not in teams %v: only listed teams' programs run", n, fields["team"], p.s.Teams)
	}
	var v map[string]any
	if err := yaml.NodeToValue(item, &v); err != nil {
		return Action{}, p.errorf(item, "expected action %d: %v", n, err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return Action{}, p.errorf(item, "expected action %d: %v", n, err)
	}
	return Action{Value: b, Line: line(item), Team: fields["team"], Customer: fields["customer"]}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

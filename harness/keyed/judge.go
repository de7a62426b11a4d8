package keyed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// Evidence is what the harness measured beside the topic.
type Evidence struct {
	// Consumed is how many records reached new_users since the programs
	// started: the most users a program can have processed.
	Consumed int64
	// Dropped counts the records Read read past MaxRecords.
	Dropped int
}

// Verdict is the judgment of one scenario's compacted view.
type Verdict struct {
	// Edition and Topic say which step 5 was judged.
	Edition, Topic string
	// Entries are the view's keys and the expected keys missing from it,
	// in key order, each marked.
	Entries []Entry
	// Problems are what is wrong, each naming its key and value; none
	// means the view is right.
	Problems []Problem
	// Records counts the records read from the topic, Keyless those
	// without a key.
	Records, Keyless int
}

// Passed reports whether the view holds exactly what the docs allow.
func (v *Verdict) Passed() bool { return len(v.Problems) == 0 }

// Entry is one key of the view, or an expected key it lacks.
type Entry struct {
	Key string `json:"key"`
	// Value is the key's latest value ("" for a missing key), cut for
	// display; Want the expected one ("" for an unexpected key).
	Value string `json:"value,omitempty"`
	Want  string `json:"want,omitempty"`
	// OK: the key's latest record is right, or absent where allowed.
	OK bool `json:"ok"`
	// Optional: the scenario allows the key to be absent (if_present).
	Optional bool `json:"optional,omitempty"`
	// Missing: the key is expected and not in the view.
	Missing bool `json:"missing,omitempty"`
}

// Problem is one thing wrong with the view.
type Problem struct {
	Code Code
	// Key is the record's key (for NoKey, ""), Value its value, as sent.
	Key, Value string
	// Message says what is wrong and what to do, naming key and value.
	Message string
}

// Code names a kind of problem.
type Code string

// The problems Judge finds.
const (
	Nothing    Code = "keyed_nothing"     // no record at all on the topic
	NoKey      Code = "keyed_no_key"      // records without a key
	WrongKey   Code = "keyed_wrong_key"   // the key is not the value's key field
	Missing    Code = "keyed_missing"     // an expected key is absent
	Unexpected Code = "keyed_unexpected"  // a key no expectation names
	StaleCount Code = "keyed_stale_count" // the latest count is below the final one
	WrongCount Code = "keyed_wrong_count" // a count above the final one, or of another kind
	WrongTeam  Code = "keyed_wrong_team"  // the value's team is not the program's
	BadValue   Code = "keyed_bad_value"   // not a JSON object of the record's fields
	Processed  Code = "keyed_processed"   // 2026-01 processed out of range or decreasing
	Split      Code = "keyed_split"       // a key in several partitions
	TooMany    Code = "keyed_too_many"    // more records than Read keeps
)

// Judge judges view, read from the step-5 topic of edition, against the
// scenario's expected records (scenarios.Keyed), by the edition's docs:
//
//   - 349bd19 (watchlist): the key is the company name, value.company;
//     every expected company is present, unless if_present, with
//     exactly its expected fields (its final flag_count); no other key.
//   - 2026-01 (team_stats): the key is the team name, value.team;
//     flagged is the expected (final) count; processed, when the
//     scenario leaves it out, is within [flagged, ev.Consumed] in the
//     latest record and never decreases from one record of the key to
//     the next.
//
// A record without a key fails whatever else the view holds.
func Judge(edition string, expect []scenarios.Keyed, view View, ev Evidence) *Verdict {
	p, err := classroom.EditionNamed(edition)
	if err != nil {
		return &Verdict{Edition: edition, Problems: []Problem{{Code: BadValue, Message: err.Error()}}}
	}
	j := judging{v: &Verdict{Edition: edition, Topic: p.Step5.Topic, Records: view.Records, Keyless: len(view.Keyless)},
		step5: p.Step5, fields: scenarios.KeyedFields(edition), ev: ev}
	j.keyless(view)
	if view.Records == 0 && len(expect) > 0 && !allOptional(expect) {
		first := expect[slices.IndexFunc(expect, func(k scenarios.Keyed) bool { return !k.IfPresent })]
		j.add(Problem{Code: Nothing, Key: first.Key, Message: fmt.Sprintf("Nothing reached %s: no record at all, keyed or not; want, for one, key %q with the value %s. Step 5 sends a %s keyed by the %s: producer.send('%s', key=%s, value=...). If your program sends records without a key, Kafka refuses each one (a compacted topic takes keyed records only) and the send's future holds the error: call .get() on it to see it.",
			j.v.Topic, first.Key, first.Value(), recordWord(edition), keyWord(edition), j.v.Topic, keyCode(edition))})
	}
	if ev.Dropped > 0 {
		j.add(Problem{Code: TooMany, Message: fmt.Sprintf("%d records on %s were not read: more than %d, far more than a scenario's users make. Send one record per match.", ev.Dropped, j.v.Topic, MaxRecords)})
	}
	byKey := map[string]scenarios.Keyed{}
	for _, k := range expect {
		byKey[k.Key] = k
	}
	for _, key := range view.Keys {
		j.key(key, view, byKey)
	}
	for _, k := range expect {
		if _, ok := view.Latest[k.Key]; ok {
			continue
		}
		e := Entry{Key: k.Key, Want: string(k.Value()), Optional: k.IfPresent, Missing: true, OK: k.IfPresent}
		j.v.Entries = append(j.v.Entries, e)
		// Without a single keyed record, the keyless ones (or nothing
		// at all) are the one problem to fix.
		if !k.IfPresent && len(view.Keys) > 0 {
			j.add(Problem{Code: Missing, Key: k.Key, Message: fmt.Sprintf("No record with key %q on %s; want the value %s%s.", k.Key, j.v.Topic, k.Value(), j.missingWhy(k))})
		}
	}
	slices.SortStableFunc(j.v.Entries, func(a, b Entry) int { return strings.Compare(a.Key, b.Key) })
	return j.v
}

type judging struct {
	v      *Verdict
	step5  classroom.Step5
	fields []string
	ev     Evidence
}

func (j *judging) add(p Problem) { j.v.Problems = append(j.v.Problems, p) }

func allOptional(expect []scenarios.Keyed) bool {
	for _, k := range expect {
		if !k.IfPresent {
			return false
		}
	}
	return true
}

// keyless reports the records sent without a key, the first few by value.
func (j *judging) keyless(view View) {
	if len(view.Keyless) == 0 {
		return
	}
	first := view.Keyless[0]
	msg := fmt.Sprintf("%s sent without a key, such as the one with value %s (partition %d, offset %d). A compacted topic keeps the latest record per key, so each record needs one: the value's %s, as bytes: producer.send('%s', key=%s, value=...). (Apache Kafka refuses a record without a key on a compacted topic; this broker kept it.)",
		count(len(view.Keyless), "record"), clipText(string(first.Value)), first.Partition, first.Offset, j.step5.Key, j.v.Topic, keyCode(j.v.Edition))
	j.add(Problem{Code: NoKey, Value: string(first.Value), Message: msg})
}

// key judges the latest record of one key of the view.
func (j *judging) key(key string, view View, byKey map[string]scenarios.Keyed) {
	rec := view.Latest[key]
	val := string(rec.Value)
	want, expected := byKey[key]
	e := Entry{Key: key, Value: clipText(val), OK: true}
	if expected {
		e.Want, e.Optional = string(want.Value()), want.IfPresent
	}
	fail := func(p Problem) {
		e.OK = false
		p.Key, p.Value = key, val
		j.add(p)
	}
	defer func() { j.v.Entries = append(j.v.Entries, e) }()
	if parts := view.Split[key]; len(parts) > 0 {
		fail(Problem{Code: Split, Message: fmt.Sprintf("Key %q is in partitions %v: compaction keeps the latest record per key in each partition, so the view holds one for each. A key goes to one partition when the producer's default partitioner picks it.", key, parts)})
	}
	got, err := decode(rec.Value, j.fields)
	if err != nil {
		fail(Problem{Code: BadValue, Message: fmt.Sprintf("The latest record with key %q has the value %s, which %v. Send json.dumps of {%s}.", key, clipText(val), err, strings.Join(j.fields, ", "))})
		return
	}
	keyField := j.fields[0]
	if s, _ := got[keyField].(string); s != key {
		msg := fmt.Sprintf("The latest record with key %q has the value %s: its %s is %s, so the key is wrong. The key must be the %s, key=%s.", key, clipText(val), keyField, show(got[keyField]), keyWord(j.v.Edition), keyCode(j.v.Edition))
		fail(Problem{Code: WrongKey, Message: msg})
		return
	}
	if !expected {
		fail(Problem{Code: Unexpected, Message: fmt.Sprintf("A record with key %q and value %s, and none was expected: %s", key, clipText(val), j.unexpectedWhy())})
		return
	}
	for _, f := range j.fields[1:] {
		w, listed := want.Fields[f]
		g := got[f]
		if !listed {
			continue // processed, judged below
		}
		if equal(g, w) {
			continue
		}
		switch {
		case f == "team":
			fail(Problem{Code: WrongTeam, Message: fmt.Sprintf("The latest record with key %q has the value %s: its team is %s, want %q, the program's TEAM_NAME.", key, clipText(val), show(g), w)})
		case isCount(g) && g.(int64) < w.(int64):
			fail(Problem{Code: StaleCount, Message: fmt.Sprintf("The latest record with key %q has %s %d, but the count is %d once every user is processed: the last record must carry the final count (value %s; want %s). Send the record after counting each match.", key, f, g, w, clipText(val), want.Value())})
		default:
			fail(Problem{Code: WrongCount, Message: fmt.Sprintf("The latest record with key %q has %s %s, want %d (value %s; want %s).", key, f, show(g), w, clipText(val), want.Value())})
		}
	}
	if _, listed := want.Fields["processed"]; !listed && j.v.Edition == classroom.Edition2026 {
		j.processed(key, view.History[key], got, fail)
	}
}

// processed checks 2026-01's processed count, which the scenario cannot
// state: in the latest record within [flagged, users on new_users], and
// never decreasing from one record of the key to the next.
func (j *judging) processed(key string, history []Record, got map[string]any, fail func(Problem)) {
	pr, ok := got["processed"].(int64)
	fl, _ := got["flagged"].(int64)
	switch {
	case !ok:
		fail(Problem{Code: Processed, Message: fmt.Sprintf("The latest record with key %q has processed %s, want a count: every user read, matched or not.", key, show(got["processed"]))})
		return
	case pr < fl:
		fail(Problem{Code: Processed, Message: fmt.Sprintf("The latest record with key %q has processed %d, below flagged %d: every flagged user was processed, so count processed_count += 1 for every message.", key, pr, fl)})
	case pr > j.ev.Consumed:
		fail(Problem{Code: Processed, Message: fmt.Sprintf("The latest record with key %q has processed %d, but only %d users reached new_users since the program started.", key, pr, j.ev.Consumed)})
	}
	prev := int64(-1)
	for _, r := range history {
		v, err := decode(r.Value, j.fields)
		if err != nil {
			continue
		}
		n, ok := v["processed"].(int64)
		if !ok {
			continue
		}
		if n < prev {
			fail(Problem{Code: Processed, Message: fmt.Sprintf("processed went down from %d to %d in the records with key %q (the second at partition %d, offset %d, value %s): a count only grows.", prev, n, key, r.Partition, r.Offset, clipText(string(r.Value)))})
			return
		}
		prev = n
	}
}

func (j *judging) missingWhy(k scenarios.Keyed) string {
	if j.v.Edition == classroom.Edition349 {
		return fmt.Sprintf(": %s matched %d users of %q, and the docs put a company on the watchlist from 3", k.Team, k.Fields["flag_count"], k.Key)
	}
	return fmt.Sprintf(": %s flagged %d users and sends its stats on each", k.Team, k.Fields["flagged"])
}

func (j *judging) unexpectedWhy() string {
	if j.v.Edition == classroom.Edition349 {
		return "no listed team's rule matches a user of that company."
	}
	return "that is no listed team whose program ran."
}

// decode reads value as a JSON object with exactly fields: strings stay
// strings, whole numbers become int64, anything else is kept as read.
func decode(value []byte, fields []string) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(value))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil || dec.More() {
		return nil, fmt.Errorf("is not a JSON object")
	}
	for k, v := range m {
		if !slices.Contains(fields, k) {
			return nil, fmt.Errorf("has the field %q, which is not one of %s", k, strings.Join(fields, ", "))
		}
		if n, ok := v.(json.Number); ok {
			if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
				m[k] = i
			}
		}
	}
	for _, f := range fields {
		if _, ok := m[f]; !ok {
			return nil, fmt.Errorf("lacks %q", f)
		}
	}
	return m, nil
}

func isCount(v any) bool { _, ok := v.(int64); return ok }

func equal(got, want any) bool {
	switch w := want.(type) {
	case string:
		g, ok := got.(string)
		return ok && g == w
	case int64:
		g, ok := got.(int64)
		return ok && g == w
	}
	return false
}

// show writes a decoded JSON value as JSON, for messages.
func show(v any) string {
	if v == nil {
		return "null"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func clipText(s string) string {
	const n = 200
	if len(s) > n {
		return strconv.Quote(s[:n]) + "…"
	}
	return s
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what + " was"
	}
	return fmt.Sprintf("%d %ss were", n, what)
}

func keyWord(edition string) string {
	if edition == classroom.Edition349 {
		return "company name"
	}
	return "team name"
}

func recordWord(edition string) string {
	if edition == classroom.Edition349 {
		return "watchlist record"
	}
	return "stats record"
}

// keyCode is the docs' key argument.
func keyCode(edition string) string {
	if edition == classroom.Edition349 {
		return "company_name.encode('utf-8')"
	}
	return "TEAM_NAME.encode('utf-8')"
}

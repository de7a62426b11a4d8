// Package scenarios reads scenario files and holds the built-in suite.
//
// # The scenario file format
//
// A scenario is one YAML file. It names the teams whose programs run, the
// events replayed to new_users in order, and the exact action messages
// expected on actions:
//
//	name: team-7 VIP boundary            # unique across a suite
//	description: optional text
//	teams: [team-7]                      # programs under test, one per team
//	events:                              # replayed to new_users in this order
//	  - user: {email: a@gmail.com, premium: true, credit: 11}
//	  - raw: "not json {"                # a value replayed byte for byte
//	expect:
//	  actions:                           # the exact multiset on actions, all teams
//	    - {customer: a@gmail.com, type: CONTACT_CUSTOMER, reason: VIP_USER, team: team-7}
//
// Keys:
//
//   - name (required): a unique, non-empty name.
//   - description (optional): free text.
//   - teams (required): one or more of team-1 … team-15, each at most once.
//   - events (optional): each item has exactly one of:
//     user: a mapping of user fields, merged over the neutral user below,
//     then encoded as one JSON object with the 15 fields in the tutorial
//     producer's order. Unknown field names and values of the wrong type are
//     errors; to replay a user with a missing or mistyped field, use raw.
//     raw: a string replayed as the record value byte for byte; "" is an
//     empty value.
//   - expect.actions (required, may be []): the action messages expected,
//     across all listed teams. Each is compared with what reached actions as
//     a JSON value: key order and spacing do not matter, extra or missing
//     fields do, and the comparison is of multisets, so a duplicated action
//     fails unless it is listed twice.
//   - editions (optional): the editions whose classroom the scenario runs
//     on, ["349bd19"] or ["2026-01"]; none means every edition. kafkacheck
//     suite and run keep the scenarios of the edition they run (--edition):
//     a scenario that depends on an edition (its step-5 topic, say) names
//     it. Builtin returns the built-in scenarios that name none;
//     BuiltinFor(edition) adds the edition's own.
//   - step (optional): 3, the default (steps 1 to 3: actions), or 5 (step
//     5: keyed records too). A step-5 scenario names exactly one edition
//     and has expect.keyed; kafkacheck run checks it with --step 5 only,
//     and starts the program afresh for it, since its counts start from
//     zero.
//   - expect.keyed (step 5, may be []): the records expected on the
//     edition's step-5 topic; see Step 5 below.
//
// Any other key is an error, reported with the file and line. So is a YAML
// syntax error, an unknown team, and an event that is neither user nor raw.
//
// # Step 5
//
// expect.keyed is the compacted view expected on the edition's step-5
// topic: the latest record of each key, across all listed teams. No other
// key may be there, and no record without a key. Each item is a key and
// the fields of its latest value; with if_present: true the key may be
// absent, and present, it must match:
//
//	keyed:                               # 349bd19: watchlist, keyed by value.company
//	  - {key: Kub Inc, value: {team: team-5, company: Kub Inc, flag_count: 4}}
//	  - {key: Hahn LLC, value: {team: team-5, company: Hahn LLC, flag_count: 1}, if_present: true}
//
// In 349bd19, flag_count is the company's final count of matches. The
// docs put a company on the watchlist from 3 matches, and a program may
// publish on every match or only from 3 on, so a company with 3 or more
// is required and one with fewer has if_present: true (a file that says
// otherwise is an error).
//
//	keyed:                               # 2026-01: team_stats, keyed by value.team
//	  - {key: team-5, value: {team: team-5, flagged: 4}}
//	  - {key: team-1, value: {team: team-1, flagged: 0}, if_present: true}
//
// In 2026-01, flagged is the team's final count of matches, its number of
// actions; a team with none has flagged 0 and if_present: true (the docs
// publish on each match, a program may publish on every user). processed
// counts every user the program read, readiness probes included, so a
// file usually leaves it out; it must then be at least flagged, at most
// the users sent to new_users since the program started, and never
// decrease from one record of the key to the next.
//
// Scenario files come from others, so their reading is bounded: one YAML
// document per file (a second "---" is an error at its line), at most
// 1 MiB, lists and mappings nested at most 32 deep (a scenario needs 4),
// and regular files only: a FIFO, a device or a socket is refused by
// name, never opened for reading.
//
// # The neutral user
//
// A partial user is merged over this user, which matches no team's rule and
// is a user the tutorial's producer could send (tests prove both):
//
//	email: jane.rowe@gmail.com
//	credit_card_number: "4111111111111111"      # Visa, 16 digits, Luhn
//	company_name: Green LLC
//	company_slogan: Organic stable solution
//	industry: Farming
//	user_name: jane_rowe
//	avatar: https://robohash.org/jane_rowe.png?size=50x50
//	name: Jane Rowe
//	profession: teacher
//	field: Marketing
//	premium: false
//	credit: 0
//	time_zone: America/Chicago
//	user_agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.517 Safari/537.36
//	pack: small
//
// # Tiers
//
// Every scenario gets a tier, computed from its events when it is read
// (Scenario.Tier and Scenario.TierReason):
//
//   - classroom: every event is a user the tutorial's producer could send:
//     exactly its 15 fields, compact JSON, each value from its vocabulary,
//     formats and ranges (producer.Sendable says which; only key order is
//     free). The classroom sends nothing else, and on that domain the docs'
//     wording of the 15 rules and the simulator's rules select the same
//     users, so a program that works in class must pass. A scenario with no
//     events is classroom tier, and so is one whose user events set only
//     vocabulary values in the producer's formats, since the neutral user
//     is one the producer could send.
//   - edge: anything else: a raw value that is not such a user, a word
//     outside the vocabulary (Reinsurance, Vet), a case or unicode variant,
//     a credit outside [-20, 20), an email the producer would not make.
//     There the docs and the simulator can disagree; kafkacheck follows
//     the simulator, and a failure is advice. TierReason names the first
//     such event and why: `event 3 (file:line): industry "Vet" is not in
//     the producer's industry list`.
//
// The built-in suite's step-5 scenarios are step5-EDITION-*.yaml, and
// they list all 15 teams in each edition, since every team does step 5 in
// class (a test checks it: in 349bd19 each team has a company it must put
// on the watchlist and one it may); the others name no edition and run on
// both.
//
// In the built-in suite a team's file is classroom tier unless its name
// ends in -edge.yaml: team-05-healthcare.yaml holds the cases from the
// vocabulary, team-05-healthcare-edge.yaml the others (a test checks the
// names, and that every team has classroom-tier scenarios that would
// catch a wrong rule).
//
// # Adding a scenario
//
// Write a file in scenarios/builtin (it is embedded into the binary) or in
// any folder given with --scenarios. Expected actions are literal data,
// worked out by hand from the rules in the tutorial, never generated by the
// code under test.
//
// For a classroom-tier scenario, give each user an email the producer
// could make: a lower-case first name of its vocabulary, then nothing,
// .last, .last and 0-99, _last, or 0-255 (last: a lower-case last name
// without apostrophe), at gmail.com, yahoo.com or hotmail.com, e.g.
// ana@hotmail.com, eve.kub@gmail.com, gus.toy42@yahoo.com. In the built-in
// suite, a team's cases outside the vocabulary go to its -edge.yaml file.
package scenarios

import (
	_ "embed"
	"strings"
)

// docGo is this file: its comment above is the one specification of the
// scenario file format, for go doc and for kafkacheck help scenarios.
//
//go:embed doc.go
var docGo string

// Doc returns the package documentation above as plain text, without the
// comment markers: the scenario file format, the neutral user, the tiers
// and how to add a scenario. kafkacheck help scenarios prints it.
func Doc() string {
	var b strings.Builder
	for line := range strings.Lines(docGo) {
		if !strings.HasPrefix(line, "//") {
			break // the comment ends at the package clause
		}
		line = strings.TrimPrefix(line, "//")
		line = strings.TrimPrefix(line, " ")
		b.WriteString(line)
	}
	return b.String()
}

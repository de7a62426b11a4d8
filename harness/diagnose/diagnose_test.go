package diagnose

import (
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"
	"github.com/kafkacheck/kafkacheck/harness/judge"
	"github.com/kafkacheck/kafkacheck/harness/process"
	"github.com/kafkacheck/kafkacheck/harness/settle"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// scenarioYAML: two team-3 users that match, one that does not.
const scenarioYAML = `name: synthetic
teams: [team-3]
events:
  - user: {email: bank@gmail.com, industry: Banking}
  - user: {email: farm@gmail.com, industry: Farming}
  - user: {email: insure@gmail.com, industry: Insurance}
expect:
  actions:
    - {customer: bank@gmail.com, type: SALES_LEAD, reason: FINANCIAL_SECTOR, team: team-3}
    - {customer: insure@gmail.com, type: SALES_LEAD, reason: FINANCIAL_SECTOR, team: team-3}
`

const (
	bankAction   = `{"customer": "bank@gmail.com", "type": "SALES_LEAD", "reason": "FINANCIAL_SECTOR", "team": "team-3"}`
	insureAction = `{"customer": "insure@gmail.com", "type": "SALES_LEAD", "reason": "FINANCIAL_SECTOR", "team": "team-3"}`
)

var remote = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40000}

// goodEvidence is what a correct program leaves.
func goodEvidence() tap.Evidence {
	return tap.Evidence{
		Connections: 3,
		Auth:        []saslfront.AuthEvent{{Remote: remote, Mechanism: "PLAIN", User: "team-3", OK: true}},
		Groups:      []string{"team-3"},
		AskedToJoin: []string{"team-3"},
		Joined:      []tap.Member{{Group: "team-3", ClientID: "team-3"}},
		ClientIDs:   []string{"team-3"},
		Topics:      []string{"actions", "new_users"},
	}
}

// input builds a run of the synthetic scenario in which the program sent
// actions and left evidence; edit changes it before the diagnosis.
func input(t *testing.T, actions []string, edit func(*Run)) Input {
	t.Helper()
	s, err := scenarios.Parse("synthetic.yaml", []byte(scenarioYAML))
	if err != nil {
		t.Fatal(err)
	}
	var captured []judge.Captured
	for i, a := range actions {
		captured = append(captured, judge.Read(0, int64(i), []byte(a)))
	}
	var want []judge.Expected
	for _, a := range s.Expect {
		want = append(want, judge.Expected{Value: a.Value, Source: s.Where(a.Line)})
	}
	diff, err := judge.Compare(want, captured)
	if err != nil {
		t.Fatal(err)
	}
	r := Run{
		Result: &harness.Result{
			Scenario: s, Records: diff.Records, Diff: diff,
			Settle: settle.Outcome{Condition: settle.Settled},
		},
		Evidence: goodEvidence(),
		Exit:     &process.Exit{Team: "team-3", Code: 130, Stopped: true, Ran: time.Second},
	}
	if edit != nil {
		edit(&r)
	}
	return Input{Team: "team-3", Bootstrap: "127.0.0.1:9092", Mechanism: "PLAIN", Runs: []Run{r}, GroupChecked: true}
}

func codes(ds []Diagnostic) []Code {
	var out []Code
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

// TestNoConsumerGroupIsAdviceWhereNotChecked: at 349bd19 the leaderboard
// does not look at groups, so a program outside its group that sends the
// right actions scores in class: it passes, told what step 1 and step 4
// expect. The other diagnoses are still made.
func TestNoConsumerGroupIsAdviceWhereNotChecked(t *testing.T) {
	for _, tt := range []struct {
		name    string
		actions []string
		edit    func(*Run)
		want    []Code
		phrase  string
	}{
		{"assigned", []string{bankAction, insureAction}, func(r *Run) { r.Evidence.Joined, r.Evidence.AskedToJoin = nil, nil },
			[]Code{NoConsumerGroup}, "Remove consumer.assign(...)"},
		{"no group", []string{bankAction, insureAction}, func(r *Run) { r.Evidence.Joined, r.Evidence.AskedToJoin, r.Evidence.Groups = nil, nil, nil },
			[]Code{NoConsumerGroup}, `Create the consumer with group_id="team-3"`},
		{"no group, an action missing", []string{bankAction}, func(r *Run) { r.Evidence.Joined, r.Evidence.AskedToJoin, r.Evidence.Groups = nil, nil, nil },
			[]Code{NoConsumerGroup, MissingActions}, "does not look at groups"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := input(t, tt.actions, tt.edit)
			in.GroupChecked = false
			ds := Diagnose(in)
			if got := codes(ds); !slices.Equal(got, tt.want) {
				t.Fatalf("codes = %v, want %v\n%v", got, tt.want, ds)
			}
			d := ds[slices.IndexFunc(ds, func(d Diagnostic) bool { return d.Code == NoConsumerGroup })]
			if !d.Advice || Setup(ds) || !strings.Contains(d.Message, "does not look at groups") || !strings.Contains(d.Message, tt.phrase) {
				t.Errorf("advice %v, setup %v; want advice, no setup problem, saying %q:\n%s", d.Advice, Setup(ds), tt.phrase, d.Message)
			}
			if Failed(ds) != slices.Contains(tt.want, MissingActions) {
				t.Errorf("Failed = %v with %v", Failed(ds), codes(ds))
			}
		})
	}
}

func TestCorrectRunHasNoDiagnosis(t *testing.T) {
	ds := Diagnose(input(t, []string{bankAction, insureAction}, nil))
	if len(ds) != 0 {
		t.Fatalf("got %v, want no diagnosis", ds)
	}
}

// TestEachCodeFires proves each diagnosis fires on the evidence it is
// about, alone (or with the codes it must come with), and says what the
// beginner needs: the quoted phrases.
func TestEachCodeFires(t *testing.T) {
	good := []string{bankAction, insureAction}
	for _, tt := range []struct {
		name    string
		actions []string
		edit    func(*Run)
		want    []Code
		phrases []string
	}{
		{"never connected", nil, func(r *Run) { r.Evidence = tap.Evidence{} },
			[]Code{NeverConnected}, []string{"127.0.0.1:9092", "BOOTSTRAP_SERVERS"}},
		{"wrong password", nil, func(r *Run) {
			r.Evidence = tap.Evidence{Connections: 1, Auth: []saslfront.AuthEvent{{Remote: remote, User: "team-3", Reason: "Authentication failed: Invalid username or password"}}}
		}, []Code{AuthFailed}, []string{`"team-3"`, "password is wrong", `"team-3-secret"`}},
		{"upper-case user", nil, func(r *Run) {
			r.Evidence = tap.Evidence{Connections: 1, Auth: []saslfront.AuthEvent{{Remote: remote, User: "Team-3", Reason: "Authentication failed"}}}
		}, []Code{AuthFailed}, []string{`There is no user "Team-3"`, "lower case", `"team-3-secret"`}},
		{"another team's user", nil, func(r *Run) {
			r.Evidence = tap.Evidence{Connections: 1, Auth: []saslfront.AuthEvent{{Remote: remote, User: "team-4", Reason: "Authentication failed"}}}
		}, []Code{AuthFailed}, []string{"another team's user", `log in as "team-3"`}},
		{"plaintext client", nil, func(r *Run) { r.Evidence = tap.Evidence{Connections: 2, Unauthenticated: 2} },
			[]Code{AuthFailed}, []string{"without logging in", "SASL_PLAINTEXT"}},
		{"wrong group", nil, func(r *Run) {
			r.Evidence.Joined = nil
			r.Evidence.Denials = []tap.Denial{{Resource: "group", Name: "team3", Request: "FindCoordinator"}}
		}, []Code{ACLDenied}, []string{`group "team3" is not yours`, `group_id="team-3"`}},
		{"wrong topic", nil, func(r *Run) {
			r.Evidence.Denials = []tap.Denial{{Resource: "topic", Name: "action", Request: "Metadata"}}
		}, []Code{ACLDenied}, []string{`topic "action"`, `did you mean "actions"`}},
		{"no group", nil, func(r *Run) { r.Evidence.Joined, r.Evidence.Groups = nil, nil },
			[]Code{NoConsumerGroup}, []string{"never joined a consumer group", `group_id="team-3"`}},
		{"join refused", nil, func(r *Run) { r.Evidence.Joined, r.Evidence.AskedToJoin = nil, []string{"team-3"} },
			[]Code{NoConsumerGroup}, []string{"never completed a join", `group_id="team-3"`}},
		{"assigned", good, func(r *Run) { r.Evidence.Joined, r.Evidence.AskedToJoin = nil, nil },
			[]Code{NoConsumerGroup}, []string{"never asked the broker to join", "consumer.assign(...)", `no member in group "team-3"`, "every copy", `KafkaConsumer("new_users", group_id="team-3", ...)`}},
		{"client id", good, func(r *Run) { r.Evidence.Joined = []tap.Member{{Group: "team-3", ClientID: "kafka-python-3.0.12"}} },
			[]Code{ClientIDMismatch}, []string{`"kafka-python-3.0.12"`, `client_id="team-3"`}},
		{"crash", []string{bankAction}, func(r *Run) {
			r.Exit = &process.Exit{Code: 1, Tail: []string{"Traceback (most recent call last):", "json.decoder.JSONDecodeError: Expecting value"}}
			r.Result.Settle = settle.Outcome{Condition: settle.ProgramExited, Detail: "team-3"}
		}, []Code{ProgramExited, MissingActions}, []string{"exit status 1", "| json.decoder.JSONDecodeError", "rather than crash"}},
		{"str(dict)", []string{strings.ReplaceAll(bankAction, `"`, "'"), insureAction}, nil,
			[]Code{InvalidJSON, MissingActions}, []string{"{'customer': 'bank@gmail.com'", "json.dumps", "1 marked ❌ (see invalid_json)", "Your filter picked the right users"}},
		{"str(dict) and a user missed", []string{strings.ReplaceAll(bankAction, `"`, "'")}, nil,
			[]Code{InvalidJSON, MissingActions}, []string{"2 expected actions never arrived", "you sent one for this user, but the leaderboard marks it ❌ (see invalid_json)", "team-3's rule:"}},
		{"no reason", []string{`{"customer": "bank@gmail.com", "type": "SALES_LEAD", "team": "team-3"}`, insureAction}, nil,
			[]Code{MissingFields, MissingActions}, []string{`lacks "reason"`}},
		{"wrong type", []string{strings.ReplaceAll(bankAction, "SALES_LEAD", "HIRE_CUSTOMER"), insureAction}, nil,
			[]Code{MissingActions, UnexpectedActions}, []string{`type is "HIRE_CUSTOMER", want "SALES_LEAD"`, "event 1 (synthetic.yaml:4), which matches"}},
		{"not a match", []string{bankAction, insureAction, `{"customer": "farm@gmail.com", "type": "SALES_LEAD", "reason": "FINANCIAL_SECTOR", "team": "team-3"}`}, nil,
			[]Code{UnexpectedActions}, []string{"event 2 (synthetic.yaml:5), which team-3's rule does not match"}},
		{"sent twice", []string{bankAction, bankAction, insureAction, insureAction}, nil,
			[]Code{DuplicateActions}, []string{"2 extra copies", "for the user of event 3 (synthetic.yaml:6)"}},
		{"wrong mechanism", nil, func(r *Run) {
			r.Evidence = tap.Evidence{Connections: 1, Auth: []saslfront.AuthEvent{{Remote: remote, Mechanism: "SCRAM-SHA-256", Reason: "Unsupported SASL mechanism SCRAM-SHA-256"}}}
		}, []Code{WrongMechanism}, []string{"SCRAM-SHA-256", `sasl_mechanism="PLAIN"`, "--edition 2026-01"}},
		{"wrong mechanism of no edition", nil, func(r *Run) {
			r.Evidence = tap.Evidence{Connections: 1, Auth: []saslfront.AuthEvent{{Remote: remote, Mechanism: "SCRAM-SHA-512", Reason: "Unsupported SASL mechanism SCRAM-SHA-512"}}}
		}, []Code{WrongMechanism}, []string{"SCRAM-SHA-512", `sasl_mechanism="PLAIN"`, "--mechanism SCRAM-SHA-512"}},
		{"never fetched", nil, func(r *Run) {
			r.Result.Settle = settle.Outcome{Condition: settle.NotReady, Detail: "waited 30s for the program's consumers to fetch from new_users: they never did"}
			r.Result.NotReplayed = true
		}, []Code{NotConsuming}, []string{`joined group "team-3"`, "never fetched from new_users", "keep polling"}},
		{"one partition fetched", nil, func(r *Run) {
			r.Result.Settle = settle.Outcome{Condition: settle.NotReady, Detail: "they never fetched partition 1"}
			r.Result.NotReplayed = true
			r.Evidence.Positions = map[int32]int64{0: 0}
		}, []Code{NotConsuming}, []string{"fetched only partition 0 of new_users", "assigns itself a partition"}},
		{"exits at once", nil, func(r *Run) {
			r.Evidence = tap.Evidence{}
			r.Exit = &process.Exit{Code: 1, Tail: []string{"SyntaxError: invalid syntax"}}
			r.Result.Settle = settle.Outcome{Condition: settle.ProgramExited, Detail: "team-3"}
			r.Result.NotReplayed = true
		}, []Code{ProgramExited, NeverConnected}, []string{"| SyntaxError: invalid syntax"}},
		{"ignores SIGINT", good, func(r *Run) { r.Exit.Killed = true },
			[]Code{IgnoredSIGINT}, []string{"did not stop", "SIGKILL", "KeyboardInterrupt"}},
		{"leaves a process", good, func(r *Run) { r.Exit.Leftovers = []string{"sleep 3001"} },
			[]Code{LeftProcesses}, []string{"left 1 process running", "sleep 3001"}},
		{"timeout", good, func(r *Run) {
			r.Result.Settle = settle.Outcome{Condition: settle.Deadline, Detail: "group team-3: partition 0 at no commit of 2"}
		}, []Code{Timeout}, []string{"partition 0 at no commit of 2", "commit"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ds := Diagnose(input(t, tt.actions, tt.edit))
			if got := codes(ds); !slices.Equal(got, tt.want) {
				t.Fatalf("codes = %v, want %v\n%v", got, tt.want, ds)
			}
			all := ""
			for _, d := range ds {
				all += d.Message + "\n"
			}
			for _, p := range tt.phrases {
				if !strings.Contains(all, p) {
					t.Errorf("messages lack %q:\n%s", p, all)
				}
			}
		})
	}
}

func TestSetupProblemsHideTheirConsequences(t *testing.T) {
	in := input(t, nil, func(r *Run) {
		r.Evidence.Denials = []tap.Denial{{Resource: "group", Name: "team3"}}
		r.Evidence.Joined = nil
		r.Result.Settle = settle.Outcome{Condition: settle.Deadline, Detail: "group team-3: no commit"}
	})
	ds := Diagnose(in)
	if got := codes(ds); !slices.Equal(got, []Code{ACLDenied}) {
		t.Fatalf("codes = %v, want only acl_denied", got)
	}
	if !Setup(ds) || !Failed(ds) {
		t.Errorf("Setup = %v, Failed = %v; want both", Setup(ds), Failed(ds))
	}
}

// TestNoEvidenceJudgesActionsOnly: on a broker kafkacheck cannot watch,
// the empty evidence must not read as "never connected", and what the
// actions show is still diagnosed, including what a setup problem hides.
func TestNoEvidenceJudgesActionsOnly(t *testing.T) {
	in := input(t, []string{bankAction}, func(r *Run) {
		r.Evidence = tap.Evidence{}
		r.Result.Settle = settle.Outcome{Condition: settle.Deadline, Detail: "group team-3: no commit"}
	})
	in.NoEvidence = true
	if got, want := codes(Diagnose(in)), []Code{MissingActions, Timeout}; !slices.Equal(got, want) {
		t.Errorf("codes = %v, want %v", got, want)
	}
}

func TestClientIDMismatchIsAdvisory(t *testing.T) {
	ds := Diagnose(input(t, []string{bankAction, insureAction}, func(r *Run) {
		r.Evidence.Joined = []tap.Member{{Group: "team-3", ClientID: "kafka-python-3.0.12"}}
	}))
	if Failed(ds) || Setup(ds) {
		t.Errorf("client_id_mismatch alone: Failed = %v, Setup = %v; want neither", Failed(ds), Setup(ds))
	}
}

func TestLongListsAreCut(t *testing.T) {
	var actions []string
	for range 12 {
		actions = append(actions, bankAction)
	}
	ds := Diagnose(input(t, actions, nil))
	msg := ds[len(ds)-1].Message
	if ds[len(ds)-1].Code != DuplicateActions || !strings.Contains(msg, "… and 3 more") {
		t.Errorf("last diagnosis = %v, want duplicate_actions ending with … and 3 more", ds[len(ds)-1])
	}
}

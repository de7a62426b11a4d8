package saslfront_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"
)

// debianPython is Debian's interpreter, which sees the python3-kafka and
// python3-confluent-kafka packages (a pyenv python3 on PATH does not).
const debianPython = "/usr/bin/python3"

// TestRealClients runs team-1's program with real client libraries against
// the embedded broker with SASL (PLAIN, and SCRAM for kafka-python): it reads one user from new_users in
// group team-1 and writes one action. It needs the clients installed
// (apt-get install python3-kafka python3-confluent-kafka kcat) and runs only
// with KAFKACHECK_REAL_CLIENTS=1, since the client matrix is CI's job.
func TestRealClients(t *testing.T) {
	if os.Getenv("KAFKACHECK_REAL_CLIENTS") != "1" {
		t.Skip("set KAFKACHECK_REAL_CLIENTS=1 to run real clients")
	}
	for _, tc := range []struct {
		name   string
		mech   string
		legacy bool // the client uses SaslHandshake v0 and raw tokens
		need   []string
		cmd    func(bootstrap string) []string
	}{
		{"kafka-python", "PLAIN", true, []string{debianPython, "-c", "import kafka"},
			func(bs string) []string { return []string{debianPython, "testdata/team1_kafka_python.py", bs} }},
		{"kafka-python SCRAM-SHA-256", "SCRAM-SHA-256", true, []string{debianPython, "-c", "import kafka"},
			func(bs string) []string {
				return []string{debianPython, "testdata/team1_kafka_python.py", bs, "SCRAM-SHA-256"}
			}},
		{"confluent-kafka", "PLAIN", false, []string{debianPython, "-c", "import confluent_kafka"},
			func(bs string) []string { return []string{debianPython, "testdata/team1_confluent.py", bs} }},
		{"kcat", "PLAIN", false, []string{"kcat", "-V"}, kcatProgram},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := exec.Command(tc.need[0], tc.need[1:]...).Run(); err != nil {
				t.Skipf("%s not installed: %v", tc.name, err)
			}
			b, ev := startBroker(t, tc.mech)
			ctx, cancel := context.WithTimeout(context.Background(), 4*patience)
			defer cancel()
			admin := client(t, b, classroom.AdminUser, classroom.AdminPassword)
			user := &kgo.Record{Topic: classroom.NewUsers, Value: []byte(`{"email":"jane@hotmail.com"}`)}
			if err := admin.ProduceSync(ctx, user).FirstErr(); err != nil {
				t.Fatalf("produce a user: %v", err)
			}

			args := tc.cmd(b.Bootstrap()[0])
			out, err := exec.CommandContext(ctx, args[0], args[1:]...).CombinedOutput()
			if err != nil || !strings.Contains(string(out), "ok") {
				t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
			}

			reader := client(t, b, classroom.AdminUser, classroom.AdminPassword,
				kgo.ConsumeTopics(classroom.Actions), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
			fs := reader.PollFetches(ctx)
			if err := fs.Err(); err != nil {
				t.Fatalf("read actions: %v", err)
			}
			var action struct{ Customer, Team string }
			if recs := fs.Records(); len(recs) != 1 || json.Unmarshal(recs[0].Value, &action) != nil ||
				action.Customer != "jane@hotmail.com" || action.Team != "team-1" {
				t.Fatalf("actions: got %d records, want one action for jane@hotmail.com by team-1", len(fs.Records()))
			}
			got, _ := ev.waitFor(t, 0, "for team-1", func(e saslfront.AuthEvent) bool { return e.User == "team-1" })
			if !got.OK || got.Legacy != tc.legacy {
				t.Errorf("event: got %+v, want a success with Legacy=%v", got, tc.legacy)
			}
		})
	}
}

// kcatProgram is team-1's program as a shell pipeline: kcat consumes one user
// in group team-1, jq-free sed turns it into an action, kcat produces it.
func kcatProgram(bootstrap string) []string {
	sasl := "-X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN -X sasl.username=team-1 -X sasl.password=team-1-secret -X client.id=team-1"
	script := `set -e
user=$(kcat -b "$1" ` + sasl + ` -G team-1 -o beginning -c 1 -e -q new_users)
email=$(printf '%s' "$user" | sed 's/.*"email":"\([^"]*\)".*/\1/')
printf '{"customer":"%s","type":"CONTACT_CUSTOMER","reason":"LEGACY_EMAIL_PROVIDER","team":"team-1"}\n' "$email" |
  kcat -b "$1" ` + sasl + ` -P -t actions
echo ok`
	return []string{"sh", "-c", script, "kcat-team-1", bootstrap}
}

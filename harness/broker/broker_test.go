package broker_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
)

func ctx10s(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestSASL(t *testing.T) {
	for _, tt := range []struct {
		listener broker.Listener
		want     string // the mechanism's name, "" for none
	}{
		{broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: "PLAIN"}, "PLAIN"},
		{broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: "SCRAM-SHA-256"}, "SCRAM-SHA-256"},
		{broker.Listener{SecurityProtocol: "SASL_PLAINTEXT", Mechanism: "SCRAM-SHA-512"}, "SCRAM-SHA-512"},
		{broker.Listener{SecurityProtocol: "SASL_PLAINTEXT"}, "PLAIN"},
		{broker.Listener{SecurityProtocol: "PLAINTEXT"}, ""},
		{broker.Listener{SecurityProtocol: "PLAINTEXT", Mechanism: "PLAIN"}, ""},
	} {
		m := broker.SASL(tt.listener, "team-1", "team-1-secret")
		got := ""
		if m != nil {
			got = m.Name()
		}
		if got != tt.want {
			t.Errorf("SASL(%+v) is %q, want %q", tt.listener, got, tt.want)
		}
	}
}

// produce writes one record to actions with opts, and returns the error.
func produce(t *testing.T, opts []kgo.Opt) error {
	t.Helper()
	cl, err := kgo.NewClient(append(opts, kgo.RequestRetries(0))...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	return cl.ProduceSync(ctx10s(t), &kgo.Record{Topic: classroom.Actions, Value: []byte("{}")}).FirstErr()
}

// TestClientOptsLogIn: a team logs in with each mechanism the broker
// serves, and a wrong password is refused.
func TestClientOptsLogIn(t *testing.T) {
	for _, mech := range classroom.Mechanisms {
		t.Run(mech, func(t *testing.T) {
			b, err := embedded.Start(t.Context(), embedded.Config{Mechanism: mech})
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			if err := produce(t, broker.ClientOpts(b, "team-1", "team-1-secret")); err != nil {
				t.Errorf("team-1 writing actions: %v", err)
			}
			wrong, err := kgo.NewClient(broker.ClientOpts(b, "team-1", "wrong")...)
			if err != nil {
				t.Fatal(err)
			}
			defer wrong.Close()
			err = wrong.Ping(ctx10s(t)) // a producer would retry until its deadline
			if !errors.Is(err, kerr.SaslAuthenticationFailed) {
				t.Errorf("team-1 with a wrong password: %v, want SASL_AUTHENTICATION_FAILED", err)
			}
			// The admin is a superuser: it may write new_users, which no
			// team may.
			cl, err := kgo.NewClient(b.AdminOpts()...)
			if err != nil {
				t.Fatal(err)
			}
			defer cl.Close()
			if err := cl.ProduceSync(ctx10s(t), &kgo.Record{Topic: classroom.NewUsers, Value: []byte("{}")}).FirstErr(); err != nil {
				t.Errorf("the admin writing new_users: %v", err)
			}
		})
	}
}

func TestClientOptsPlaintext(t *testing.T) {
	b, err := embedded.Start(t.Context(), embedded.Config{Plaintext: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	// No SASL at all: any user name goes, since none is sent.
	if err := produce(t, broker.ClientOpts(b, "nobody", "")); err != nil {
		t.Errorf("writing actions on PLAINTEXT: %v", err)
	}
}

func TestNewAdmin(t *testing.T) {
	b, err := embedded.Start(t.Context(), embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cl, adm, err := broker.NewAdmin(b)
	if err != nil {
		t.Fatal(err)
	}
	topics, err := adm.ListTopics(ctx10s(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"new_users", "actions", "watchlist", "scorer_state"} {
		if !topics.Has(name) {
			t.Errorf("the admin lists no topic %q; got %v", name, topics.Names())
		}
	}
	// Closing the kadm wrapper closes the client under it.
	adm.Close()
	if err := cl.Ping(ctx10s(t)); !errors.Is(err, kgo.ErrClientClosed) {
		t.Errorf("Ping after closing the admin: %v, want %v", err, kgo.ErrClientClosed)
	}
}

// TestResetClassroom: the helper the backends share empties the topics
// and forgets the team groups' commits.
func TestResetClassroom(t *testing.T) {
	b, err := embedded.Start(t.Context(), embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cl, err := kgo.NewClient(append(b.AdminOpts(), kgo.ConsumerGroup("team-5"), kgo.ConsumeTopics(classroom.NewUsers),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.DisableAutoCommit())...)
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctx10s(t)
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: classroom.NewUsers, Value: []byte("u")}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	for n := 0; n == 0; {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatal("the record was never fetched")
		}
		n = fs.NumRecords()
	}
	if err := cl.CommitUncommittedOffsets(ctx); err != nil {
		t.Fatal(err)
	}
	cl.Close() // leaves the group: a group with members cannot be deleted

	if err := broker.ResetClassroom(ctx, b, classroom.Default()); err != nil {
		t.Fatal(err)
	}
	adm, err := broker.Admin(b)
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	ends, err := adm.ListEndOffsets(ctx, classroom.NewUsers)
	if err != nil {
		t.Fatal(err)
	}
	var records int64
	ends.Each(func(o kadm.ListedOffset) { records += o.Offset })
	if records != 0 {
		t.Errorf("new_users holds %d records after the reset, want 0", records)
	}
	groups, err := adm.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if names := groups.Groups(); len(names) != 0 {
		t.Errorf("groups after the reset: %v, want none", names)
	}
}

// TestStartingReturnsANilInterface: a backend that fails returns a nil
// *B; the Starter must turn it into a nil Broker, which callers compare
// with nil.
func TestStartingReturnsANilInterface(t *testing.T) {
	fail := func(context.Context, string) (*embedded.Broker, error) { return nil, errors.New("no port") }
	b, err := broker.Starting(fail, "cfg")(t.Context())
	if b != nil || err == nil || err.Error() != "no port" {
		t.Errorf("Starter = %#v, %v; want a nil Broker and the error", b, err)
	}
	var gotCfg string
	ok := func(_ context.Context, cfg string) (*embedded.Broker, error) {
		gotCfg = cfg
		return &embedded.Broker{}, nil
	}
	if b, err := broker.Starting(ok, "cfg")(t.Context()); b == nil || err != nil || gotCfg != "cfg" {
		t.Errorf("Starter = %v, %v with config %q; want a Broker, no error and config cfg", b, err, gotCfg)
	}
}

package external

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
)

// extra is a topic the classroom cluster lacks, so that Start must create it.
const extra = "kafkacheck_extra"

// classroomCluster starts a kfake classroom to play the maintainer's cluster.
func classroomCluster(t *testing.T) *embedded.Broker {
	t.Helper()
	c, err := embedded.Start(context.Background(), embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func withExtra() classroom.Profile {
	p := classroom.Default()
	p.Topics = append(p.Topics, classroom.Topic{Name: extra, Partitions: 1})
	return p
}

func adminConfig(c broker.Broker) Config {
	return Config{Bootstrap: c.Bootstrap(), Password: classroom.AdminPassword}
}

func TestReadOnlyWritesNothing(t *testing.T) {
	c := classroomCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	b, err := Start(ctx, adminConfig(c))
	if err != nil {
		t.Fatal(err)
	}
	if printed := fmt.Sprintf("%v %+v %#v", b, b, b); strings.Contains(printed, classroom.AdminPassword) {
		t.Errorf("the password appears in %q", printed)
	}
	if err := b.Reset(ctx); err == nil || !strings.Contains(err.Error(), "--allow-write") {
		t.Errorf("Reset without AllowWrite: got %v, want an error asking for --allow-write", err)
	}

	cfg := adminConfig(c)
	cfg.Profile = withExtra()
	_, err = Start(ctx, cfg)
	if err == nil || !strings.Contains(err.Error(), `"`+extra+`"`) || !strings.Contains(err.Error(), "--allow-write") {
		t.Errorf("Start without AllowWrite on a cluster lacking %q: got %v, want an error naming it and --allow-write", extra, err)
	}
	if n := endOffsets(ctx, t, c, extra)[extra]; n != -1 {
		t.Errorf("topic %q exists after a read-only Start; want it never created", extra)
	}
}

func TestResetDeletesOnlyTopicsItCreated(t *testing.T) {
	c := classroomCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg := adminConfig(c)
	cfg.Profile = withExtra()
	cfg.AllowWrite = true
	b, err := Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := kgo.NewClient(broker.ClientOpts(c, classroom.AdminUser, classroom.AdminPassword)...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	for _, topic := range []string{classroom.Actions, extra} {
		if err := cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Partition: 0, Value: []byte("x")}).FirstErr(); err != nil {
			t.Fatalf("produce to %q: %v", topic, err)
		}
	}
	if err := b.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	got := endOffsets(ctx, t, c, classroom.Actions, extra)
	if got[classroom.Actions] != 1 || got[extra] != 0 {
		t.Errorf("records after Reset: got %s %d, %s %d; want 1 (the classroom's topic kept), 0 (ours recreated)",
			classroom.Actions, got[classroom.Actions], extra, got[extra])
	}
}

func TestPasswordNeverPrinted(t *testing.T) {
	const secret = "s3cret-pa55word"
	cfg := Config{Bootstrap: []string{"127.0.0.1:1"}, Password: secret, DialTimeout: time.Second}
	printed := fmt.Sprintf("%v %+v %#v %s", cfg, cfg, cfg, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := Start(ctx, cfg) // nothing listens on port 1
	if err == nil {
		t.Fatal("Start on a closed port: got nil error")
	}
	printed += err.Error()
	if strings.Contains(printed, secret) {
		t.Errorf("the password appears in %q", printed)
	}
}

// endOffsets returns the summed end offsets of topics, -1 for a topic that
// does not exist.
func endOffsets(ctx context.Context, t *testing.T, c broker.Broker, topics ...string) map[string]int64 {
	t.Helper()
	adm, err := c.Admin()
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	offs, err := adm.ListEndOffsets(ctx, topics...)
	if err != nil {
		t.Fatal(err)
	}
	sums := make(map[string]int64)
	for _, topic := range topics {
		sums[topic] = -1
	}
	offs.Each(func(o kadm.ListedOffset) {
		if o.Err != nil {
			return
		}
		if sums[o.Topic] < 0 {
			sums[o.Topic] = 0
		}
		sums[o.Topic] += o.Offset
	})
	return sums
}

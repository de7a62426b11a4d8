package saslfront_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"

	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"
)

// benchRecords is the size of a classroom run's new_users backlog.
const benchRecords = 200_000

// BenchmarkProduceConsume produces then consumes benchRecords small JSON
// users through kfake with SASL PLAIN, with and without the front, and
// reports records per second for each half. After authentication the front
// only forwards bytes, so both should match.
//
//	go test -run '^$' -bench ProduceConsume -benchtime 3x ./harness/broker/embedded/saslfront/
func BenchmarkProduceConsume(b *testing.B) {
	value := []byte(`{"email":"jane.doe@hotmail.com","credit_card_number":"378282246310005",` +
		`"company_name":"Acme","industry":"Banking","user_name":"jdoe","premium":true,"credit":12,` +
		`"time_zone":"Europe/Paris","pack":"small","name":"Jane Doe","avatar":"https://robohash.org/jdoe.png?size=50x50"}`)
	for _, withFront := range []bool{false, true} {
		name := "kfake"
		if withFront {
			name = "kfake+saslfront"
		}
		b.Run(name, func(b *testing.B) {
			var produce, consume time.Duration
			for range b.N {
				p, c := produceConsume(b, withFront, value)
				produce += p
				consume += c
			}
			b.ReportMetric(float64(benchRecords*b.N)/produce.Seconds(), "produced/s")
			b.ReportMetric(float64(benchRecords*b.N)/consume.Seconds(), "consumed/s")
		})
	}
}

// produceConsume runs one round on a fresh cluster and returns how long each
// half took.
func produceConsume(b *testing.B, withFront bool, value []byte) (produce, consume time.Duration) {
	b.Helper()
	opts := []kfake.Opt{kfake.NumBrokers(1), kfake.EnableSASL(), kfake.Superuser("PLAIN", "admin", "admin-secret"), kfake.SeedTopics(2, "bench")}
	if withFront {
		opts = append(opts, kfake.ListenFn(saslfront.Config{Mechanisms: []string{"PLAIN"}}.ListenFunc(nil)))
	}
	cluster, err := kfake.NewCluster(opts...)
	if err != nil {
		b.Fatalf("new cluster: %v", err)
	}
	defer cluster.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	auth := kgo.SASL(plain.Auth{User: "admin", Pass: "admin-secret"}.AsMechanism())
	seeds := kgo.SeedBrokers(cluster.ListenAddrs()...)

	prod, err := kgo.NewClient(seeds, auth, kgo.DefaultProduceTopic("bench"))
	if err != nil {
		b.Fatalf("producer: %v", err)
	}
	defer prod.Close()
	start := time.Now()
	for range benchRecords {
		prod.Produce(ctx, &kgo.Record{Value: value}, func(_ *kgo.Record, err error) {
			if err != nil {
				panic(fmt.Sprintf("saslfront benchmark: produce: %v", err))
			}
		})
	}
	if err := prod.Flush(ctx); err != nil {
		b.Fatalf("flush: %v", err)
	}
	produce = time.Since(start)

	cons, err := kgo.NewClient(seeds, auth, kgo.ConsumeTopics("bench"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		b.Fatalf("consumer: %v", err)
	}
	defer cons.Close()
	start = time.Now()
	for n := 0; n < benchRecords; {
		fs := cons.PollFetches(ctx)
		if err := fs.Err(); err != nil {
			b.Fatalf("consume after %d records: %v", n, err)
		}
		n += fs.NumRecords()
	}
	return produce, time.Since(start)
}

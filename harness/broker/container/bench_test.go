package container

import (
	"context"
	"testing"
	"time"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// BenchmarkStart measures container start to ready, per edition: create,
// start, the broker answering the admin, and the classroom's topics and
// ACLs set up; for 2026-01 also the SCRAM users created and one logged in.
// The target with the local image is 15 s. Run with -benchtime=3x: one
// iteration is seconds long.
func BenchmarkStart(b *testing.B) {
	for _, p := range []classroom.Profile{classroom.Default(), edition2026(b)} {
		b.Run(p.Edition, func(b *testing.B) {
			requireEngine(b)
			for b.Loop() {
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
				br, err := Start(ctx, Config{Profile: p})
				cancel()
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if err := br.Close(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
	}
}

package container

import (
	"context"
	"testing"
	"time"
)

// BenchmarkStart measures container start to ready: create, start, the
// broker answering the admin, and the classroom's topics and ACLs set up.
// The target with the local image is 15 s. Run with -benchtime=3x: one
// iteration is seconds long.
func BenchmarkStart(b *testing.B) {
	requireEngine(b)
	for b.Loop() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		br, err := Start(ctx, Config{})
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
}

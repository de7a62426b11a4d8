package embedded

import (
	"context"
	"testing"
)

// BenchmarkStart measures an embedded classroom broker from nothing to
// ready: kfake, users, topics and ACLs.
func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		br, err := Start(context.Background(), Config{})
		if err != nil {
			b.Fatal(err)
		}
		br.Close()
	}
}

package tap

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"
)

func frame(body string) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
	return append(b, body...)
}

// TestFramerSplitsAnyChunking proves frames come out whole whatever the
// read boundaries: every chunk size from 1 byte up.
func TestFramerSplitsAnyChunking(t *testing.T) {
	stream := bytes.Join([][]byte{frame("hello"), frame(""), frame("skipped"), frame("world!")}, nil)
	for chunk := 1; chunk <= len(stream); chunk++ {
		var f framer
		var got []string
		sizes := []int{}
		for p := stream; len(p) > 0; {
			n := min(chunk, len(p))
			f.feed(p[:n], func(size int) bool {
				sizes = append(sizes, size)
				return size != len("skipped")
			}, func(body []byte) { got = append(got, string(body)) })
			p = p[n:]
		}
		if want := []string{"hello", "", "world!"}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("chunk %d: bodies %q, want %q", chunk, got, want)
		}
		if fmt.Sprint(sizes) != "[5 0 7 6]" {
			t.Fatalf("chunk %d: sizes %v", chunk, sizes)
		}
	}
}

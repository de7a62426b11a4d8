package scenarios

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestScanShape checks scanShape's depth estimate against the depth of the
// document yaml.v3 reads, on YAML where brackets, dashes and colons are
// text as well as structure.
func TestScanShape(t *testing.T) {
	tests := []struct {
		name, data string
		secondDoc  int
		under      int // levels the estimate misses
	}{
		{"scalar", "a", 0, 0},
		{"mapping", "a: 1\nb: 2\n", 0, 0},
		{"flow in block", "a: [b, {c: d}]\n", 0, 0},
		{"compact lists", "- - - x\n", 0, 0},
		{"nested mappings", "a:\n  b:\n    c: 1\nd: 2\n", 0, 0},
		{"list item mappings", "- a: 1\n  b:\n    - c\n- d\n", 0, 0},
		{"list at its key's indentation", "a:\n- b:\n  - c\n", 0, 2},
		{"multi-line flow", "a: [b,\n  [c,\n   {d: e}]]\n", 0, 0},
		{"double-quoted brackets", "a: \"[[[ \\\" {{{\"\n", 0, 0},
		{"single-quoted brackets", "a: '[[[ '' {{{'\n", 0, 0},
		{"multi-line quotes", "a: \"[[[\n  - b: [[\"\nc: 1\n", 0, 0},
		{"block scalars", "a: |\n  [[[\n  {{{\n\n  - x: y\nb: >-\n  [[\n", 0, 0},
		{"plain scalars", "a: plain [[ {{ - x\n  [[ more text\nb: c[d]\n", 0, 0},
		{"comments", "a: 1 # [[[ {{{\n# - - - [[[\nb: [c, # [[[\n  d]\n", 0, 0},
		{"anchors and aliases", "a: &x [b]\nc: *x\nd: &y\n  e: [*x, *x]\n", 0, 0},
		{"tag holding a comma and colons", "!,0:00: 0\n", 0, 0},
		{"tags holding flow indicators", "a: !b,[c]:d: x\ne: [!f,g h]\n", 0, 0},
		{"anchor ended by a colon", "&a: b\nc: *a\n", 0, 0},
		{"complex keys", "? [a, b]\n: c\n? - d\n: e\n", 0, 0},
		{"CR line breaks", "a:\r  b:\r    c: [1]\r", 0, 0},
		{"CRLF line breaks", "a:\r\n  b:\r\n    c: [1]\r\n", 0, 0},
		{"NEL line breaks", "a:\u0085  b:\u0085    c: 1\u0085", 0, 0},
		{"documents", "--- [[[]]]\n--- [[]]\n", 2, 0},
		{"document after end", "a: 1\n...\n# c\n---\nb: [2]\n", 4, 0},
		{"marker ends block scalar", "a: |\n  x\n---\nb\n", 3, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := yaml.NewDecoder(strings.NewReader(tt.data))
			want := 0
			for {
				var doc yaml.Node
				if err := dec.Decode(&doc); err != nil {
					break
				}
				want = max(want, depth(&doc))
			}
			got := 0
			for scanShape([]byte(tt.data), got).deepLine != 0 {
				got++
			}
			if got != want-tt.under {
				t.Errorf("scanShape estimates %d levels, yaml.v3 reads %d (and %d are not counted)", got, want, tt.under)
			}
			if sh := scanShape([]byte(tt.data), 64); sh.secondDoc != tt.secondDoc {
				t.Errorf("second document at line %d, want %d", sh.secondDoc, tt.secondDoc)
			}
		})
	}
}

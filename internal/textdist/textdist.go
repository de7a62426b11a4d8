// Package textdist measures how far apart two words are, to suggest the
// name a user meant ("did you mean …?").
package textdist

// Distance is the Levenshtein distance between a and b, in characters.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Nearest returns the word of words nearest to s, if it is at most 3 edits
// away and closer than s is long (so that "x" suggests nothing); else "".
func Nearest(s string, words []string) string {
	best, bestD := "", 4
	for _, w := range words {
		if d := Distance(s, w); d < bestD && d < len([]rune(s)) {
			best, bestD = w, d
		}
	}
	return best
}

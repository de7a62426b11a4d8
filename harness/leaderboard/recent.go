package leaderboard

// recent remembers which teams' rules match the last users produced, by
// email, in bounded memory: a ring of emails and a map from email to the
// teams' bit mask. An email produced twice is remembered until its last
// copy leaves the ring.
type recent struct {
	ring []string
	next int
	full bool
	// forgot: an email has left the ring, so one not in it may have been
	// produced.
	forgot bool
	masks  map[string]entry
}

type entry struct {
	mask uint32
	refs int
}

func newRecent(n int) *recent {
	return &recent{ring: make([]string, max(n, 1)), masks: map[string]entry{}}
}

func (r *recent) add(email string, mask uint32) {
	if r.full {
		r.forgot = true
		old := r.ring[r.next]
		if e := r.masks[old]; e.refs <= 1 {
			delete(r.masks, old)
		} else {
			e.refs--
			r.masks[old] = e
		}
	}
	r.ring[r.next] = email
	r.next = (r.next + 1) % len(r.ring)
	r.full = r.full || r.next == 0
	e := r.masks[email]
	r.masks[email] = entry{mask: e.mask | mask, refs: e.refs + 1}
}

func (r *recent) get(email string) (uint32, bool) {
	e, ok := r.masks[email]
	return e.mask, ok
}

func (r *recent) len() int { return len(r.masks) }

package tap

import "encoding/binary"

// maxKept bounds the Kafka frames the observer decodes. Larger ones (a big
// produce) are skipped: what the observer wants is in small requests.
const maxKept = 1 << 20

// framer splits one direction of a Kafka connection into frames, each an
// int32 size and that many bytes, whatever the read or write boundaries.
// Both Kafka requests and responses and the raw tokens of the legacy SASL
// flow are framed so.
type framer struct {
	size [4]byte
	n    int // bytes of size read so far
	left int // bytes of the current body still to come
	keep bool
	body []byte
}

// feed consumes p. begin is called when a frame's size is known and says
// whether to keep its body; end is called with each kept body, which is
// only valid during the call.
func (f *framer) feed(p []byte, begin func(size int) bool, end func(body []byte)) {
	for len(p) > 0 {
		if f.n < 4 {
			k := copy(f.size[f.n:], p)
			f.n += k
			p = p[k:]
			if f.n < 4 {
				return
			}
			f.left = max(int(int32(binary.BigEndian.Uint32(f.size[:]))), 0)
			f.keep = begin(f.left)
			f.body = f.body[:0]
			if f.left == 0 {
				f.n = 0
				if f.keep {
					end(nil)
				}
				continue
			}
		}
		k := min(f.left, len(p))
		if f.keep {
			f.body = append(f.body, p[:k]...)
		}
		f.left -= k
		p = p[k:]
		if f.left == 0 {
			f.n = 0
			if f.keep {
				end(f.body)
			}
		}
	}
}

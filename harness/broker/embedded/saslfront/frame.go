package saslfront

import (
	"encoding/binary"

	"github.com/twmb/franz-go/pkg/kbin"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// The API keys the front looks at.
const (
	keySaslHandshake    int16 = 17
	keyApiVersions      int16 = 18
	keySaslAuthenticate int16 = 36
)

// maxReceiveSize bounds a request or token before authentication, as Kafka's
// sasl.server.max.receive.size (default 512 KiB) does.
const maxReceiveSize = 512 << 10

// legacyCorr is the correlation id of the SaslAuthenticate requests the front
// frames around raw tokens. Any value works, since kfake answers a
// connection's requests in order; this one is easy to spot in a capture.
const legacyCorr int32 = 0x4C454741 // "LEGA"

// requestHeader is the part of a request header the front needs.
type requestHeader struct {
	key, version int16
	corr         int32
}

// parseRequest splits a request frame without its size prefix into its
// header and its body. The client id is a nullable string in every header
// version, followed by tagged fields in flexible versions.
func parseRequest(frame []byte) (h requestHeader, body []byte, ok bool) {
	r := kbin.Reader{Src: frame}
	h.key, h.version, h.corr = r.Int16(), r.Int16(), r.Int32()
	r.NullableString()
	req := kmsg.RequestForKey(h.key)
	if req == nil {
		return h, nil, r.Ok()
	}
	req.SetVersion(h.version)
	if req.IsFlexible() {
		kmsg.SkipTags(&r)
	}
	return h, r.Src, r.Ok()
}

// responseBody returns the body of a response frame (with its size prefix)
// to a request of key at version. ApiVersions responses keep header v0 even in
// flexible versions, so that a client that does not yet know the broker's
// versions can read them (KIP-511).
func responseBody(frame []byte, key, version int16) ([]byte, bool) {
	r := kbin.Reader{Src: frame[8:]}
	resp := kmsg.ResponseForKey(key)
	resp.SetVersion(version)
	if resp.IsFlexible() && key != keyApiVersions {
		kmsg.SkipTags(&r)
	}
	return r.Src, r.Ok()
}

// appendResponse appends the frame of resp, answering corr, to dst.
func appendResponse(dst []byte, corr int32, resp kmsg.Response) []byte {
	start := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	dst = binary.BigEndian.AppendUint32(dst, uint32(corr))
	if resp.IsFlexible() && resp.Key() != keyApiVersions {
		dst = append(dst, 0) // no tagged fields
	}
	dst = resp.AppendTo(dst)
	binary.BigEndian.PutUint32(dst[start:], uint32(len(dst)-start-4))
	return dst
}

// appendRequest appends the frame of req with correlation id corr to dst.
func appendRequest(dst []byte, corr int32, req kmsg.Request) []byte {
	return requestFormatter.AppendRequest(dst, req, corr)
}

// requestFormatter frames the requests the front makes up; the client id
// names the front in kfake's logs.
var requestFormatter = kmsg.NewRequestFormatter(kmsg.FormatterClientID("kafkacheck-saslfront"))

// appendToken appends a raw SASL token, [int32 size][bytes], to dst.
func appendToken(dst, token []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(token)))
	return append(dst, token...)
}

// beUint32 reads a big-endian uint32, the byte order of every Kafka size
// and correlation id.
func beUint32(b []byte) uint32 { return binary.BigEndian.Uint32(b) }

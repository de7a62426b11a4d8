package tap

import (
	"encoding/binary"
	"fmt"

	"github.com/twmb/franz-go/pkg/kbin"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// request is one decoded request of the program.
type request struct {
	corr     int32
	clientID string
	req      kmsg.Request
}

// decodeRequest decodes a request frame: header v1 or v2, then the body.
// It returns false for a frame it cannot read, such as a raw SASL token.
func decodeRequest(b []byte) (request, bool) {
	if len(b) < 10 {
		return request{}, false
	}
	key := int16(binary.BigEndian.Uint16(b))
	version := int16(binary.BigEndian.Uint16(b[2:]))
	r := request{corr: int32(binary.BigEndian.Uint32(b[4:]))}
	req := kmsg.RequestForKey(key)
	if req == nil {
		return request{}, false
	}
	req.SetVersion(version)
	rd := kbin.Reader{Src: b[8:]}
	if id := rd.NullableString(); id != nil {
		r.clientID = *id
	}
	if key == kmsg.SASLAuthenticate.Int16() {
		// Its body holds the password: never decoded, never kept.
		r.req = req
		return r, true
	}
	if req.IsFlexible() {
		skipTags(&rd)
	}
	if rd.Complete() != nil || req.ReadFrom(rd.Src) != nil {
		// A version kmsg does not know, or a broken frame: keep what
		// the header says, the broker will answer for the rest.
		r.req = nil
		return r, key >= 0
	}
	r.req = req
	return r, true
}

// decodeResponse decodes the response to req.
func decodeResponse(req kmsg.Request, b []byte) (kmsg.Response, bool) {
	if len(b) < 4 {
		return nil, false
	}
	rd := kbin.Reader{Src: b[4:]}
	// ApiVersions answers with header v0 even when flexible, so that a
	// client can read it whatever it asked.
	if req.IsFlexible() && req.Key() != kmsg.ApiVersions.Int16() {
		skipTags(&rd)
	}
	if rd.Complete() != nil {
		return nil, false
	}
	resp := req.ResponseKind()
	resp.SetVersion(req.GetVersion())
	if resp.ReadFrom(rd.Src) != nil {
		return nil, false
	}
	return resp, true
}

func skipTags(rd *kbin.Reader) {
	for n := rd.Uvarint(); n > 0 && rd.Ok(); n-- {
		rd.Uvarint()
		rd.Span(int(rd.Uvarint()))
	}
}

// named is what one request names: groups and topics.
type named struct {
	groups, topics []string
}

// topicName resolves a topic ID (Produce v13+ and Fetch v13+ name topics
// by ID) to its name; "" when unknown.
type topicName func(id [16]byte) string

// topicOf returns name, or the name of id when name is empty.
func topicOf(name string, id [16]byte, resolve topicName) string {
	if name == "" && id != ([16]byte{}) && resolve != nil {
		return resolve(id)
	}
	return name
}

// namesOf returns the groups and topics a request names.
func namesOf(req kmsg.Request, resolve topicName) named {
	var n named
	switch r := req.(type) {
	case *kmsg.MetadataRequest:
		for _, t := range r.Topics {
			if t.Topic != nil {
				n.topics = append(n.topics, *t.Topic)
			}
		}
	case *kmsg.ProduceRequest:
		for _, t := range r.Topics {
			if name := topicOf(t.Topic, t.TopicID, resolve); name != "" {
				n.topics = append(n.topics, name)
			}
		}
	case *kmsg.FetchRequest:
		for _, t := range r.Topics {
			if name := topicOf(t.Topic, t.TopicID, resolve); name != "" {
				n.topics = append(n.topics, name)
			}
		}
	case *kmsg.ListOffsetsRequest:
		for _, t := range r.Topics {
			n.topics = append(n.topics, t.Topic)
		}
	case *kmsg.FindCoordinatorRequest:
		if r.CoordinatorType == 0 {
			if r.Version < 4 {
				n.groups = append(n.groups, r.CoordinatorKey)
			}
			n.groups = append(n.groups, r.CoordinatorKeys...)
		}
	case *kmsg.JoinGroupRequest:
		n.groups = append(n.groups, r.Group)
	case *kmsg.SyncGroupRequest:
		n.groups = append(n.groups, r.Group)
	case *kmsg.HeartbeatRequest:
		n.groups = append(n.groups, r.Group)
	case *kmsg.OffsetCommitRequest:
		n.groups = append(n.groups, r.Group)
	case *kmsg.OffsetFetchRequest:
		if r.Group != "" {
			n.groups = append(n.groups, r.Group)
		}
		for _, g := range r.Groups {
			n.groups = append(n.groups, g.Group)
		}
	}
	return n
}

// answered reports whether the broker answers req: a produce with acks=0
// gets no response, so it must not wait in the queue for one.
func answered(req kmsg.Request) bool {
	p, ok := req.(*kmsg.ProduceRequest)
	return !ok || p.Acks != 0
}

// fetchOffsets returns the offsets a Fetch request asks for, by topic and
// partition: where each of the consumer's positions is.
func fetchOffsets(req *kmsg.FetchRequest, resolve topicName) map[string]map[int32]int64 {
	out := map[string]map[int32]int64{}
	for _, t := range req.Topics {
		name := topicOf(t.Topic, t.TopicID, resolve)
		if name == "" {
			continue
		}
		if out[name] == nil {
			out[name] = map[int32]int64{}
		}
		for _, p := range t.Partitions {
			out[name][p.Partition] = p.FetchOffset
		}
	}
	return out
}

// producedBy counts the records of each partition of a produce, and drops
// the records from req, which must not hold on to the frame they point
// into. Topic is the name, or the ID in hex for v13+ (resolved with the
// answer).
func producedBy(req *kmsg.ProduceRequest) []Produced {
	var out []Produced
	for i := range req.Topics {
		t := &req.Topics[i]
		name := t.Topic
		if name == "" {
			name = fmt.Sprintf("%x", t.TopicID)
		}
		for j := range t.Partitions {
			p := &t.Partitions[j]
			out = append(out, Produced{Topic: name, Partition: p.Partition, Count: countRecords(p.Records)})
			p.Records = nil
		}
	}
	return out
}

// countRecords counts the records of a produce's record batches (magic
// 2), or of its message set (magic 0 and 1, one message per entry).
func countRecords(b []byte) int {
	n := 0
	for len(b) >= 17 {
		size := int(int32(binary.BigEndian.Uint32(b[8:12])))
		if size < 5 || 12+size > len(b) {
			break
		}
		if magic := b[16]; magic >= 2 && size >= 49 {
			n += int(int32(binary.BigEndian.Uint32(b[57:61])))
		} else {
			n++ // a message of the old format
		}
		b = b[12+size:]
	}
	return n
}

// topicIDsOf returns the topic IDs a Metadata answer lists, by ID.
func topicIDsOf(resp *kmsg.MetadataResponse) map[[16]byte]string {
	out := map[[16]byte]string{}
	for _, t := range resp.Topics {
		if t.Topic != nil && t.TopicID != ([16]byte{}) {
			out[t.TopicID] = *t.Topic
		}
	}
	return out
}

// denialsOf returns the resources an answer to req says the ACLs refused.
func denialsOf(req kmsg.Request, resp kmsg.Response, resolve topicName) []Denial {
	var out []Denial
	name := kmsg.NameForKey(req.Key())
	// The error code says which kind of resource was refused.
	add := func(code int16, n string) {
		var resource string
		switch code {
		case kerr.TopicAuthorizationFailed.Code:
			resource = "topic"
		case kerr.GroupAuthorizationFailed.Code:
			resource = "group"
		case kerr.ClusterAuthorizationFailed.Code:
			resource, n = "cluster", ""
		case kerr.TransactionalIDAuthorizationFailed.Code:
			resource = "transactional id"
		default:
			return
		}
		out = append(out, Denial{Resource: resource, Name: n, Request: name})
	}
	switch r := resp.(type) {
	case *kmsg.MetadataResponse:
		for _, t := range r.Topics {
			if t.Topic != nil {
				add(t.ErrorCode, *t.Topic)
			}
		}
	case *kmsg.ProduceResponse:
		for _, t := range r.Topics {
			for _, p := range t.Partitions {
				add(p.ErrorCode, topicOf(t.Topic, t.TopicID, resolve))
			}
		}
	case *kmsg.ListOffsetsResponse:
		for _, t := range r.Topics {
			for _, p := range t.Partitions {
				add(p.ErrorCode, t.Topic)
			}
		}
	case *kmsg.FindCoordinatorResponse:
		q := req.(*kmsg.FindCoordinatorRequest)
		if q.Version < 4 {
			add(r.ErrorCode, q.CoordinatorKey)
		}
		for _, c := range r.Coordinators {
			add(c.ErrorCode, c.Key)
		}
	case *kmsg.JoinGroupResponse:
		add(r.ErrorCode, req.(*kmsg.JoinGroupRequest).Group)
	case *kmsg.SyncGroupResponse:
		add(r.ErrorCode, req.(*kmsg.SyncGroupRequest).Group)
	case *kmsg.HeartbeatResponse:
		add(r.ErrorCode, req.(*kmsg.HeartbeatRequest).Group)
	case *kmsg.OffsetCommitResponse:
		for _, t := range r.Topics {
			for _, p := range t.Partitions {
				refused := req.(*kmsg.OffsetCommitRequest).Group
				if p.ErrorCode == kerr.TopicAuthorizationFailed.Code {
					refused = t.Topic
				}
				add(p.ErrorCode, refused)
			}
		}
	case *kmsg.OffsetFetchResponse:
		q := req.(*kmsg.OffsetFetchRequest)
		add(r.ErrorCode, q.Group)
		for i, g := range r.Groups {
			if i < len(q.Groups) {
				add(g.ErrorCode, q.Groups[i].Group)
			}
		}
	case *kmsg.InitProducerIDResponse:
		id := ""
		if q := req.(*kmsg.InitProducerIDRequest); q.TransactionalID != nil {
			id = *q.TransactionalID
		}
		add(r.ErrorCode, id)
	}
	return out
}

// decoded lists the requests whose answers the observer reads; the
// others, fetches above all, pass without being decoded.
var decoded = map[int16]bool{
	kmsg.Produce.Int16(): true, kmsg.ListOffsets.Int16(): true, kmsg.Metadata.Int16(): true,
	kmsg.OffsetCommit.Int16(): true, kmsg.OffsetFetch.Int16(): true, kmsg.FindCoordinator.Int16(): true,
	kmsg.JoinGroup.Int16(): true, kmsg.Heartbeat.Int16(): true, kmsg.SyncGroup.Int16(): true,
	kmsg.InitProducerID.Int16(): true,
}

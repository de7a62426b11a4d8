package embedded_test

import (
	"errors"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
)

// TestOffsetFetchOfAGroupNobodyJoined: a consumer that assigns itself
// partitions, with its team's group_id, asks the group's offsets before
// anyone committed. Kafka answers no offset (-1) and no error; kfake
// alone answers GROUP_ID_NOT_FOUND, on which kafka-python raises. The
// ACLs still refuse another team's group.
func TestOffsetFetchOfAGroupNobodyJoined(t *testing.T) {
	b, err := embedded.Start(ctx10s(t), embedded.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cl, err := kgo.NewClient(broker.ClientOpts(b, "team-3", classroom.TeamPassword("team-3"))...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()

	for _, tt := range []struct {
		name    string
		version int16
		group   string
		want    int16
	}{
		{"own group, v7 (kafka-python 2.0)", 7, "team-3", 0},
		{"own group, v9", 9, "team-3", 0},
		{"another team's group", 7, "team-4", kerr.GroupAuthorizationFailed.Code},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := kmsg.NewPtrOffsetFetchRequest()
			req.Version = tt.version
			topic := kmsg.NewOffsetFetchRequestTopic()
			topic.Topic, topic.Partitions = classroom.NewUsers, []int32{0, 1}
			group := kmsg.NewOffsetFetchRequestGroup()
			group.Group = tt.group
			group.Topics = []kmsg.OffsetFetchRequestGroupTopic{{Topic: classroom.NewUsers, Partitions: []int32{0, 1}}}
			if tt.version <= 7 {
				req.Group, req.Topics = tt.group, []kmsg.OffsetFetchRequestTopic{topic}
			} else {
				req.Groups = []kmsg.OffsetFetchRequestGroup{group}
			}
			resp, err := req.RequestWith(ctx10s(t), cl)
			if want := kerr.ErrorForCode(tt.want); want != nil && errors.Is(err, want) {
				return // refused already at FindCoordinator
			}
			if err != nil {
				t.Fatal(err)
			}
			code, offsets := resp.ErrorCode, map[int32]int64{}
			for _, tp := range resp.Topics {
				for _, p := range tp.Partitions {
					offsets[p.Partition] = p.Offset
				}
			}
			if tt.version > 7 {
				g := resp.Groups[0]
				code = g.ErrorCode
				for _, tp := range g.Topics {
					for _, p := range tp.Partitions {
						offsets[p.Partition] = p.Offset
					}
				}
			}
			if code != tt.want {
				t.Fatalf("error %v, want %v", kerr.ErrorForCode(code), kerr.ErrorForCode(tt.want))
			}
			if tt.want == 0 && (len(offsets) != 2 || offsets[0] != -1 || offsets[1] != -1) {
				t.Errorf("offsets %v, want -1 for partitions 0 and 1", offsets)
			}
		})
	}
}

package embedded

import (
	"context"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// createGroupTimeout bounds the empty commit that creates a group for an
// OffsetFetch; past it, kfake answers as it would have.
const createGroupTimeout = 5 * time.Second

// answerUnknownGroupsAsKafka makes an OffsetFetch of given partitions for
// a group that does not exist yet answer as Kafka does: no error, and no
// offset (-1) for each partition. kfake alone answers GROUP_ID_NOT_FOUND,
// and kafka-python raises it: a program that calls consumer.assign(...)
// with a group_id, which runs in class, would crash here before reading a
// user.
//
// kfake offers no hook on its answers, only on requests, and the request
// does not say who sent it, so the ACLs cannot be judged here. Instead,
// before kfake handles the request, each group it names that does not
// exist is created empty, by an empty commit as the classroom's admin
// (Kafka itself creates a group on a commit). kfake then checks the ACLs
// as always, and answers -1 for partitions of a group without commits.
// The one trace left is an empty group in ListGroups, where Kafka lists
// none; a refused request leaves one too.
//
// Only requests that name partitions are concerned: consumers name
// them. An OffsetFetch of all of a group's offsets (the harness's own,
// through kadm) is left to kfake.
func answerUnknownGroupsAsKafka(c *kfake.Cluster, admin *kgo.Client) {
	c.ControlKey(int16(kmsg.OffsetFetch), func(r kmsg.Request) (kmsg.Response, error, bool) {
		groups := groupsWithPartitions(r.(*kmsg.OffsetFetchRequest))
		if len(groups) == 0 {
			return nil, nil, false
		}
		// The cluster goes on serving while this sleeps: GroupInfo and
		// the admin's commit are requests to it.
		c.SleepControl(func() {
			for _, g := range groups {
				if c.GroupInfo(g) == nil {
					createEmptyGroup(admin, g)
				}
			}
		})
		return nil, nil, false // kfake answers, the group now there
	})
}

// groupsWithPartitions returns the groups an OffsetFetch asks given
// partitions of (v0–7: one group; v8+: any number).
func groupsWithPartitions(req *kmsg.OffsetFetchRequest) []string {
	if req.Version <= 7 {
		if req.Topics == nil {
			return nil
		}
		return []string{req.Group}
	}
	var groups []string
	for _, g := range req.Groups {
		if g.Topics != nil {
			groups = append(groups, g.Group)
		}
	}
	return groups
}

// createEmptyGroup creates group with a commit of no offsets, as a
// consumer outside any generation commits (generation -1). Its failure
// leaves kfake's own answer.
func createEmptyGroup(admin *kgo.Client, group string) {
	ctx, cancel := context.WithTimeout(context.Background(), createGroupTimeout)
	defer cancel()
	req := kmsg.NewPtrOffsetCommitRequest()
	req.Group = group
	req.Generation = -1
	_, _ = req.RequestWith(ctx, admin)
}

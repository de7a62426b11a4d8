package saslfront_test

import (
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// expectPrincipal checks that the authenticated connection acts as team
// under the classroom's ACLs: it may describe its own group but not other's,
// and may describe new_users but not scorer_state.
func (w *wire) expectPrincipal(team, other string) {
	w.t.Helper()
	dg := kmsg.NewPtrDescribeGroupsRequest()
	dg.Groups = []string{team, other}
	groups := w.roundTrip(dg).(*kmsg.DescribeGroupsResponse)
	want := map[string]int16{team: 0, other: kerr.GroupAuthorizationFailed.Code}
	for _, g := range groups.Groups {
		if g.ErrorCode != want[g.Group] {
			w.t.Errorf("as %s, DescribeGroups %q: error code %d, want %d", team, g.Group, g.ErrorCode, want[g.Group])
		}
		delete(want, g.Group)
	}
	if len(want) != 0 {
		w.t.Errorf("as %s, DescribeGroups did not answer for %v", team, want)
	}

	md := kmsg.NewPtrMetadataRequest()
	md.Version = 7
	for _, name := range []string{classroom.NewUsers, classroom.ScorerState} {
		rt := kmsg.NewMetadataRequestTopic()
		rt.Topic = kmsg.StringPtr(name)
		md.Topics = append(md.Topics, rt)
	}
	topics := w.roundTrip(md).(*kmsg.MetadataResponse)
	wantTopic := map[string]int16{classroom.NewUsers: 0, classroom.ScorerState: kerr.TopicAuthorizationFailed.Code}
	for _, tp := range topics.Topics {
		if tp.Topic == nil {
			continue
		}
		if tp.ErrorCode != wantTopic[*tp.Topic] {
			w.t.Errorf("as %s, Metadata %q: error code %d, want %d", team, *tp.Topic, tp.ErrorCode, wantTopic[*tp.Topic])
		}
		delete(wantTopic, *tp.Topic)
	}
	if len(wantTopic) != 0 {
		w.t.Errorf("as %s, Metadata did not answer for %v", team, wantTopic)
	}
}

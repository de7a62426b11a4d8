package classroom

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Setup creates p's topics and ACLs through cl, which must
// be authenticated as the admin. Topics and ACLs that already exist are
// kept. Each is one request for everything: an embedded broker's start-up
// is mostly this.
func Setup(ctx context.Context, cl *kgo.Client, p Profile) error {
	if err := createTopics(ctx, cl, p, true); err != nil {
		return err
	}
	req := kmsg.NewPtrCreateACLsRequest()
	for _, a := range p.ACLs() {
		req.Creations = append(req.Creations, a.creations()...)
	}
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return fmt.Errorf("create ACLs: %w", err)
	}
	for i, r := range resp.Results {
		if err := kerr.ErrorForCode(r.ErrorCode); err != nil {
			c := req.Creations[i]
			return fmt.Errorf("create ACL %s %s on %s %q: %w", c.Principal, c.Operation, c.ResourceType, c.ResourceName, err)
		}
	}
	return waitACLs(ctx, cl, req.Creations)
}

// waitACLs waits until the broker's authorizer lists every ACL in want. A
// real Kafka answers CreateACLs once the controller has the records, and
// its broker applies them a moment later: a client that connects at once
// could still be refused.
func waitACLs(ctx context.Context, cl *kgo.Client, want []kmsg.CreateACLsRequestCreation) error {
	type key struct {
		principal, name string
		resource        kmsg.ACLResourceType
		pattern         kmsg.ACLResourcePatternType
		op              kmsg.ACLOperation
	}
	retry := time.NewTicker(20 * time.Millisecond)
	defer retry.Stop()
	for {
		req := kmsg.NewPtrDescribeACLsRequest()
		req.ResourceType = kmsg.ACLResourceTypeAny
		req.ResourcePatternType = kmsg.ACLResourcePatternTypeAny
		req.Operation = kmsg.ACLOperationAny
		req.PermissionType = kmsg.ACLPermissionTypeAny
		resp, err := req.RequestWith(ctx, cl)
		if err == nil {
			err = kerr.ErrorForCode(resp.ErrorCode)
		}
		if err != nil {
			return fmt.Errorf("describe ACLs: %w", err)
		}
		seen := map[key]bool{}
		for _, r := range resp.Resources {
			for _, a := range r.ACLs {
				seen[key{a.Principal, r.ResourceName, r.ResourceType, r.ResourcePatternType, a.Operation}] = true
			}
		}
		missing := 0
		for _, c := range want {
			if !seen[key{c.Principal, c.ResourceName, c.ResourceType, c.ResourcePatternType, c.Operation}] {
				missing++
			}
		}
		if missing == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waited for the broker to apply the classroom's ACLs: %d of %d still not listed when %w", missing, len(want), ctx.Err())
		case <-retry.C:
		}
	}
}

// Reset brings a cluster set up by Setup back to a clean classroom: the team
// groups are deleted and p's topics are deleted and created again, so that
// every offset starts at 0 and no committed offset survives. ACLs are kept.
// Programs under test must have stopped first: a group with members cannot be
// deleted.
func Reset(ctx context.Context, cl *kgo.Client, p Profile) error {
	adm := kadm.NewClient(cl) // not closed: it would close cl
	groups := append(TeamNames(), LeaderboardUser)
	if p.TeamAdmin {
		groups = append(groups, TeamAdminUser)
	}
	if err := deleteGroups(ctx, adm, groups); err != nil {
		return err
	}
	names := p.TopicNames()
	dresps, err := adm.DeleteTopics(ctx, names...)
	if err != nil {
		return fmt.Errorf("reset: delete topics: %w", err)
	}
	for _, r := range dresps.Sorted() {
		if r.Err != nil && !errors.Is(r.Err, kerr.UnknownTopicOrPartition) {
			return fmt.Errorf("reset: delete topic %q: %w", r.Topic, r.Err)
		}
	}
	return createTopics(ctx, cl, p, false)
}

// deleteGroups deletes groups, those that do not exist included. A real
// broker on which no group ever existed has no offsets topic yet and
// answers COORDINATOR_NOT_AVAILABLE: its FindCoordinator creates that
// topic, so the deletion is tried again until the coordinator answers or
// ctx ends.
func deleteGroups(ctx context.Context, adm *kadm.Client, groups []string) error {
	retry := time.NewTicker(50 * time.Millisecond)
	defer retry.Stop()
	for {
		resps, err := adm.DeleteGroups(ctx, groups...)
		var again []string
		last := err
		switch {
		case coordinatorBusy(err):
			again = groups // the request found no coordinator at all
		case err != nil:
			return fmt.Errorf("reset: delete groups: %w", err)
		}
		for _, r := range resps.Sorted() {
			switch {
			case r.Err == nil, errors.Is(r.Err, kerr.GroupIDNotFound):
			case coordinatorBusy(r.Err):
				again, last = append(again, r.Group), r.Err
			default:
				return fmt.Errorf("reset: delete group %q: %w", r.Group, r.Err)
			}
		}
		if len(again) == 0 {
			return nil
		}
		groups = again
		select {
		case <-ctx.Done():
			return fmt.Errorf("reset: waited to delete group %q: still %v when %w", groups[0], last, ctx.Err())
		case <-retry.C:
		}
	}
}

// coordinatorBusy reports whether err says the group coordinator is not
// there yet, which a later try can find.
func coordinatorBusy(err error) bool {
	return errors.Is(err, kerr.CoordinatorNotAvailable) || errors.Is(err, kerr.CoordinatorLoadInProgress) || errors.Is(err, kerr.NotCoordinator)
}

// createTopics creates p's topics in one request, then again those that
// already existed. With keep, an existing topic is fine; without, it is
// taken for one a real broker is still deleting (deletion is asynchronous
// there) and its creation is retried until ctx ends.
func createTopics(ctx context.Context, cl *kgo.Client, p Profile, keep bool) error {
	retry := time.NewTicker(50 * time.Millisecond)
	defer retry.Stop()
	todo := p.Topics
	for {
		req := kmsg.NewPtrCreateTopicsRequest()
		for _, t := range todo {
			rt := kmsg.NewCreateTopicsRequestTopic()
			rt.Topic, rt.NumPartitions, rt.ReplicationFactor = t.Name, t.Partitions, 1
			for k, v := range t.Configs {
				c := kmsg.NewCreateTopicsRequestTopicConfig()
				c.Name, c.Value = k, kmsg.StringPtr(v)
				rt.Configs = append(rt.Configs, c)
			}
			req.Topics = append(req.Topics, rt)
		}
		resp, err := req.RequestWith(ctx, cl)
		if err != nil {
			return fmt.Errorf("create topics: %w", err)
		}
		var again []Topic
		for i, r := range resp.Topics {
			err := kerr.ErrorForCode(r.ErrorCode)
			switch {
			case err == nil, keep && errors.Is(err, kerr.TopicAlreadyExists):
			case errors.Is(err, kerr.TopicAlreadyExists):
				again = append(again, todo[i])
			default:
				return fmt.Errorf("create topic %q: %w", r.Topic, err)
			}
		}
		if len(again) == 0 {
			return waitTopics(ctx, cl, p)
		}
		todo = again
		select {
		case <-ctx.Done():
			return fmt.Errorf("create topic %q: still being deleted when %w", todo[0].Name, ctx.Err())
		case <-retry.C:
		}
	}
}

// waitTopics waits until the broker serves every partition of p's topics.
// A real Kafka answers CreateTopics once the controller has the topic, and
// its broker hosts the partitions a moment later: a ListOffsets sent at
// once can get UNKNOWN_TOPIC_OR_PARTITION.
func waitTopics(ctx context.Context, cl *kgo.Client, p Profile) error {
	adm := kadm.NewClient(cl) // not closed: it would close cl
	names := p.TopicNames()
	retry := time.NewTicker(20 * time.Millisecond)
	defer retry.Stop()
	for {
		listed, err := adm.ListEndOffsets(ctx, names...)
		if err == nil {
			err = listed.Error()
		}
		if err == nil {
			served := 0
			listed.Each(func(kadm.ListedOffset) { served++ })
			want := 0
			for _, t := range p.Topics {
				want += int(t.Partitions)
			}
			if served == want {
				return nil
			}
			err = fmt.Errorf("%d of %d partitions listed", served, want)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waited for the broker to serve topics %v: %v when %w", names, err, ctx.Err())
		case <-retry.C:
		}
	}
}

package classroom

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
)

// Setup creates p's topics and the classroom's ACLs through adm, which must
// be authenticated as the admin. Topics that already exist are kept.
func Setup(ctx context.Context, adm *kadm.Client, p Profile) error {
	if err := createTopics(ctx, adm, p, true); err != nil {
		return err
	}
	// One request per ACL, all in flight at once: sixty round trips one
	// after the other would be most of an embedded broker's start-up.
	acls := ACLs()
	errs := make([]error, len(acls))
	var wg sync.WaitGroup
	for i, a := range acls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results, err := adm.CreateACLs(ctx, a.builder())
			if err == nil {
				for _, r := range results {
					err = cmp.Or(err, r.Err)
				}
			}
			if err != nil {
				errs[i] = fmt.Errorf("create ACL for %s on %s %q: %w", a.Principal, a.Resource, a.Name, err)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return nil
}

// Reset brings a cluster set up by Setup back to a clean classroom: the team
// groups are deleted and p's topics are deleted and created again, so that
// every offset starts at 0 and no committed offset survives. ACLs are kept.
// Programs under test must have stopped first: a group with members cannot be
// deleted.
func Reset(ctx context.Context, adm *kadm.Client, p Profile) error {
	groups := append(TeamNames(), LeaderboardUser)
	resps, err := adm.DeleteGroups(ctx, groups...)
	if err != nil {
		return fmt.Errorf("reset: delete groups: %w", err)
	}
	for _, r := range resps.Sorted() {
		if r.Err != nil && !errors.Is(r.Err, kerr.GroupIDNotFound) {
			return fmt.Errorf("reset: delete group %q: %w", r.Group, r.Err)
		}
	}
	names := make([]string, len(p.Topics))
	for i, t := range p.Topics {
		names[i] = t.Name
	}
	dresps, err := adm.DeleteTopics(ctx, names...)
	if err != nil {
		return fmt.Errorf("reset: delete topics: %w", err)
	}
	for _, r := range dresps.Sorted() {
		if r.Err != nil && !errors.Is(r.Err, kerr.UnknownTopicOrPartition) {
			return fmt.Errorf("reset: delete topic %q: %w", r.Topic, r.Err)
		}
	}
	return createTopics(ctx, adm, p, false)
}

// createTopics creates p's topics. An existing topic is kept when keep is
// set; otherwise it is taken for one a real broker is still deleting (deletion
// is asynchronous there) and creation is retried until ctx ends.
func createTopics(ctx context.Context, adm *kadm.Client, p Profile, keep bool) error {
	retry := time.NewTicker(50 * time.Millisecond)
	defer retry.Stop()
	for _, t := range p.Topics {
		configs := make(map[string]*string, len(t.Configs))
		for k, v := range t.Configs {
			configs[k] = &v
		}
		for {
			resp, err := adm.CreateTopic(ctx, t.Partitions, 1, configs, t.Name)
			if err == nil {
				err = resp.Err
			}
			if err == nil {
				break
			}
			if !errors.Is(err, kerr.TopicAlreadyExists) {
				return fmt.Errorf("create topic %q: %w", t.Name, err)
			}
			if keep {
				if ok, derr := sameTopic(ctx, adm, t); derr == nil && ok {
					break // exists as it should; a second Setup is harmless
				}
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("create topic %q: still being deleted when %w", t.Name, ctx.Err())
			case <-retry.C:
			}
		}
	}
	return nil
}

// sameTopic reports whether t exists with its partition count, that is, is
// not a topic still marked for deletion.
func sameTopic(ctx context.Context, adm *kadm.Client, t Topic) (bool, error) {
	md, err := adm.Metadata(ctx, t.Name)
	if err != nil {
		return false, err
	}
	td, ok := md.Topics[t.Name]
	return ok && td.Err == nil && int32(len(td.Partitions)) == t.Partitions, nil
}

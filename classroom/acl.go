package classroom

import (
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// ACL is one allow rule of the classroom: Principal may do Operations on
// the resource.
type ACL struct {
	Principal  string // "User:team-3"
	Resource   kmsg.ACLResourceType
	Name       string
	Prefixed   bool // the name is a prefix, not a literal
	Operations []kadm.ACLOperation
}

// ACLs returns p's ACLs as the edition's setup script creates them: each
// team may Read+Describe new_users, Write+Describe actions and the step-5
// topic, and Read+Describe the group named exactly like the team; the
// leaderboard reads actions and the step-5 topic, reads and writes
// scorer_state, and uses groups prefixed "leaderboard". In 2026-01 the
// leaderboard also reads new_users and the groups prefixed "team-", and
// team-admin has a team's ACLs. Everything else is denied, since the
// cluster runs with allow.everyone.if.no.acl.found=false.
func (p Profile) ACLs() []ACL {
	var (
		topic = kmsg.ACLResourceTypeTopic
		group = kmsg.ACLResourceTypeGroup
		read  = []kadm.ACLOperation{kadm.OpRead, kadm.OpDescribe}
		write = []kadm.ACLOperation{kadm.OpWrite, kadm.OpDescribe}
		rw    = []kadm.ACLOperation{kadm.OpRead, kadm.OpWrite, kadm.OpDescribe}
	)
	var acls []ACL
	teams := TeamNames()
	if p.TeamAdmin {
		teams = append(teams, TeamAdminUser)
	}
	for _, team := range teams {
		u := "User:" + team
		acls = append(acls,
			ACL{Principal: u, Resource: topic, Name: NewUsers, Operations: read},
			ACL{Principal: u, Resource: topic, Name: Actions, Operations: write},
			ACL{Principal: u, Resource: topic, Name: p.Step5.Topic, Operations: write},
			ACL{Principal: u, Resource: group, Name: team, Operations: read},
		)
	}
	lb := "User:" + LeaderboardUser
	acls = append(acls,
		ACL{Principal: lb, Resource: topic, Name: ScorerState, Operations: rw},
		ACL{Principal: lb, Resource: topic, Name: Actions, Operations: read},
		ACL{Principal: lb, Resource: topic, Name: p.Step5.Topic, Operations: read},
		ACL{Principal: lb, Resource: group, Name: LeaderboardUser, Prefixed: true, Operations: read},
	)
	if p.LeaderboardWatchesTeams {
		acls = append(acls,
			ACL{Principal: lb, Resource: topic, Name: NewUsers, Operations: read},
			ACL{Principal: lb, Resource: group, Name: "team-", Prefixed: true, Operations: read},
		)
	}
	return acls
}

// creations returns the CreateACLs entries of a, one per operation.
func (a ACL) creations() []kmsg.CreateACLsRequestCreation {
	var out []kmsg.CreateACLsRequestCreation
	for _, op := range a.Operations {
		c := kmsg.NewCreateACLsRequestCreation()
		c.ResourceType, c.ResourceName = a.Resource, a.Name
		c.ResourcePatternType = kmsg.ACLResourcePatternTypeLiteral
		if a.Prefixed {
			c.ResourcePatternType = kmsg.ACLResourcePatternTypePrefixed
		}
		c.Principal, c.Host = a.Principal, "*"
		c.Operation = kmsg.ACLOperation(op)
		c.PermissionType = kmsg.ACLPermissionTypeAllow
		out = append(out, c)
	}
	return out
}

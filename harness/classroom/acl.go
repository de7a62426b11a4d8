package classroom

import "github.com/twmb/franz-go/pkg/kadm"

// ACLs returns the classroom's ACLs as setup-kafka.sh creates them: each team
// may Read+Describe new_users, Write+Describe actions and watchlist, and
// Read+Describe the group named exactly like the team; the leaderboard reads
// actions and watchlist, reads and writes scorer_state, and uses groups
// prefixed "leaderboard". Everything else is denied, since the cluster runs
// with allow.everyone.if.no.acl.found=false.
func ACLs() []*kadm.ACLBuilder {
	var acls []*kadm.ACLBuilder
	lit := kadm.ACLPatternLiteral
	for _, team := range TeamNames() {
		p := "User:" + team
		acls = append(acls,
			kadm.NewACLs().Allow(p).AllowHosts().Topics(NewUsers).Operations(kadm.OpRead, kadm.OpDescribe).ResourcePatternType(lit),
			kadm.NewACLs().Allow(p).AllowHosts().Topics(Actions, Watchlist).Operations(kadm.OpWrite, kadm.OpDescribe).ResourcePatternType(lit),
			kadm.NewACLs().Allow(p).AllowHosts().Groups(team).Operations(kadm.OpRead, kadm.OpDescribe).ResourcePatternType(lit),
		)
	}
	lb := "User:" + LeaderboardUser
	return append(acls,
		kadm.NewACLs().Allow(lb).AllowHosts().Topics(ScorerState).Operations(kadm.OpRead, kadm.OpWrite, kadm.OpDescribe).ResourcePatternType(lit),
		kadm.NewACLs().Allow(lb).AllowHosts().Topics(Actions, Watchlist).Operations(kadm.OpRead, kadm.OpDescribe).ResourcePatternType(lit),
		kadm.NewACLs().Allow(lb).AllowHosts().Groups(LeaderboardUser).Operations(kadm.OpRead, kadm.OpDescribe).ResourcePatternType(kadm.ACLPatternPrefixed),
	)
}

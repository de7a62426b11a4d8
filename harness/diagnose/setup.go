package diagnose

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/tap"
	"github.com/kafkacheck/kafkacheck/internal/textdist"
)

// neverConnected: no connection from the program in some scenario, while
// the program did start.
func neverConnected(in Input) string {
	for _, r := range in.Runs {
		if r.Evidence.Connections > 0 || (r.Exit != nil && r.Exit.Err != nil) {
			continue
		}
		return fmt.Sprintf("Your program never connected to the broker at %s. "+
			"Does it read the address from BOOTSTRAP_SERVERS (or use bootstrap_servers=%q)? "+
			"A program that still points at the classroom's address, or at localhost:9093, never reaches this broker.",
			in.Bootstrap, in.Bootstrap)
	}
	return ""
}

// authFailed: a refused SASL authentication, or connections that never
// tried one.
func authFailed(in Input) string {
	var msgs []string
	seen := map[string]bool{}
	plaintext := false
	for _, r := range in.Runs {
		for _, a := range r.Evidence.Auth {
			if a.OK || seen[a.User] || in.otherMechanism(a) {
				continue
			}
			seen[a.User] = true
			msgs = append(msgs, fmt.Sprintf("The broker refused the login of user %q (%s). %s",
				a.User, a.Reason, userHint(in.Team, a.User)))
		}
		if r.Evidence.Unauthenticated > 0 && !r.Evidence.Authenticated() {
			plaintext = true
		}
	}
	if plaintext {
		msgs = append(msgs, fmt.Sprintf("Your program connected without logging in. The classroom requires "+
			"security_protocol=\"SASL_PLAINTEXT\", sasl_mechanism=%q, sasl_plain_username=%q and "+
			"sasl_plain_password=%q (SECURITY_PROTOCOL, SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD).",
			cmp.Or(in.Mechanism, classroom.Plain), in.Team, classroom.TeamPassword(in.Team)))
	}
	return strings.Join(msgs, "\n")
}

// otherMechanism reports whether a asked for a mechanism the broker does
// not serve: the user name and password were never checked.
func (in Input) otherMechanism(a saslfront.AuthEvent) bool {
	return in.Mechanism != "" && a.Mechanism != "" && a.Mechanism != in.Mechanism
}

// wrongMechanism: a login with a SASL mechanism the classroom does not use.
func wrongMechanism(in Input) string {
	for _, r := range in.Runs {
		for _, a := range r.Evidence.Auth {
			if a.OK || !in.otherMechanism(a) {
				continue
			}
			msg := fmt.Sprintf("Your program logs in with the SASL mechanism %s, but this classroom's broker uses %s, "+
				"so it refused the login before looking at the user name or password. Set sasl_mechanism=%q "+
				"(SASL_MECHANISM) as the classroom does.", a.Mechanism, in.Mechanism, in.Mechanism)
			for _, p := range classroom.Editions() {
				if p.Mechanism == a.Mechanism {
					return msg + fmt.Sprintf(" If you follow the %s edition of the tutorial, which uses %s, "+
						"check the program with kafkacheck's --edition %s instead.", p.Edition, p.Mechanism, p.Edition)
				}
			}
			return msg + fmt.Sprintf(" If your classroom uses %s, check the program with kafkacheck's --mechanism %s instead.",
				a.Mechanism, a.Mechanism)
		}
	}
	return ""
}

// userHint explains what is wrong with the user name tried.
func userHint(team, user string) string {
	pass := fmt.Sprintf("the password of %s is %q (SASL_PASSWORD)", team, classroom.TeamPassword(team))
	switch {
	case user == team:
		return fmt.Sprintf("The user name is right, so the password is wrong: %s.", pass)
	case user == "":
		return fmt.Sprintf("No user name was sent: set sasl_plain_username=%q (SASL_USERNAME); %s.", team, pass)
	case classroom.IsTeam(user):
		return fmt.Sprintf("That is another team's user: this run is for %s, so log in as %q (SASL_USERNAME); %s.", team, team, pass)
	case isUser(user):
		return fmt.Sprintf("The user %q exists but is not yours: log in as %q (SASL_USERNAME); %s.", user, team, pass)
	case normalize(user) == normalize(team):
		return fmt.Sprintf("There is no user %q: user names are lower case with a dash, %q (SASL_USERNAME); %s.", user, team, pass)
	}
	return fmt.Sprintf("There is no user %q in the classroom: your user name is your team's name, %q (SASL_USERNAME), lower case; %s.", user, team, pass)
}

// isUser reports whether name is a user of some edition's classroom.
func isUser(name string) bool {
	for _, p := range classroom.Editions() {
		for _, u := range p.Users() {
			if u.Name == name {
				return true
			}
		}
	}
	return false
}

// normalize folds the spellings students use for a team: "Team-3",
// "team3", "team_3", "Team 3".
func normalize(s string) string {
	return strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(strings.TrimSpace(s)))
}

// aclDenied: each resource the ACLs refused, with what to use instead.
func aclDenied(in Input) string {
	var entries []string
	seen := map[tap.Denial]bool{}
	for _, r := range in.Runs {
		for _, d := range r.Evidence.Denials {
			d.Request = ""
			if seen[d] {
				continue
			}
			seen[d] = true
			entries = append(entries, denialHint(in.Team, d))
		}
	}
	if len(entries) == 0 {
		return ""
	}
	return "The classroom's ACLs refused requests of your program:" + list(entries)
}

func denialHint(team string, d tap.Denial) string {
	switch d.Resource {
	case "group":
		if d.Name == team {
			return fmt.Sprintf("group %q was refused although it is yours: is the program logged in as %q?", d.Name, team)
		}
		return fmt.Sprintf("group %q is not yours: %s may only use the consumer group named exactly %q. Set group_id=%q.", d.Name, team, team, team)
	case "topic":
		switch d.Name {
		case classroom.NewUsers:
			return fmt.Sprintf("topic %q: teams may only read it (consume); write your actions to %q.", d.Name, classroom.Actions)
		case classroom.Actions, classroom.Watchlist:
			return fmt.Sprintf("topic %q: teams may only write to it (produce); read users from %q.", d.Name, classroom.NewUsers)
		}
		if near := nearestTopic(d.Name); near != "" {
			return fmt.Sprintf("topic %q does not exist for you: did you mean %q? The topics are %s (read) and %s, %s (write).",
				d.Name, near, classroom.NewUsers, classroom.Actions, classroom.Watchlist)
		}
		return fmt.Sprintf("topic %q is not one of the classroom's: read %s, write %s and %s.",
			d.Name, classroom.NewUsers, classroom.Actions, classroom.Watchlist)
	case "transactional id":
		return fmt.Sprintf("transactional id %q: the classroom does not allow transactions; remove transactional_id.", d.Name)
	}
	return "a cluster-wide request was refused: teams may only read new_users, write actions and watchlist, and use their group."
}

// nearestTopic returns the classroom topic closest to name, if close.
func nearestTopic(name string) string {
	best, bestD := "", 4
	for _, t := range []string{classroom.NewUsers, classroom.Actions, classroom.Watchlist} {
		if d := textdist.Distance(strings.ToLower(name), t); d < bestD {
			best, bestD = t, d
		}
	}
	return best
}

// noConsumerGroup: logged in, nothing refused, and yet never joined.
func noConsumerGroup(in Input) string {
	for _, r := range in.Runs {
		ev := r.Evidence
		if !ev.Authenticated() || len(ev.Joined) > 0 || len(ev.Denials) > 0 {
			continue
		}
		consumer := fmt.Sprintf("KafkaConsumer(%q, group_id=%q, ...)", classroom.NewUsers, in.Team)
		// What the classroom's leaderboard makes of it.
		scored := "The broker shows no member in group " + strconv.Quote(in.Team) + ", so the leaderboard never gives the team Connected"
		if !in.GroupChecked {
			scored = "This edition's leaderboard does not look at groups, so steps 1 to 3 score anyway, but step 1 asks for the consumer in group " + strconv.Quote(in.Team)
		}
		if len(ev.Groups) > 0 && len(ev.AskedToJoin) == 0 {
			// Offsets fetched or committed in a group never asked to
			// join: the consumer picked its partitions itself.
			return fmt.Sprintf("Your program logged in as %q and keeps its offsets in group %s, but never asked the broker to join "+
				"a consumer group: its consumer picks its partitions itself, as consumer.assign(...) does. %s, and at step 4 "+
				"every copy of the program would read every partition. "+
				"Remove consumer.assign(...) and subscribe instead: %s.",
				in.Team, quoteAll(ev.Groups), scored, consumer)
		}
		named := ""
		if len(ev.Groups) > 0 {
			named = fmt.Sprintf(" It named the group(s) %s but never completed a join.", quoteAll(ev.Groups))
		}
		return fmt.Sprintf("Your program logged in as %q but never joined a consumer group on %s, so nothing it reads is "+
			"committed. %s.%s Create the consumer with group_id=%q, subscribed to %q: %s.",
			in.Team, classroom.NewUsers, scored, named, in.Team, classroom.NewUsers, consumer)
	}
	return ""
}

// clientIDMismatch: a member of a group joined with another client id.
func clientIDMismatch(in Input) string {
	var ids []string
	seen := map[string]bool{}
	for _, r := range in.Runs {
		for _, m := range r.Evidence.Joined {
			if m.ClientID != in.Team && !seen[m.ClientID] {
				seen[m.ClientID] = true
				ids = append(ids, m.ClientID)
			}
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return fmt.Sprintf("Your consumer joined with client id %s, not %q. The tutorial asks for client_id=%q so the classroom "+
		"can tell the teams' connections apart (this alone does not fail the run).", quoteAll(ids), in.Team, in.Team)
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// Package diagnose explains, in words for beginners, why a student's
// program failed a kafkacheck run: it collects evidence from the embedded
// broker while the program runs (Collector) and turns the evidence, the
// scenarios' results and the program's exits into diagnoses (Diagnose).
//
// The diagnosis codes are a contract, printed in kafkacheck run's JSON
// report; each is detected from evidence, never guessed:
//
//	never_connected     no connection from the program reached the broker
//	auth_failed         a SASL authentication failed, or none was tried
//	acl_denied          the classroom's ACLs refused a request
//	no_consumer_group   the program logged in but never joined a group
//	client_id_mismatch  the consumer's client id is not the team name
//	program_exited      the program ended before the scenario did
//	invalid_json        an action the leaderboard marks ❌
//	missing_fields      an action the leaderboard marks ❓
//	missing_actions     expected actions that never arrived
//	unexpected_actions  valid actions no expected action accounts for
//	duplicate_actions   an expected action sent more than once
//	timeout             a scenario did not settle before its deadline
//
// Setup problems (never_connected, auth_failed, acl_denied,
// no_consumer_group) explain why actions are missing and why a scenario
// timed out, so missing_actions and timeout are not reported with them:
// the student fixes the cause first. client_id_mismatch is advisory: the
// tutorial asks for it, the leaderboard does not check it, and it alone
// does not fail a run.
package diagnose

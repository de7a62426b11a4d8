// Package diagnose explains, in words for beginners, why a student's
// program failed a kafkacheck run. It is a pure function, Diagnose, from
// what was seen to diagnoses: the evidence the broker's connection tap
// gathered (package harness/broker/embedded/tap), the scenarios' results
// and the program's exits.
//
// The diagnosis codes are a contract, printed in kafkacheck run's JSON
// report; each is detected from evidence, never guessed:
//
//	never_connected     no connection from the program reached the broker
//	auth_failed         a SASL authentication failed, or none was tried
//	wrong_mechanism     the program asked for a SASL mechanism the broker does not use
//	acl_denied          the classroom's ACLs refused a request
//	no_consumer_group   the program logged in but never joined a group
//	client_id_mismatch  the consumer's client id is not the team name
//	not_consuming       the program's consumers never had a position on every partition
//	program_exited      the program ended before the scenario did
//	ignored_sigint      the program did not stop on Ctrl-C and was killed
//	left_processes      the program left processes running, which were killed
//	invalid_json        an action the leaderboard marks ❌
//	missing_fields      an action the leaderboard marks ❓
//	missing_actions     expected actions that never arrived
//	unexpected_actions  valid actions no expected action accounts for
//	duplicate_actions   an expected action sent more than once
//	flood               far more actions than expected: the scenario was ended early
//	timeout             a scenario did not settle before its deadline
//
// Setup problems (never_connected, auth_failed, wrong_mechanism,
// acl_denied, no_consumer_group, not_consuming) explain why actions are
// missing and why a scenario timed out, so missing_actions and timeout are
// not reported with them: the student fixes the cause first. A program
// that stopped before it ever connected is program_exited first: its
// output says why. client_id_mismatch, ignored_sigint and left_processes
// are advisory: they alone do not fail a run. So is no_consumer_group in
// an edition whose leaderboard does not look at groups (349bd19): such a
// program scores at steps 1 to 3 there, and is told what step 1 asks and
// what step 4 would show.
package diagnose

/*
Kafkacheck checks Kafka tutorial programs end to end: it starts a classroom
Kafka cluster, replays scenario files of users into new_users, runs each
team's program, captures every message on actions, and judges each one as
the classroom leaderboard does (✅ valid, ❌ invalid JSON, ❓ missing fields)
and against the actions the scenario expects.

Usage:

	kafkacheck                     run the built-in suite against the Go
	                               reference client on an embedded broker
	kafkacheck suite [flags]       run scenarios against the reference client
	kafkacheck client [flags]      run the reference client against a cluster
	kafkacheck run [flags] -- COMMAND [ARGS...]
	                               check your own program, in any language
	kafkacheck serve [flags]       run a classroom cluster with a producer and
	                               a live leaderboard
	kafkacheck help                print this text

Flags of suite:

	--scenarios PATH   a scenario file, or a directory of them (default: the
	                   built-in suite)
	--team team-N      run only the scenarios that list team-N, narrowed to it
	--format text|json text for people (default); json for programs
	--backend NAME     kfake (default: in memory, on loopback), container
	                   (a real Apache Kafka through testcontainers-go) or
	                   external (a cluster you name)
	--parallel N       scenarios run at once on kfake (default 4)
	--kafka-image IMG  the container's image (default $KAFKACHECK_KAFKA_IMAGE,
	                   else apache/kafka:3.9.1)
	--bootstrap H:P    the external cluster's seed brokers
	--user NAME        its admin user (default admin)
	--password-env VAR the variable holding its password (default
	                   $KAFKACHECK_SASL_PASSWORD); never printed
	--security-protocol, --mechanism
	                   its listener (default SASL_PLAINTEXT, PLAIN)
	--allow-write      let kafkacheck create missing topics and ACLs there,
	                   and reset between scenarios what it created; without
	                   it, only the scenarios' events are written

Flags of client (defaults read from BOOTSTRAP_SERVERS, SECURITY_PROTOCOL,
SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD and TEAM_NAME):

	--team team-N          the team whose rule to apply (required)
	--bootstrap HOST:PORT  seed brokers, comma-separated (default 127.0.0.1:9092)
	--security-protocol P  SASL_PLAINTEXT (default) or PLAINTEXT
	--mechanism M          PLAIN (default), SCRAM-SHA-256 or SCRAM-SHA-512
	--user NAME            default: the team name
	--password-env VAR     read the password from environment variable VAR
	                       (default: SASL_PASSWORD, else team-N-secret)

Flags of run (COMMAND is your program, e.g. python3 consumer.py):

	--team team-N        your team (required)
	--scenarios PATH     a scenario file or directory (default: the built-in
	                     suite, the scenarios that list your team)
	--listen HOST:PORT   where the kfake broker listens, on loopback only
	                     (default 127.0.0.1:9092; 127.0.0.1:0 picks a free port)
	--format text|json   text for people (default); json for programs
	--timeout D          how long a scenario may take (default 30s)
	--grace D            how long your program has to stop after Ctrl-C
	                     (SIGINT) before it is killed (default 3s)
	--strict             edge-tier scenarios count too (default: their
	                     failures are advice, see below)
	--tier T             run only the classroom-tier or the edge-tier
	                     scenarios (default all)
	--mechanism M        the SASL mechanism the broker accepts: PLAIN (default,
	                     the 349bd19 classroom), SCRAM-SHA-256 (the 2026-01
	                     edition) or SCRAM-SHA-512; kfake only
	--backend NAME       kfake (default: in memory) or container (a real
	                     Apache Kafka, on a port of its own that run prints
	                     and passes in BOOTSTRAP_SERVERS)
	--kafka-image IMG    as for suite
	--plaintext          a broker without SASL: SECURITY_PROTOCOL=PLAINTEXT
	                     and no SASL_* variables (default: SASL_PLAINTEXT);
	                     kfake only, the classroom's real broker has none

run starts the classroom cluster, prints the address and credentials, then
starts COMMAND once with BOOTSTRAP_SERVERS, SECURITY_PROTOCOL
(SASL_PLAINTEXT), SASL_MECHANISM (PLAIN), SASL_USERNAME (your team),
SASL_PASSWORD (team-N-secret) and TEAM_NAME in its environment. As in
class, the one run of your program serves the scenarios one after another:
each scenario's users are replayed into new_users once your consumer has
its position on every partition (so a consumer that starts at the end, as
kafka-python's default auto_offset_reset="latest" does, gets them all),
and run shows live what your program does (connected, group joined, events
fetched, each action with its verdict), then the diff. A scenario is over
when your consumer has fetched every event and your program then stays
idle for 100 ms (no action, next to no CPU, no thread asleep), or when your
group has committed every event. If your program stops, it is started
again on a fresh broker for the scenarios left. At the end it is stopped
with SIGINT.

Scenarios come in two tiers. Classroom-tier scenarios send only users the
tutorial's producer could send; your program passes when it passes those.
Edge-tier ones send what the classroom never sends (malformed JSON, wrong
types, words outside the producer's vocabulary, unicode tricks): their
failures are printed as advice, with exit status 0, unless --strict. The
report shows each scenario's tier.

Last, run says what went wrong and what to try, each with a code
(never_connected, auth_failed, wrong_mechanism, acl_denied,
no_consumer_group, client_id_mismatch, not_consuming, program_exited,
ignored_sigint, left_processes, invalid_json, missing_fields,
missing_actions, unexpected_actions, duplicate_actions, flood, timeout;
see package harness/diagnose). Everything your program starts ends with
the check: what it left running is killed and named. On --backend
container, kafkacheck cannot watch the broker's connections: readiness is
shown by your group committing past probe users (the neutral user,
replayed until it shows), a scenario ends on your group's commits, and only
the diagnoses from the program's actions and exit are made
(program_exited, not_consuming, invalid_json, missing_fields,
missing_actions, unexpected_actions, duplicate_actions, timeout); the
report says so once. After a problem that any scenario would repeat
(cannot connect, log in, join, consume, or a timeout), the other scenarios
are skipped. With --format json, stdout is one object {"passed", "team",
"diagnostics": [{"code", "message", "advice"}], "scenarios": [as in
suite], "skipped", and on --backend container "note"}, and the live lines
go to stderr.

Flags of serve:

	--listen HOST:PORT   as for run (default 127.0.0.1:9092)
	--rate N/s           users produced per second, or N/m per minute
	                     (default 2/s)
	--seed S             the producer's seed (default 1): same seed, same users
	--duration D         stop after D (default: run until Ctrl-C)
	--mechanism M        as for run (default PLAIN)

serve keeps producing users like the tutorial's producer and shows a live
leaderboard: per team 1️⃣ connected, 3️⃣ first valid action, 4️⃣ two or more
consumers, 5️⃣ watchlist record, the counts of ✅ ❌ ❓, and how many valid
actions the team's rule asks for (right) or not (wrong). Each record counts
for the team that wrote it, by the user it logged in as, not by its team
field: an action whose team field is another name counts as its writer's
mismatch (and as wrong), never for the team it names, and unlocks nothing.
A record whose writer is not known (written as admin, or with acks=0)
counts for its team field, as on the tutorial's leaderboard. On a terminal
the table is redrawn in place; piped, each achievement and each team's
first mismatch is one line.

Exit status: 0 when every scenario passed, 1 when one failed, 2 for a usage
error, a bad scenario file, or a port already in use.

The scenario file format is documented in package scenarios and in README.md.
*/
package main

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
	kafkacheck run [flags] -- COMMAND [ARGS...]
	                               check your own program, in any language
	kafkacheck client [flags]      run the reference client against a cluster
	kafkacheck serve [flags]       run a classroom cluster with a producer and
	                               a live leaderboard
	kafkacheck scenarios           list the built-in scenarios, or show one
	kafkacheck help [scenarios]    print this text, or the scenario file format

Each command's -h or --help prints its part of this text, its flags
included.

Exit status: 0 when every scenario passed, 1 when one failed, 2 for a usage
error, a bad scenario file, or a port already in use. With --format json,
suite and run also print an exit 2 as one object on stdout: {"error":
{"code", "message", "file", "line"}}, code one of usage, scenario_file,
unknown_scenario, port_in_use or cannot_reset, file and line null unless a
scenario file is at fault.

# kafkacheck suite [flags]

suite runs scenarios (by default the built-in suite) against the Go
reference client, on a fresh embedded broker per scenario, or on a real
Kafka (--backend container or external), and prints one line per scenario,
a per-team table and a summary.

Built-in scenarios are selected by name with --scenario: a scenario's name
or its file's name, with or without .yaml, compared without regard to case,
as a glob (path.Match: * ? [...]); --scenario 'team-05*' selects both of
team-5's files. kafkacheck scenarios lists them.

# kafkacheck run [flags] -- COMMAND [ARGS...]

run checks your own program, in any language: COMMAND is your program,
e.g. python3 consumer.py. It starts the classroom cluster, prints the
address and credentials, then starts COMMAND once with BOOTSTRAP_SERVERS,
SECURITY_PROTOCOL (SASL_PLAINTEXT), SASL_MECHANISM (the edition's: PLAIN,
or SCRAM-SHA-256 with --edition 2026-01), SASL_USERNAME (your team),
SASL_PASSWORD (team-N-secret) and TEAM_NAME in its environment. As in
class, the one run of your program serves the scenarios that list your
team (or those --scenario selects), one after another: each scenario's
users are replayed into new_users once your consumer has its position on
every partition (so a consumer that starts at the end, as kafka-python's
default auto_offset_reset="latest" does, gets them all), and run shows
live what your program does (connected, group joined, events fetched, each
action with its verdict), then the diff. A scenario is over when your
consumer has fetched every event and your program then stays idle for 100
ms (no action, next to no CPU, no thread asleep), or when your group has
committed every event. If your program stops, it is started again on a
fresh broker for the scenarios left. At the end it is stopped with SIGINT.

Scenarios come in two tiers. Classroom-tier scenarios send only users the
tutorial's producer could send; your program passes when it passes those.
Edge-tier ones send what the classroom never sends (malformed JSON, wrong
types, words outside the producer's vocabulary, unicode tricks): their
failures are printed as advice, with exit status 0, unless --strict. The
report shows each scenario's tier.

With --step 4 (scale-up, docs/step-4.md), run starts --instances copies of
COMMAND (2 by default) one after another in your team's group, and shows
each one's partitions as the broker assigns them (DescribeGroups). On the
team's classroom-tier scenario with the most users (the producer's corpus;
--scenario picks another) it sends half the users, stops one instance
that holds partitions, sends the rest, and waits until the others hold
every partition. --stop kill (the default) sends SIGKILL, an instance
failure: no last commit, no leaving the group, and the broker hands its
partitions over after its session timeout, 45 s by default, so the check
takes about a minute; --stop interrupt sends SIGINT, as Ctrl-C, and a
program that then closes its consumer leaves the group at once. It passes when every expected action
arrived and every duplicate is about a user of a partition that changed
owner, which the killed instance had handled but not committed
(at-least-once, as step 4 teaches); duplicates because every instance read
every partition (consumer.assign, or a group of its own) fail as
every_instance_read_every_partition, and a group that never took over as
no_take_over. The report ends with the edition's step-4 achievement (4️⃣ or
⚖️ Scaled); with --format json, stdout is one object {"passed", "team",
"step", "edition", "instances", "partitions", "before", "stopped",
"signal", "took_over", "after", "moved", "most_members", "fetchers",
"duplicates", "achievement", "diagnostics", "scenario", "note"}.

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

With --step 5, run checks step 5, records keyed to the edition's compacted
topic (349bd19: watchlist, keyed by company; 2026-01: team_stats, keyed by
team): it runs the team's step-5 scenarios of the --edition, each with a
fresh run of your program (its counts start from zero), then its other
scenarios as above. Each step-5 scenario is judged on the compacted view,
the latest record per key, by every reading the edition's docs allow: a
company with fewer than 3 matches may be on the watchlist or not, and
team_stats' processed may count more users than matched. A record without
a key, a wrong key or a count that is not the final one fails, with a
keyed_* code naming the key and the value (keyed_no_key, keyed_nothing,
keyed_wrong_key, keyed_stale_count, keyed_wrong_count, keyed_missing,
keyed_unexpected, keyed_wrong_team, keyed_bad_value, keyed_processed,
keyed_split). The report shows each view and, when all pass, the
edition's step-5 achievement (5️⃣ Watchlist, 📊 Stats Published); with
--format json it adds "step", "edition", "topic", "step5_passed",
"achievement", and each step-5 scenario's "keyed".

# kafkacheck client [flags]

client runs the Go reference client, the tutorial's team program, against
a cluster until Ctrl-C. Its settings default to the environment a program
gets from kafkacheck run: BOOTSTRAP_SERVERS, SECURITY_PROTOCOL,
SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD and TEAM_NAME. With --step 5
it also sends the --edition's keyed records (349bd19: watchlist; 2026-01:
team_stats), and commits only once actions and keyed records are
acknowledged.

# kafkacheck serve [flags]

serve runs a classroom cluster on loopback, keeps producing users like the
tutorial's producer (--rate 0: none; write users to new_users as admin, as
the tutorial's producer does) and shows a live leaderboard of the edition
(--edition). Left of the bar is what that edition's leaderboard shows in
class, each record counted for the team its team field names: 349bd19's 1️⃣
connected, 3️⃣ first valid action, 4️⃣ two or more consumers, 5️⃣ a watchlist
record with team, company and flag_count, and ✅ ❌ ❓ (❌ only for a record
that still parses with a team); 2026-01's 🔌 📤 ⚖️ 📊 (a team_stats record
with team, processed and flagged) and ✅. "others" counts those another
team's login wrote. Right of the bar is kafkacheck's check of the actions
each team wrote, by the user it logged in as (admin's by their team field):
right when the team's rule asks for that user, read from new_users whoever
produced it; wrong otherwise; mismatch when the team field names someone
else. On Ctrl-C serve reads what was written before the stop, then prints
the final table. On a terminal the table is redrawn in place; piped, each
achievement and each team's first mismatch is one line.

# kafkacheck scenarios [show NAME...]

scenarios lists the built-in scenarios: name, teams, tier, events, expected
actions and file; then those of one edition each (the step-5 ones). scenarios show NAME prints a scenario's file as it is
embedded, to read or to copy as the start of your own; NAME is as for
--scenario (a name or file name, or a glob).

# kafkacheck help [COMMAND | scenarios]

help prints this text, or one command's part of it. help scenarios prints
the scenario file format, the neutral user and an example: all it takes to
write a scenario file of your own, to pass with --scenarios.
*/
package main

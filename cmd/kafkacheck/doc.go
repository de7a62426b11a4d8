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
	kafkacheck help                print this text

Flags of suite:

	--scenarios PATH   a scenario file, or a directory of them (default: the
	                   built-in suite)
	--team team-N      run only the scenarios that list team-N, narrowed to it
	--format text|json text for people (default); json for programs
	--backend NAME     kfake (default: in memory, on loopback)
	--parallel N       scenarios run at once on kfake (default 2)

Flags of client (defaults read from BOOTSTRAP_SERVERS, SECURITY_PROTOCOL,
SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD and TEAM_NAME):

	--team team-N          the team whose rule to apply (required)
	--bootstrap HOST:PORT  seed brokers, comma-separated (default 127.0.0.1:9092)
	--security-protocol P  SASL_PLAINTEXT (default) or PLAINTEXT
	--mechanism M          PLAIN (default), SCRAM-SHA-256 or SCRAM-SHA-512
	--user NAME            default: the team name
	--password-env VAR     read the password from environment variable VAR
	                       (default: SASL_PASSWORD, else team-N-secret)

Exit status: 0 when every scenario passed, 1 when one failed, 2 for a usage
error or a bad scenario file.

The scenario file format is documented in package scenarios and in README.md.
*/
package main

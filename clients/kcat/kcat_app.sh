#!/usr/bin/env bash
# A team program (tutorial steps 1-3) as a shell pipeline, for students who
# never leave the terminal: kcat consumes new_users in the team's group from
# the earliest offset, jq keeps the users that match the team's rule and
# writes their actions, and kcat -P produces each action.
#
# Settings come from kafkacheck run's environment (BOOTSTRAP_SERVERS,
# SECURITY_PROTOCOL, SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD,
# TEAM_NAME); with SECURITY_PROTOCOL=PLAINTEXT no SASL is configured. They
# go to kcat in a private config file (-F), so the password is not on a
# command line that ps shows. `kcat_app.sh --version` prints kcat's version.
#
# Delivery is NOT at-least-once, and cannot be with kcat: the consuming
# kcat auto-commits the offsets of the values it has written to the pipe,
# not of the actions delivered, and has no way to wait for the producing
# kcat. If the pipeline dies between the two, those actions are lost
# (at-most-once). What does hold: each kcat -P exits only once its action
# is delivered, and a failed delivery stops the pipeline. In practice an
# action is delivered milliseconds after its user is read, and the
# auto-commit runs every 5 s (librdkafka's default; kcat's
# -X auto.commit.interval.ms sets the legacy topic-level property of that
# name, which the consumer ignores).
#
# jq is laxer than the simulator's serde where these programs can see it:
# it accepts a UTF-8 byte-order mark, keeps the last of duplicate keys,
# reads a credit written -18.0 as -18, and lower-cases ASCII only.
set -euo pipefail

if [ "${1:-}" = --version ]; then
  command -v jq >/dev/null || { echo "kcat_app.sh: jq is not installed" >&2; exit 1; }
  # "Version 1.7.1 (JSON, …, librdkafka 2.0.2 builtin.features=…)"
  kcat -V | sed -n 's/^Version \([^ ]*\) .*librdkafka \([^ ]*\) .*/kcat \1, librdkafka \2/p'
  exit 0
fi

team=${TEAM_NAME:?TEAM_NAME is not set}
conf=$(mktemp)
trap 'rm -f "$conf"' EXIT
{
  echo "bootstrap.servers=${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS is not set}"
  echo "client.id=$team"
  echo "security.protocol=${SECURITY_PROTOCOL:-SASL_PLAINTEXT}"
  if [[ ${SECURITY_PROTOCOL:-SASL_PLAINTEXT} == SASL_* ]]; then
    echo "sasl.mechanism=${SASL_MECHANISM:-PLAIN}"
    echo "sasl.username=$SASL_USERNAME"
    echo "sasl.password=$SASL_PASSWORD"
  fi
} >"$conf"

case $team in
team-[1-9] | team-1[0-5]) ;;
*) echo "kcat_app.sh: TEAM_NAME must be team-1 … team-15, got \"$team\"" >&2; exit 2 ;;
esac

# shellcheck disable=SC2016 # $names here are jq's, not the shell's
defs='
def is_user:
  type == "object"
  and ([.email, .credit_card_number, .company_name, .company_slogan, .industry,
        .user_name, .avatar, .name, .profession, .field, .time_zone, .user_agent,
        .pack] | all(type == "string"))
  and (.premium | type == "boolean")
  and (.credit | type == "number" and . == floor and . >= -2147483648 and . < 2147483648);
def has_any($words): . as $s | any($words[]; . as $w | $s | contains($w));
def rule:
  if   $team == "team-1"  then [(.email | ascii_downcase | contains("hotmail")), "CONTACT_CUSTOMER", "LEGACY_EMAIL_PROVIDER"]
  elif $team == "team-2"  then [(.credit_card_number | startswith("37")), "CREDIT_CARD_VERIFICATION", "AMEX_CARD"]
  elif $team == "team-3"  then [(.industry | ascii_downcase | has_any(["bank", "financ", "insur", "invest", "account", "capital"])), "SALES_LEAD", "FINANCIAL_SECTOR"]
  elif $team == "team-4"  then [(.industry | ascii_downcase | has_any(["computer", "internet", "semiconductor", "telecom", "wireless"])), "ACQUISITION_TARGET", "TECH_COMPANY"]
  elif $team == "team-5"  then [(.industry | ascii_downcase | has_any(["health", "hospital", "medical", "pharma", "biotech", "veterinary"])), "CONTACT_CUSTOMER", "HEALTHCARE_COMPLIANCE"]
  elif $team == "team-6"  then [(.profession | ascii_downcase == "engineer"), "HIRE_CUSTOMER", "IS_ENGINEER"]
  elif $team == "team-7"  then [(.premium and .credit > 10), "CONTACT_CUSTOMER", "VIP_USER"]
  elif $team == "team-8"  then [(.credit < -15), "CONTACT_CUSTOMER", "CRITICAL_DEBT"]
  elif $team == "team-9"  then [(.time_zone | startswith("Asia/")), "CONTACT_CUSTOMER", "APAC_EXPANSION"]
  elif $team == "team-10" then [(.user_agent | has_any(["MSIE", "Trident"])), "CONTACT_CUSTOMER", "LEGACY_BROWSER"]
  elif $team == "team-11" then [(.time_zone | startswith("Europe/")), "TRIGGER_GDPR_COMPLIANCE", "IN_EUROPE"]
  elif $team == "team-12" then [(.field | ascii_downcase | . == "it" or . == "technology"), "HIRE_CUSTOMER", "TECH_PROFESSIONAL"]
  elif $team == "team-13" then [(.avatar | contains("example.org") or (startswith("https://") | not)), "CONTACT_CUSTOMER", "INVALID_AVATAR"]
  elif $team == "team-14" then [(.name == "John Doe"), "BAN_CUSTOMER", "SUSPICIOUS_NAME"]
  elif $team == "team-15" then [(.pack == "free"), "CONTACT_CUSTOMER", "UPGRADE_FREE"]
  else error("no rule for \($team)") end;
'
# Each -J line is an envelope whose payload is the value as a JSON string
# (or null), so a value with a newline in it stays on one line, and a line
# jq cannot read is skipped by `fromjson?` instead of ending jq.
# shellcheck disable=SC2016
main='
fromjson? | .payload | fromjson? | select(is_user) | rule as [$match, $type, $reason]
| select($match) | {customer: .email, type: $type, reason: $reason, team: $team}
'
# Compile the filter before connecting: a jq that died at once would leave
# a consumer committing users whose actions are never produced.
jq -n --arg team "$team" "$defs $main" </dev/null >/dev/null

# One producing kcat per action: kcat 1.7.1 -P reading a pipe that stays
# open holds its lines until the pipe closes, so a long-lived producer would
# send nothing while the consumer runs. Each kcat -P exits only once its
# action is delivered, and fails (stopping the pipeline) if it was not.
kcat -F "$conf" -q -u -J -X auto.offset.reset=earliest -G "$team" new_users |
  jq -R -c --unbuffered --arg team "$team" "$defs $main" |
  while IFS= read -r action; do
    printf '%s\n' "$action" | kcat -F "$conf" -q -P -X acks=all -t actions
  done

#!/usr/bin/env python3
"""Independent check of the built-in scenarios, in Python.

For every scenarios/builtin/*.yaml file it checks the shape of the file
(keys, teams, events, user fields and their types, action keys), builds
each event's record value as the Go loader does (a partial user merged over
the neutral user of scenarios/doc.go; a raw value byte for byte), decides
which values the tutorial's simulator would read as a user (serde into 15
typed fields), applies the rules table of TUTORIAL.md, and compares the
result with the file's expected actions as multisets. For a step-5 file
(step: 5, one edition) it also works out the records expected on the
edition's step-5 topic from the same matches (349bd19: a watchlist record
per company, flag_count its matches, required from 3; 2026-01: a
team_stats record per team, flagged its matches, required from 1) and
compares them with the file's expect.keyed.

It shares no code with the Go side: not the reference client in client/,
not the oracle of gencorpus. The hand-written files are worked out by hand;
this script is a second opinion on them, and the only check of the golden
producer-corpus.yaml that does not run Go.

Usage: python3 scenarios/internal/gencorpus/crosscheck.py [FILE.yaml ...]
(default: every file in scenarios/builtin). Needs PyYAML. Exit 1 on any
disagreement. Prints per-team action counts for producer-corpus.yaml.
"""

import collections
import glob
import json
import os
import sys

import yaml

FIELDS = [
    ("email", str), ("credit_card_number", str), ("company_name", str),
    ("company_slogan", str), ("industry", str), ("user_name", str),
    ("avatar", str), ("name", str), ("profession", str), ("field", str),
    ("premium", bool), ("credit", int), ("time_zone", str),
    ("user_agent", str), ("pack", str),
]

NEUTRAL = {
    "email": "neutral.user@gmail.com",
    "credit_card_number": "4111111111111111",
    "company_name": "Quiet Fields LLC",
    "company_slogan": "Harvest the calm",
    "industry": "Farming",
    "user_name": "neutral_user",
    "avatar": "https://robohash.org/neutral_user.png?size=50x50",
    "name": "Jane Roe",
    "profession": "teacher",
    "field": "Marketing",
    "premium": False,
    "credit": 0,
    "time_zone": "America/Chicago",
    "user_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "pack": "small",
}


def contains_any(s, words):
    return any(w in s for w in words)


# The rules table of TUTORIAL.md, one line per team. str.lower() applies
# Unicode's full case mapping, as Rust's to_lowercase() does in the
# simulator.
RULES = {
    "team-1": ("CONTACT_CUSTOMER", "LEGACY_EMAIL_PROVIDER", lambda u: "hotmail" in u["email"].lower()),
    "team-2": ("CREDIT_CARD_VERIFICATION", "AMEX_CARD", lambda u: u["credit_card_number"].startswith("37")),
    "team-3": ("SALES_LEAD", "FINANCIAL_SECTOR", lambda u: contains_any(u["industry"].lower(), ["bank", "financ", "insur", "invest", "account", "capital"])),
    "team-4": ("ACQUISITION_TARGET", "TECH_COMPANY", lambda u: contains_any(u["industry"].lower(), ["computer", "internet", "semiconductor", "telecom", "wireless"])),
    "team-5": ("CONTACT_CUSTOMER", "HEALTHCARE_COMPLIANCE", lambda u: contains_any(u["industry"].lower(), ["health", "hospital", "medical", "pharma", "biotech", "veterinary"])),
    "team-6": ("HIRE_CUSTOMER", "IS_ENGINEER", lambda u: u["profession"].lower() == "engineer"),
    "team-7": ("CONTACT_CUSTOMER", "VIP_USER", lambda u: u["premium"] and u["credit"] > 10),
    "team-8": ("CONTACT_CUSTOMER", "CRITICAL_DEBT", lambda u: u["credit"] < -15),
    "team-9": ("CONTACT_CUSTOMER", "APAC_EXPANSION", lambda u: u["time_zone"].startswith("Asia/")),
    "team-10": ("CONTACT_CUSTOMER", "LEGACY_BROWSER", lambda u: "MSIE" in u["user_agent"] or "Trident" in u["user_agent"]),
    "team-11": ("TRIGGER_GDPR_COMPLIANCE", "IN_EUROPE", lambda u: u["time_zone"].startswith("Europe/")),
    "team-12": ("HIRE_CUSTOMER", "TECH_PROFESSIONAL", lambda u: u["field"].lower() in ("it", "technology")),
    "team-13": ("CONTACT_CUSTOMER", "INVALID_AVATAR", lambda u: "example.org" in u["avatar"] or not u["avatar"].startswith("https://")),
    "team-14": ("BAN_CUSTOMER", "SUSPICIOUS_NAME", lambda u: u["name"] == "John Doe"),
    "team-15": ("CONTACT_CUSTOMER", "UPGRADE_FREE", lambda u: u["pack"] == "free"),
}
TEAMS = ["team-%d" % i for i in range(1, 16)]


class Dup(ValueError):
    pass


def no_dup_keys(pairs):
    # serde_json rejects a struct field given twice; Python would keep the last.
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise Dup("duplicate key")
    return dict(pairs)


def read_user(value):
    """The user the simulator would read from value (bytes), or None."""
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        v = json.loads(text, object_pairs_hook=no_dup_keys)
    except ValueError:  # includes a leading byte-order mark and Dup
        return None
    if not isinstance(v, dict):
        return None
    for name, kind in FIELDS:
        if name not in v:
            return None
        x = v[name]
        if kind is int:
            # bool is an int in Python; a float (12.0, 1e1) is not an i32 for serde.
            if type(x) is not int or not -2**31 <= x < 2**31:
                return None
        elif type(x) is not kind:
            return None
        if kind is str:
            try:
                x.encode("utf-8")  # a lone surrogate escape is an error for serde
            except UnicodeEncodeError:
                return None
    return v


def event_value(event):
    if "user" in event:
        u = dict(NEUTRAL)
        u.update(event["user"])
        return json.dumps(u, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return event["raw"].encode("utf-8")


def check_shape(path, doc, errors):
    def bad(msg):
        errors.append("%s: %s" % (path, msg))

    if not isinstance(doc, dict):
        return bad("not a mapping")
    keys = set(doc)
    if not {"name", "teams", "expect"} <= keys or not keys <= {"name", "description", "teams", "editions", "step", "events", "expect"}:
        bad("keys %s, want name, teams, expect and optionally description, editions, step, events" % sorted(keys))
    editions = doc.get("editions", [])
    if not isinstance(editions, list) or any(e not in KEYED for e in editions):
        bad("editions %r: want a list of %s" % (editions, sorted(KEYED)))
    if doc.get("step", 3) not in (3, 5) or (doc.get("step") == 5) != ("keyed" in (doc.get("expect") or {})) or (doc.get("step") == 5 and len(editions) != 1):
        bad("step %r: want 3, or 5 with one edition and expect.keyed" % doc.get("step"))
    if not isinstance(doc.get("name"), str) or not doc.get("name"):
        bad("name is not a non-empty string")
    if "description" in doc and not isinstance(doc["description"], str):
        bad("description is not a string")
    teams = doc.get("teams")
    if not isinstance(teams, list) or not teams or any(t not in TEAMS for t in teams) or len(set(teams)) != len(teams):
        bad("teams %r: want distinct team-1 … team-15" % (teams,))
    events = doc.get("events") or []
    if not isinstance(events, list):
        bad("events is not a list")
        events = []
    for i, e in enumerate(events, 1):
        if not isinstance(e, dict) or len(e) != 1 or next(iter(e)) not in ("user", "raw"):
            bad("event %d: want exactly one of user, raw: %r" % (i, e))
            continue
        if "raw" in e:
            if not isinstance(e["raw"], str):
                bad("event %d: raw is %s, want a string" % (i, type(e["raw"]).__name__))
            continue
        u = e["user"]
        if not isinstance(u, dict):
            bad("event %d: user is not a mapping" % i)
            continue
        kinds = dict(FIELDS)
        for k, v in u.items():
            if k not in kinds:
                bad("event %d: unknown user field %r" % (i, k))
            elif type(v) is not kinds[k]:
                bad("event %d: user field %s is %s %r, want %s" % (i, k, type(v).__name__, v, kinds[k].__name__))
    expect = doc.get("expect")
    if not isinstance(expect, dict) or set(expect) - {"keyed"} != {"actions"} or not isinstance(expect["actions"], list):
        bad("expect: want a mapping with a list actions")
        return
    for i, k in enumerate(expect.get("keyed") or [], 1):
        if not isinstance(k, dict) or not {"key", "value"} <= set(k) <= {"key", "value", "if_present"} or not isinstance(k["value"], dict):
            bad("keyed record %d: want key, value and optionally if_present: %r" % (i, k))
    for i, a in enumerate(expect["actions"], 1):
        if not isinstance(a, dict) or set(a) != {"customer", "type", "reason", "team"} or not all(isinstance(v, str) for v in a.values()):
            bad("action %d: want string customer, type, reason, team: %r" % (i, a))
        elif a["team"] not in (teams or []):
            bad("action %d: team %s is not listed in teams" % (i, a["team"]))


# Each edition's step-5 topic: the value's key field, its count field, and
# from how many matches a record is required (docs/step-5.md of each).
KEYED = {
    "349bd19": ("company", "flag_count", 3),
    "2026-01": ("team", "flagged", 1),
}


def keyed_want(doc, matches):
    """The keyed records the rules give: {key: (value, required)}."""
    field, count, required = KEYED[doc["editions"][0]]
    counts = collections.Counter()
    teams = {}
    for team in doc["teams"]:
        if field == "team":
            counts[team] += 0  # a team that flags nobody may publish flagged 0
            teams[team] = team
    for team, u in matches:
        key = u["company_name"] if field == "company" else team
        counts[key] += 1
        teams[key] = team
    out = {}
    for key, n in counts.items():
        value = {"team": teams[key], count: n}
        if field == "company":
            value["company"] = key
        out[key] = (value, n >= required)
    return out


def keyed_got(doc):
    out = {}
    for k in doc["expect"].get("keyed") or []:
        out[k["key"]] = (k["value"], not k.get("if_present", False))
    return out


def main(paths):
    errors = []
    names = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            # libyaml's loader when there is one: ten times faster on the corpus.
            doc = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        n_err = len(errors)
        check_shape(path, doc, errors)
        if len(errors) > n_err:
            continue
        if doc["name"] in names:
            errors.append("%s: name %r already used by %s" % (path, doc["name"], names[doc["name"]]))
        names[doc["name"]] = path
        want = collections.Counter()
        users = 0
        matches = []
        for e in doc.get("events") or []:
            u = read_user(event_value(e))
            if u is None:
                continue
            users += 1
            for team in doc["teams"]:
                typ, reason, match = RULES[team]
                if match(u):
                    want[(u["email"], typ, reason, team)] += 1
                    matches.append((team, u))
        if doc.get("step") == 5:
            kw, kg = keyed_want(doc, matches), keyed_got(doc)
            for key in sorted(set(kw) | set(kg)):
                if kw.get(key) != kg.get(key):
                    errors.append("%s: keyed %r: the file expects %r, the rules give %r (value, required)" % (path, key, kg.get(key), kw.get(key)))
        got = collections.Counter((a["customer"], a["type"], a["reason"], a["team"]) for a in doc["expect"]["actions"])
        for k in sorted(set(want) | set(got)):
            if want[k] != got[k]:
                errors.append("%s: action %s: the file expects it %d times, the rules give %d" % (path, k, got[k], want[k]))
        if os.path.basename(path) == "producer-corpus.yaml":
            per_team = collections.Counter(k[3] for k in want.elements())
            print("%s: %d events, %d users read, %d actions" % (path, len(doc.get("events") or []), users, sum(want.values())))
            for team in TEAMS:
                print("  %-8s %4d" % (team, per_team[team]))
    for e in errors:
        print(e, file=sys.stderr)
    print("%d files checked, %d problems" % (len(paths), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    default = sorted(glob.glob(os.path.join(here, "..", "..", "builtin", "*.yaml")))
    sys.exit(main(sys.argv[1:] or default))

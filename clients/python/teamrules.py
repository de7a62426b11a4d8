"""The tutorial's 15 team rules and the user check, shared by the Python
programs of the client matrix (kafka_python_app.py, confluent_app.py).

A user is what the classroom simulator accepts: serde_json into a struct of
15 typed fields (see /work/shared/TUTORIAL.md). Python's json module is more
lenient than serde in a few places (a UTF-8 BOM, duplicate keys, NaN, lone
surrogates, floats written as integers), so those are refused explicitly.
"""
import json

STRING_FIELDS = ["email", "credit_card_number", "company_name", "company_slogan", "industry",
                 "user_name", "avatar", "name", "profession", "field", "time_zone",
                 "user_agent", "pack"]

FINANCIAL = ["bank", "financ", "insur", "invest", "account", "capital"]
TECH = ["computer", "internet", "semiconductor", "telecom", "wireless"]
HEALTH = ["health", "hospital", "medical", "pharma", "biotech", "veterinary"]

# team -> (matches(user), type, reason), the table of TUTORIAL.md.
RULES = {
    "team-1": (lambda u: "hotmail" in u["email"].lower(), "CONTACT_CUSTOMER", "LEGACY_EMAIL_PROVIDER"),
    "team-2": (lambda u: u["credit_card_number"].startswith("37"), "CREDIT_CARD_VERIFICATION", "AMEX_CARD"),
    "team-3": (lambda u: any(w in u["industry"].lower() for w in FINANCIAL), "SALES_LEAD", "FINANCIAL_SECTOR"),
    "team-4": (lambda u: any(w in u["industry"].lower() for w in TECH), "ACQUISITION_TARGET", "TECH_COMPANY"),
    "team-5": (lambda u: any(w in u["industry"].lower() for w in HEALTH), "CONTACT_CUSTOMER", "HEALTHCARE_COMPLIANCE"),
    "team-6": (lambda u: u["profession"].lower() == "engineer", "HIRE_CUSTOMER", "IS_ENGINEER"),
    "team-7": (lambda u: u["premium"] and u["credit"] > 10, "CONTACT_CUSTOMER", "VIP_USER"),
    "team-8": (lambda u: u["credit"] < -15, "CONTACT_CUSTOMER", "CRITICAL_DEBT"),
    "team-9": (lambda u: u["time_zone"].startswith("Asia/"), "CONTACT_CUSTOMER", "APAC_EXPANSION"),
    "team-10": (lambda u: "MSIE" in u["user_agent"] or "Trident" in u["user_agent"], "CONTACT_CUSTOMER", "LEGACY_BROWSER"),
    "team-11": (lambda u: u["time_zone"].startswith("Europe/"), "TRIGGER_GDPR_COMPLIANCE", "IN_EUROPE"),
    "team-12": (lambda u: u["field"].lower() in ("it", "technology"), "HIRE_CUSTOMER", "TECH_PROFESSIONAL"),
    "team-13": (lambda u: "example.org" in u["avatar"] or not u["avatar"].startswith("https://"),
                "CONTACT_CUSTOMER", "INVALID_AVATAR"),
    "team-14": (lambda u: u["name"] == "John Doe", "BAN_CUSTOMER", "SUSPICIOUS_NAME"),
    "team-15": (lambda u: u["pack"] == "free", "CONTACT_CUSTOMER", "UPGRADE_FREE"),
}


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def _no_constant(name):
    raise ValueError("not JSON: " + name)


def parse_user(value):
    """Returns the user in value (bytes), or None when it is not one."""
    if value is None:
        return None
    try:
        # Decoding first refuses a BOM, which json.loads(bytes) would accept.
        user = json.loads(value.decode("utf-8"), object_pairs_hook=_no_duplicates,
                          parse_constant=_no_constant)
    except ValueError:  # also UnicodeDecodeError and JSONDecodeError
        return None
    if not isinstance(user, dict):
        return None
    for f in STRING_FIELDS:
        if not isinstance(user.get(f), str):
            return None
        try:
            user[f].encode("utf-8")  # a lone surrogate escape is not a string to serde
        except UnicodeEncodeError:
            return None
    if not isinstance(user.get("premium"), bool):
        return None
    credit = user.get("credit")
    # bool is an int in Python; credit is an i32 in the simulator.
    if isinstance(credit, bool) or not isinstance(credit, int) or not -2**31 <= credit < 2**31:
        return None
    return user


def action_for(team, value):
    """Returns the action (JSON bytes) team sends for value, or None."""
    user = parse_user(value)
    if user is None:
        return None
    matches, type_, reason = RULES[team]
    if not matches(user):
        return None
    return json.dumps({"customer": user["email"], "type": type_, "reason": reason, "team": team}).encode("utf-8")

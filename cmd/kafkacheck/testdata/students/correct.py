# A correct team-3 program, written the way the tutorial teaches (steps 1-3)
# with kafka-python: consume new_users in the team's group, keep the users
# of the team's rule, produce one action per match to actions.
import json
import os

from kafka import KafkaConsumer, KafkaProducer

TEAM = os.environ.get("TEAM_NAME", "team-3")
settings = dict(
    bootstrap_servers=os.environ.get("BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
    security_protocol=os.environ.get("SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
    sasl_mechanism=os.environ.get("SASL_MECHANISM", "PLAIN"),
    sasl_plain_username=os.environ.get("SASL_USERNAME", TEAM),
    sasl_plain_password=os.environ.get("SASL_PASSWORD", TEAM + "-secret"),
    client_id=TEAM,
)

FIELDS = ["email", "credit_card_number", "company_name", "company_slogan", "industry",
          "user_name", "avatar", "name", "profession", "field", "premium", "credit",
          "time_zone", "user_agent", "pack"]
FINANCIAL = ["bank", "financ", "insur", "invest", "account", "capital"]

consumer = KafkaConsumer("new_users", group_id=TEAM, auto_offset_reset="earliest", **settings)
producer = KafkaProducer(**settings)

for message in consumer:
    try:
        user = json.loads(message.value)
    except ValueError:
        print("skipping a value that is not JSON:", message.value)
        continue
    if not isinstance(user, dict) or any(user.get(f) is None for f in FIELDS):
        print("skipping a user with a missing field:", message.value)
        continue
    if any(word in user["industry"].lower() for word in FINANCIAL):
        action = {"customer": user["email"], "type": "SALES_LEAD",
                  "reason": "FINANCIAL_SECTOR", "team": TEAM}
        producer.send("actions", value=bytes(json.dumps(action), "utf-8")).get(timeout=10)
        print("sent", action)

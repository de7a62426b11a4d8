# team-3 with a classic mistake: no error handling, so the first malformed
# value (not JSON, or a user without its industry) crashes the program.
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
    user = json.loads(message.value)
    if any(word in user["industry"].lower() for word in FINANCIAL):
        action = {"customer": user["email"], "type": "SALES_LEAD",
                  "reason": "FINANCIAL_SECTOR", "team": TEAM}
        producer.send("actions", value=bytes(json.dumps(action), "utf-8")).get(timeout=10)
        print("sent", action)

"""Team-1's step 1-3 program with kafka-python: read one user from new_users
in group team-1, write one action to actions. Usage: team1_kafka_python.py BOOTSTRAP
[MECHANISM]. Prints "ok" on success."""
import json
import sys

from kafka import KafkaConsumer, KafkaProducer

bootstrap = sys.argv[1]
mechanism = sys.argv[2] if len(sys.argv) > 2 else "PLAIN"
common = dict(
    bootstrap_servers=bootstrap,
    security_protocol="SASL_PLAINTEXT",
    sasl_mechanism=mechanism,
    sasl_plain_username="team-1",
    sasl_plain_password="team-1-secret",
    client_id="team-1",
)
consumer = KafkaConsumer(
    "new_users", group_id="team-1", auto_offset_reset="earliest",
    consumer_timeout_ms=30000, **common)
user = None
for message in consumer:
    user = json.loads(message.value)
    break
consumer.close()
if user is None:
    sys.exit("no user on new_users within 30 s")
producer = KafkaProducer(**common)
action = {"customer": user["email"], "type": "CONTACT_CUSTOMER",
          "reason": "LEGACY_EMAIL_PROVIDER", "team": "team-1"}
producer.send("actions", json.dumps(action).encode()).get(timeout=30)
producer.close()
print("ok")

# PierreZ/kafka-tutorial at HEAD, the 2026-01 edition (SASL SCRAM-SHA-256): main.py
# completed for team-5 as docs/step-1.md, step-2.md, step-3.md and step-5.md lead
# a student, with the template's defaults (no auto_offset_reset, so
# kafka-python's "latest"). Step 5 as its snippet: processed counts every
# message, flagged every match, and a stats record keyed by the team name is
# produced on each match.
# Filter: the step-2 rules table's keywords in the step-2 "Check multiple values" pattern (case-sensitive).
from kafka import KafkaConsumer
from kafka import KafkaProducer
from kafka.errors import KafkaError
import json

# Step 5: track processing statistics
processed_count = 0
flagged_count = 0

CONSUME_TOPIC="new_users"
PRODUCE_TOPIC="actions"

# You need to change this
TEAM_NAME = "team-5"

# Do not change this
SASL_USERNAME = TEAM_NAME
SASL_PASSWORD = f"{TEAM_NAME}-secret"
# The template has the classroom's public address ("152.228.210.193:443");
# a student running the cluster locally uses localhost:9092 instead.
BOOTSTRAP_SERVERS="localhost:9092"

# Doc is over here: https://kafka-python.readthedocs.io/en/master/apidoc/KafkaConsumer.html#kafkaconsumer
consumer = KafkaConsumer(CONSUME_TOPIC, 
                         group_id=TEAM_NAME, 
                         client_id=TEAM_NAME,
                         security_protocol="SASL_PLAINTEXT",
                         sasl_mechanism="SCRAM-SHA-256",
                         sasl_plain_username=SASL_USERNAME,
                         sasl_plain_password=SASL_PASSWORD,
                         bootstrap_servers=BOOTSTRAP_SERVERS)

# Step 3: create a KafkaProducer at the top of your code, reusing the
# consumer's authentication details
producer = KafkaProducer(security_protocol="SASL_PLAINTEXT",
                         sasl_mechanism="SCRAM-SHA-256",
                         sasl_plain_username=SASL_USERNAME,
                         sasl_plain_password=SASL_PASSWORD,
                         bootstrap_servers=BOOTSTRAP_SERVERS,
                         client_id=TEAM_NAME)

for message in consumer:
    processed_count += 1  # Count every message you see
    print ("%s:%d:%d: value=%s" % (message.topic, message.partition,
                                          message.offset, message.value))

    # Step 1: parse the JSON
    # message.value is bytes, so we need to decode it first
    # (step-1 calls it parsed_message; step-2's snippets call it user)
    user = json.loads(message.value.decode('utf-8'))
    print(user["email"])

    # Step 2: apply your team's filter
    # Team 5: industry contains Health, Hospital, Medical, Pharma, Biotech, or Veterinary
    keywords = ["Health", "Hospital", "Medical", "Pharma", "Biotech", "Veterinary"]
    if any(kw in user["industry"] for kw in keywords):
        flagged_count += 1

        # Step 3: produce to the actions topic
        action = {
            "customer": user["email"],
            "type": "CONTACT_CUSTOMER",
            "reason": "HEALTHCARE_COMPLIANCE",
            "team": TEAM_NAME,
        }
        json_message = json.dumps(action)
        future = producer.send('actions', value=bytes(json_message, 'utf-8'))
        result = future.get(timeout=10)  # Blocks until sent or timeout
        print(f"Message sent to partition {result.partition} at offset {result.offset}")

        # Step 5: now produce stats update
        stats_record = {
            "team": TEAM_NAME,
            "processed": processed_count,
            "flagged": flagged_count
        }

        # The key MUST be your team name (as bytes)
        producer.send('team_stats',
                      key=TEAM_NAME.encode('utf-8'),
                      value=bytes(json.dumps(stats_record), 'utf-8'))

# Flush before exiting to ensure all buffered messages are sent
producer.flush()

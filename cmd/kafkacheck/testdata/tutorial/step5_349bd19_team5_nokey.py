# PierreZ/kafka-tutorial at commit 349bd19 (PLAIN): main.py completed for team-5
# as docs/step-1.md, step-2.md, step-3.md and step-5.md lead a student, with the
# template's defaults (no auto_offset_reset, so kafka-python's "latest").
# The mistake step 5 warns of: the watchlist record is produced on every match
# as step-3's actions are, with a value and no key.
# Filter: the step-2 rules table's keywords in the step-2 "Check multiple values" pattern (case-sensitive).
from kafka import KafkaConsumer
from kafka import KafkaProducer
from kafka.errors import KafkaError
import json

# Step 5: track how many times each company has been flagged
company_flags = {}

CONSUME_TOPIC="new_users"
PRODUCE_TOPIC="actions"

# You need to change these
BOOTSTRAP_SERVERS="localhost:9092"
TEAM_NAME = "team-5"
SASL_USERNAME="team-5"
SASL_PASSWORD= "team-5-secret"

# Doc is over here: https://kafka-python.readthedocs.io/en/master/apidoc/KafkaConsumer.html#kafkaconsumer
consumer = KafkaConsumer(CONSUME_TOPIC, 
                         group_id=TEAM_NAME, 
                         client_id=TEAM_NAME,
                         security_protocol="SASL_PLAINTEXT",
                         sasl_mechanism="PLAIN",
                         sasl_plain_username=SASL_USERNAME,
                         sasl_plain_password=SASL_PASSWORD,
                         bootstrap_servers=BOOTSTRAP_SERVERS)

# Step 3: create a KafkaProducer at the top of your code, reusing the
# consumer's authentication details
producer = KafkaProducer(security_protocol="SASL_PLAINTEXT",
                         sasl_mechanism="PLAIN",
                         sasl_plain_username=SASL_USERNAME,
                         sasl_plain_password=SASL_PASSWORD,
                         bootstrap_servers=BOOTSTRAP_SERVERS,
                         client_id=TEAM_NAME)

for message in consumer:
    print ("%s:%d:%d: value=%s" % (message.topic, message.partition,
                                          message.offset, message.value))

    # === Step 1: Parse the JSON ===
    # message.value is bytes, so we need to decode it first
    # (step-1 calls it parsed_message; step-2's snippets call it user)
    user = json.loads(message.value.decode('utf-8'))
    print(user["email"])

    # === Step 2: Apply your team's filter ===
    # Team 5: industry contains Health, Hospital, Medical, Pharma, Biotech, or Veterinary
    keywords = ["Health", "Hospital", "Medical", "Pharma", "Biotech", "Veterinary"]
    if any(kw in user["industry"] for kw in keywords):
        # === Step 3: Produce to actions topic ===
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

        # === Step 5: count the company, then produce to watchlist with a KEY ===
        # (step-5's snippet calls the user parsed_message)
        company_name = user["company_name"]

        # Increment the count (start at 0 if company not seen before)
        company_flags[company_name] = company_flags.get(company_name, 0) + 1

        if company_flags[company_name] >= 3:
            print(f"ALERT: {company_name} has reached the watchlist with {company_flags[company_name]} flags!")

        watchlist_record = {
            "team": TEAM_NAME,
            "company": company_name,
            "flag_count": company_flags[company_name]
        }

        # Forgot the key: sent like the actions of step 3
        producer.send('watchlist',
                      value=bytes(json.dumps(watchlist_record), 'utf-8'))

# Flush before exiting to ensure all buffered messages are sent
producer.flush()

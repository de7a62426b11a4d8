# team-3's main.py (main_349bd19_team3.py) with a mistake students make at
# step 4: instead of subscribing in the team's group, the consumer assigns
# itself every partition of new_users (consumer.assign), "to be sure to get
# all the users". group_id is still the team's, so kafka-python commits there,
# but an assigned consumer never joins the group: two copies each read every
# partition, and every action is sent twice.
from kafka import KafkaConsumer, TopicPartition
from kafka import KafkaProducer
from kafka.errors import KafkaError
import json

CONSUME_TOPIC="new_users"
PRODUCE_TOPIC="actions"

# You need to change these
BOOTSTRAP_SERVERS="localhost:9092"
TEAM_NAME = "team-3"
SASL_USERNAME="team-3"
SASL_PASSWORD= "team-3-secret"

# Doc is over here: https://kafka-python.readthedocs.io/en/master/apidoc/KafkaConsumer.html#kafkaconsumer
consumer = KafkaConsumer(group_id=TEAM_NAME,
                         client_id=TEAM_NAME,
                         security_protocol="SASL_PLAINTEXT",
                         sasl_mechanism="PLAIN",
                         sasl_plain_username=SASL_USERNAME,
                         sasl_plain_password=SASL_PASSWORD,
                         bootstrap_servers=BOOTSTRAP_SERVERS)
# Read every partition, so that no user is missed
partitions = consumer.partitions_for_topic(CONSUME_TOPIC)
consumer.assign([TopicPartition(CONSUME_TOPIC, p) for p in partitions])

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
    # Team-3 style: industry contains any of these keywords
    keywords = ["Bank", "Financ", "Insur", "Invest", "Account", "Capital"]
    if any(kw in user["industry"] for kw in keywords):
        # === Step 3: Produce to actions topic ===
        action = {
            "customer": user["email"],
            "type": "SALES_LEAD",
            "reason": "FINANCIAL_SECTOR",
            "team": TEAM_NAME,
        }
        json_message = json.dumps(action)
        future = producer.send('actions', value=bytes(json_message, 'utf-8'))
        result = future.get(timeout=10)  # Blocks until sent or timeout
        print(f"Message sent to partition {result.partition} at offset {result.offset}")

# Flush before exiting to ensure all buffered messages are sent
producer.flush()

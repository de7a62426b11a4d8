# PierreZ/kafka-tutorial at commit 349bd19 (PLAIN), team-7, with the template's defaults
# (kafka-python's "latest"): careful with delivery (get() on every send, flush on the
# way out) but with no guard against malformed input, which the classroom never sends:
# a credit of "abc", a missing field or a value that is not JSON raises and ends it.
from kafka import KafkaConsumer
from kafka import KafkaProducer
from kafka.errors import KafkaError
import json

CONSUME_TOPIC="new_users"
PRODUCE_TOPIC="actions"

# You need to change these
BOOTSTRAP_SERVERS="localhost:9092"
TEAM_NAME = "team-7"
SASL_USERNAME="team-7"
SASL_PASSWORD= "team-7-secret"

# Doc is over here: https://kafka-python.readthedocs.io/en/master/apidoc/KafkaConsumer.html#kafkaconsumer
consumer = KafkaConsumer(CONSUME_TOPIC, 
                         group_id=TEAM_NAME, 
                         client_id=TEAM_NAME,
                         security_protocol="SASL_PLAINTEXT",
                         sasl_mechanism="PLAIN",
                         sasl_plain_username=SASL_USERNAME,
                         sasl_plain_password=SASL_PASSWORD,
                         bootstrap_servers=BOOTSTRAP_SERVERS)

producer = KafkaProducer(security_protocol="SASL_PLAINTEXT",
                         sasl_mechanism="PLAIN",
                         sasl_plain_username=SASL_USERNAME,
                         sasl_plain_password=SASL_PASSWORD,
                         bootstrap_servers=BOOTSTRAP_SERVERS,
                         client_id=TEAM_NAME)

try:
    for message in consumer:
        print ("%s:%d:%d: value=%s" % (message.topic, message.partition,
                                              message.offset, message.value))

        user = json.loads(message.value.decode('utf-8'))
        print(user["email"])

        # Team 7: premium = true AND credit > 10 (no type checks)
        if user["premium"] and user["credit"] > 10:
            action = {
                "customer": user["email"],
                "type": "CONTACT_CUSTOMER",
                "reason": "VIP_USER",
                "team": TEAM_NAME,
            }
            json_message = json.dumps(action)
            future = producer.send(PRODUCE_TOPIC, value=bytes(json_message, 'utf-8'))
            result = future.get(timeout=10)  # Blocks until sent or timeout
            print(f"Message sent to partition {result.partition} at offset {result.offset}")
finally:
    # Ctrl-C or a crash: deliver anything still buffered before exiting
    producer.flush()

# A runaway team-3 program: on the first user it reads, it sends actions
# in a loop without end (a million, and big ones with FLOOD_BYTES set),
# printing each, as a student's loop gone wrong might. kafkacheck must stay
# bounded in memory and output, and say what happened.
import os
import sys

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
padding = "x" * int(os.environ.get("FLOOD_BYTES", "0"))

consumer = KafkaConsumer("new_users", group_id=TEAM, **settings)
producer = KafkaProducer(linger_ms=5, batch_size=1 << 20, max_request_size=1 << 20, **settings)

for message in consumer:
    for i in range(1000000):
        action = '{"customer": "loop%d@gmail.com", "type": "SALES_LEAD", "reason": "FINANCIAL_SECTOR", "team": "%s", "pad": "%s"}' % (i, TEAM, padding)
        producer.send("actions", value=action.encode())
        print("\x1b[2Jsent", i)
    producer.flush()

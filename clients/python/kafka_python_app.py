"""A correct team program (tutorial steps 1-3) with kafka-python: consume
new_users in the team's group from the earliest offset, skip values that
are not users, send one action per user matching the team's rule, and
commit only after the actions are delivered (at-least-once).

Settings come from kafkacheck run's environment (BOOTSTRAP_SERVERS,
SECURITY_PROTOCOL, SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD,
TEAM_NAME); with SECURITY_PROTOCOL=PLAINTEXT no SASL is configured.
Works with kafka-python 2.0.2 (Debian's python3-kafka) and 3.x (PyPI).
`--version` prints the client's version for the matrix.
"""
import os
import signal
import sys

import kafka
from kafka import KafkaConsumer, KafkaProducer

from teamrules import action_for

if sys.argv[1:] == ["--version"]:
    print("kafka-python", kafka.__version__)
    sys.exit(0)

TEAM = os.environ["TEAM_NAME"]
settings = dict(
    bootstrap_servers=os.environ["BOOTSTRAP_SERVERS"].split(","),
    security_protocol=os.environ.get("SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
    client_id=TEAM,
)
if settings["security_protocol"].startswith("SASL"):
    settings.update(
        sasl_mechanism=os.environ.get("SASL_MECHANISM", "PLAIN"),
        sasl_plain_username=os.environ["SASL_USERNAME"],
        sasl_plain_password=os.environ["SASL_PASSWORD"],
    )

running = True


def stop(signum, frame):
    # kafkacheck run stops the program with SIGINT: finish the batch in
    # hand, then leave the group cleanly instead of dying mid-send.
    global running
    running = False


signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)

consumer = KafkaConsumer("new_users", group_id=TEAM, auto_offset_reset="earliest",
                         enable_auto_commit=False, **settings)
producer = KafkaProducer(acks="all", **settings)
try:
    while running:
        batches = consumer.poll(timeout_ms=500)
        if not batches:
            continue
        sent = []
        for records in batches.values():
            for message in records:
                action = action_for(TEAM, message.value)
                if action is None:
                    continue
                sent.append(producer.send("actions", value=action))
        producer.flush()
        for future in sent:
            future.get(timeout=10)  # raises if an action was not delivered
        consumer.commit()  # only now: the actions of this batch are delivered
        print("processed %d values, sent %d actions" % (sum(map(len, batches.values())), len(sent)),
              flush=True)
finally:
    consumer.close(autocommit=False)
    producer.close()

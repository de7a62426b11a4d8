"""A correct team program (tutorial steps 1-3) with confluent-kafka
(librdkafka): consume new_users in the team's group from the earliest
offset, skip values that are not users, send one action per user matching
the team's rule, and commit only after the actions are delivered
(at-least-once).

Settings come from kafkacheck run's environment (BOOTSTRAP_SERVERS,
SECURITY_PROTOCOL, SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD,
TEAM_NAME); with SECURITY_PROTOCOL=PLAINTEXT no SASL is configured.
Works with Debian's python3-confluent-kafka (1.7 on librdkafka 2.0) and
PyPI's wheels. `--version` prints the client's version for the matrix.
"""
import os
import signal
import sys

import confluent_kafka
from confluent_kafka import Consumer, KafkaException, Producer

from teamrules import action_for

if sys.argv[1:] == ["--version"]:
    # version() is a tuple in 1.x and a string in 2.x; __version__ is in both.
    print("confluent-kafka %s, librdkafka %s" % (confluent_kafka.__version__, confluent_kafka.libversion()[0]))
    sys.exit(0)

TEAM = os.environ["TEAM_NAME"]
settings = {
    "bootstrap.servers": os.environ["BOOTSTRAP_SERVERS"],
    "security.protocol": os.environ.get("SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
    "client.id": TEAM,
}
if settings["security.protocol"].startswith("SASL"):
    settings.update({
        "sasl.mechanism": os.environ.get("SASL_MECHANISM", "PLAIN"),
        "sasl.username": os.environ["SASL_USERNAME"],
        "sasl.password": os.environ["SASL_PASSWORD"],
    })

running = True


def stop(signum, frame):
    # kafkacheck run stops the program with SIGINT: finish the batch in
    # hand, then leave the group cleanly instead of dying mid-send.
    global running
    running = False


signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)

consumer = Consumer({**settings, "group.id": TEAM, "auto.offset.reset": "earliest",
                     "enable.auto.commit": False})
consumer.subscribe(["new_users"])
producer = Producer({**settings, "acks": "all"})
failed = []


def delivered(err, msg):
    if err is not None:
        failed.append(err)


try:
    while running:
        messages = consumer.consume(num_messages=500, timeout=0.5)
        if not messages:
            continue
        sent = 0
        for message in messages:
            if message.error():
                raise KafkaException(message.error())
            action = action_for(TEAM, message.value())
            if action is None:
                continue
            producer.produce("actions", action, on_delivery=delivered)
            sent += 1
        if producer.flush(10) > 0 or failed:
            sys.exit("actions not delivered: %s" % (failed or "flush timed out"))
        # Only now: the actions of this batch are delivered.
        consumer.commit(asynchronous=False)
        print("processed %d values, sent %d actions" % (len(messages), sent), flush=True)
finally:
    consumer.close()

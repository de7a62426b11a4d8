"""Team-1's step 1-3 program with confluent-kafka (librdkafka): read one user
from new_users in group team-1, write one action to actions. Usage:
team1_confluent.py BOOTSTRAP. Prints "ok" on success."""
import json
import sys
import time

from confluent_kafka import Consumer, Producer

bootstrap = sys.argv[1]
common = {
    "bootstrap.servers": bootstrap,
    "security.protocol": "SASL_PLAINTEXT",
    "sasl.mechanism": "PLAIN",
    "sasl.username": "team-1",
    "sasl.password": "team-1-secret",
    "client.id": "team-1",
}
consumer = Consumer({**common, "group.id": "team-1", "auto.offset.reset": "earliest"})
consumer.subscribe(["new_users"])
user = None
deadline = time.monotonic() + 30
while user is None and time.monotonic() < deadline:
    message = consumer.poll(1.0)
    if message is None:
        continue
    if message.error():
        sys.exit("consume: %s" % message.error())
    user = json.loads(message.value())
consumer.close()
if user is None:
    sys.exit("no user on new_users within 30 s")
delivered = []
producer = Producer(common)
action = {"customer": user["email"], "type": "CONTACT_CUSTOMER",
          "reason": "LEGACY_EMAIL_PROVIDER", "team": "team-1"}
producer.produce("actions", json.dumps(action).encode(),
                 on_delivery=lambda err, msg: delivered.append(err))
producer.flush(30)
if delivered != [None]:
    sys.exit("produce: %s" % delivered)
print("ok")

package kafkacheck;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A correct team program (tutorial steps 1-3) with the Java client: consume
 * new_users in the team's group from the earliest offset, skip values that are
 * not users, send one action per user matching the team's rule, and commit only
 * after the actions are delivered (at-least-once).
 *
 * <p>Settings come from kafkacheck run's environment (BOOTSTRAP_SERVERS,
 * SECURITY_PROTOCOL, SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD, TEAM_NAME);
 * with SECURITY_PROTOCOL=PLAINTEXT no SASL is configured. {@code --version}
 * prints the client's version for the matrix.
 */
public final class TeamApp {
  private TeamApp() {}

  /**
   * Returns kafka-clients' version from the properties file in its jar (the
   * class that reads it moved to an internal package in 4.x).
   */
  private static String clientVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return p.getProperty("version", "unknown");
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--version")) {
      System.out.println("kafka-clients " + clientVersion());
      return;
    }
    String team = System.getenv("TEAM_NAME");
    if (team == null || !Rules.isTeam(team)) {
      System.err.println("TEAM_NAME must be team-1 … team-15, got " + team);
      System.exit(2);
    }
    Properties common = new Properties();
    common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, System.getenv("BOOTSTRAP_SERVERS"));
    common.put(CommonClientConfigs.CLIENT_ID_CONFIG, team);
    String protocol = System.getenv().getOrDefault("SECURITY_PROTOCOL", "SASL_PLAINTEXT");
    common.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
    if (protocol.startsWith("SASL")) {
      common.put(SaslConfigs.SASL_MECHANISM, System.getenv().getOrDefault("SASL_MECHANISM", "PLAIN"));
      common.put(SaslConfigs.SASL_JAAS_CONFIG, String.format(
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"%s\" password=\"%s\";",
          System.getenv("SASL_USERNAME"), System.getenv("SASL_PASSWORD")));
    }

    Properties consumerProps = new Properties();
    consumerProps.putAll(common);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, team);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Properties producerProps = new Properties();
    producerProps.putAll(common);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
    // kafkacheck run stops the program with SIGINT: wake the consumer up and
    // wait for the loop to leave the group, rather than dying mid-batch.
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      consumer.wakeup();
      try {
        closed.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try {
      consumer.subscribe(List.of("new_users"));
      while (true) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
          continue;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          byte[] action = Rules.actionFor(team, r.value());
          if (action != null) {
            sent.add(producer.send(new ProducerRecord<>("actions", action)));
          }
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
          f.get(); // throws if an action was not delivered
        }
        consumer.commitSync(); // only now: the batch's actions are delivered
        System.out.printf("processed %d values, sent %d actions%n", records.count(), sent.size());
      }
    } catch (WakeupException e) {
      // the shutdown hook: stop
    } finally {
      consumer.close();
      producer.close();
      closed.countDown();
    }
  }
}

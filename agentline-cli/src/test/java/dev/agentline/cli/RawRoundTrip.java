package dev.agentline.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor: a raw produce → consume ping-pong on the broker agentline runs on. One thread produces a ping and
 * waits for the pong; an echo thread consumes each ping and produces it back as a pong. Classic consumers on
 * assigned partitions (no group), producers with {@code linger.ms=0} and {@code acks=all}. One round trip is
 * therefore two produce → consume hops, as a step is (planner → worker → planner).
 */
final class RawRoundTrip {
  private static final String PING = "bench.ping";
  private static final String PONG = "bench.pong";

  private RawRoundTrip() {}

  /** Milliseconds of each of {@code count} round trips, after {@code warmUp} unmeasured ones. */
  static double[] measure(String bootstrap, int warmUp, int count) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(PING, 1, (short) 1), new NewTopic(PONG, 1, (short) 1))).all().get();
    }
    AtomicBoolean running = new AtomicBoolean(true);
    Thread echo = new Thread(() -> echo(bootstrap, running), "raw-echo");
    echo.start();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap); KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, PONG)) {
      double[] millis = new double[count];
      for (int i = 0; i < warmUp + count; i++) {
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(PING, new byte[64])).get();
        while (consumer.poll(Duration.ofSeconds(5)).isEmpty()) {
          // wait for the pong
        }
        if (i >= warmUp) millis[i - warmUp] = (System.nanoTime() - start) / 1e6;
      }
      return millis;
    } finally {
      running.set(false);
      echo.join();
    }
  }

  private static void echo(String bootstrap, AtomicBoolean running) {
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap); KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, PING)) {
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> ping : consumer.poll(Duration.ofMillis(100))) {
          producer.send(new ProducerRecord<>(PONG, ping.value()));
        }
      }
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    TopicPartition partition = new TopicPartition(topic, 0);
    consumer.assign(List.of(partition));
    consumer.seekToEnd(List.of(partition));
    consumer.position(partition);
    return consumer;
  }

  /** The {@code p}-th percentile (0..100) of {@code values}, nearest rank. */
  static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}

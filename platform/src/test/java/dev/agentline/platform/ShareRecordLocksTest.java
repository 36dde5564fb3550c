package dev.agentline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A share partition hands out records only up to {@code group.share.partition.max.record.locks} offsets past the
 * oldest one not yet acknowledged. A step held by one worker (a long model call, or an acknowledgement the client lost)
 * therefore stopped every other worker of its role once 2 000 more offsets (Kafka's default) had followed it on the
 * step topic, until the held record's lock expired: 10 minutes. The in-process broker (and the compose file's and the
 * chart's) allow 10 000, Kafka's maximum.
 */
class ShareRecordLocksTest {
  private static final String TOPIC = "agentline.steps.manager";
  private static final int MORE = 2_500;

  @Test
  void aRecordHeldByOneConsumerDoesNotStopTheOthersWithinTenThousandOffsets(@TempDir Path dir) throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        KafkaProducer<String, String> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer());
        KafkaShareConsumer<String, String> holder = consumer(kafka);
        KafkaShareConsumer<String, String> other = consumer(kafka)) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, "workers"), List.of(
          new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET)))).all().get();
      producer.send(new ProducerRecord<>(TOPIC, "held")).get();
      holder.subscribe(List.of(TOPIC));
      int held = 0;
      for (long until = System.nanoTime() + Duration.ofSeconds(30).toNanos(); held == 0 && System.nanoTime() < until; ) {
        held = holder.poll(Duration.ofMillis(200)).count();
      }
      assertThat(held).as("the record the first consumer holds, unacknowledged").isEqualTo(1);

      for (int i = 0; i < MORE; i++) producer.send(new ProducerRecord<>(TOPIC, "step " + i));
      producer.flush();
      other.subscribe(List.of(TOPIC));
      int received = 0;
      for (long until = System.nanoTime() + Duration.ofSeconds(60).toNanos(); received < MORE && System.nanoTime() < until; ) {
        var records = other.poll(Duration.ofMillis(200));
        records.forEach(r -> other.acknowledge(r, AcknowledgeType.ACCEPT));
        received += records.count();
        other.commitSync();
      }

      // with Kafka's default of 2 000 the second consumer stops near 2 000 until the held record's lock expires
      assertThat(received).as("records the second consumer received while the first held one").isEqualTo(MORE);
    }
  }

  private static KafkaShareConsumer<String, String> consumer(LocalKafka kafka) {
    return new KafkaShareConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "workers",
        ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
        // as the worker's step consumers take them (WorkerKafkaConfiguration)
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 8,
        ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit"), new StringDeserializer(), new StringDeserializer());
  }
}

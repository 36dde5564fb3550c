package dev.agentline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerGroupsTest {
  private static final String GROUP = "crash-test";
  private static final String TOPIC = "agentline.tool-requests";

  /**
   * A member that dies without leaving (closed with REMAIN_IN_GROUP: no LeaveGroup, as after a kill) holds its
   * partition until its session ends; the next consumer gets it about {@link ConsumerGroups#SESSION_TIMEOUT_MS} later.
   * With the client's default (45 s) this waits far beyond the bound.
   */
  @Test
  void aCrashedMembersPartitionGoesToTheNextConsumerWhenItsTenSecondSessionEnds(@TempDir Path dir) throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      KafkaConsumer<String, String> crashed = consumer(kafka);
      crashed.subscribe(List.of(TOPIC));
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (crashed.assignment().isEmpty() && System.nanoTime() < until) crashed.poll(Duration.ofMillis(100));
      assertThat(crashed.assignment()).as("the first consumer's partition").hasSize(1);

      crashed.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
      assertThat(members(admin)).as("the dead member, still in the group").isEqualTo(1);

      long crashedAt = System.nanoTime();
      try (KafkaConsumer<String, String> next = consumer(kafka)) {
        next.subscribe(List.of(TOPIC));
        until = crashedAt + Duration.ofSeconds(30).toNanos();
        while (next.assignment().isEmpty() && System.nanoTime() < until) next.poll(Duration.ofMillis(100));
        Duration waited = Duration.ofNanos(System.nanoTime() - crashedAt);

        assertThat(next.assignment()).as("the partition, taken over").hasSize(1);
        // the session, then one rebalance; not the 45 s of the client's default
        assertThat(waited).isBetween(Duration.ofSeconds(5), Duration.ofMillis(ConsumerGroups.SESSION_TIMEOUT_MS + 8_000));
      }
    }
  }

  private static KafkaConsumer<String, String> consumer(LocalKafka kafka) {
    return new KafkaConsumer<>(ConsumerGroups.withDefaults(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, GROUP)),
        new StringDeserializer(), new StringDeserializer());
  }

  private static int members(Admin admin) throws Exception {
    return admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get().members().size();
  }
}

package dev.agentline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.Role;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaAdminTest {
  @Test
  void aTopicCreatedBetweenTheListingAndTheCreationIsNoError(@TempDir Path dir) throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      // a consumer auto-created it with one partition after createTopics listed what exists
      admin.createTopics(List.of(new NewTopic(Topics.TASK_EVENTS, 1, (short) 1))).all().get();

      KafkaAdmin.createAll(admin, List.of(new NewTopic(Topics.TASK_EVENTS, 2, (short) 1), new NewTopic(Topics.TASKS, 2, (short) 1)));

      assertThat(listedSoon(admin, List.of(Topics.TASK_EVENTS, Topics.TASKS))).contains(Topics.TASK_EVENTS, Topics.TASKS);
      // and createTopics over a broker that has some topics creates the rest
      KafkaAdmin.createTopics(kafka.bootstrapServers(), 2);
      assertThat(listedSoon(admin, Topics.all())).containsAll(Topics.all());
    }
  }

  @Test
  void stepTopicsHaveOnePartitionSoEveryConsumerOfARoleCanTakeAnyStep(@TempDir Path dir) throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      KafkaAdmin.createTopics(kafka.bootstrapServers(), 3);
      listedSoon(admin, Topics.all());
      Map<String, Integer> partitions = new HashMap<>();
      admin.describeTopics(Topics.all()).allTopicNames().get().forEach((name, topic) -> partitions.put(name, topic.partitions().size()));
      for (Role role : Role.values()) assertThat(partitions).containsEntry(Topics.steps(role), 1);
      assertThat(partitions).containsEntry(Topics.STEP_RESULTS, 3).containsEntry(Topics.dlt(Topics.steps(Role.CODE_EDIT)), 3)
          .containsEntry(Topics.TOOL_REQUESTS, 3);
    }
  }

  /**
   * The topics the broker lists once it lists all of {@code expected}, or after 15 s: a created topic reaches the
   * broker's metadata cache a moment after the controller confirms it, which a loaded machine makes visible.
   */
  static Set<String> listedSoon(Admin admin, Collection<String> expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    Set<String> listed = admin.listTopics().names().get();
    while (!listed.containsAll(expected) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      listed = admin.listTopics().names().get();
    }
    return listed;
  }
}

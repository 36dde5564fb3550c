package dev.agentline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

      assertThat(admin.listTopics().names().get()).contains(Topics.TASK_EVENTS, Topics.TASKS);
      // and createTopics over a broker that has some topics creates the rest
      KafkaAdmin.createTopics(kafka.bootstrapServers(), 2);
      assertThat(admin.listTopics().names().get()).containsAll(Topics.all());
    }
  }
}

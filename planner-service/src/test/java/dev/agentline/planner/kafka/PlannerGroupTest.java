package dev.agentline.planner.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.planner.PlannerApplication;
import dev.agentline.platform.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The planner's place in its consumer group: a planner that stops leaves the group at once, so the instance that takes
 * its tasks over (itself restarted, in a rolling deploy) is not kept waiting for its members' sessions to time out.
 */
class PlannerGroupTest {
  private static final String GROUP = "agentline-planner";

  @TempDir static Path dir;
  private static LocalKafka kafka;
  private static Admin admin;

  @BeforeAll
  static void start() {
    kafka = LocalKafka.start(dir.resolve("kafka"));
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  @AfterAll
  static void stop() {
    if (admin != null) admin.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void aPlannerThatStopsLeavesItsGroupAtOnceInsteadOfWhenItsSessionsTimeOut() throws Exception {
    ConfigurableApplicationContext planner = new SpringApplicationBuilder(PlannerApplication.class).run(
        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
        "--server.port=0",
        "--agentline.planner.state-dir=" + dir.resolve("state"));
    try {
      await("the planner's stream threads in the group").atMost(Duration.ofSeconds(60))
          .until(() -> group().members().size() == 3 && group().groupState() == GroupState.STABLE);
    } catch (RuntimeException | Error e) {
      planner.close();
      throw e;
    }

    planner.close();

    // well within the 10 s session timeout: without leaving, the three members stay listed until it ends
    await("the group empty").atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
      ConsumerGroupDescription after = group();
      assertThat(after.members()).as("members after the planner stopped").isEmpty();
      assertThat(after.groupState()).isEqualTo(GroupState.EMPTY);
    });
  }

  private static ConsumerGroupDescription group() throws Exception {
    return admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get();
  }
}

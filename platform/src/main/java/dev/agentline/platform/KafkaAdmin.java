package dev.agentline.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates agentline's topics and configures share groups. */
public final class KafkaAdmin {
  private KafkaAdmin() {}

  /**
   * Creates every topic in {@link Topics#all()} that does not exist yet: {@code partitions} each, but the workers' step
   * topics {@value Topics#STEP_PARTITIONS}.
   */
  public static void createTopics(String bootstrapServers, int partitions) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : Topics.all()) {
        if (existing.contains(topic)) continue;
        NewTopic newTopic = new NewTopic(topic, Topics.isSteps(topic) ? Topics.STEP_PARTITIONS : partitions, (short) 1);
        // the analysis cache keeps the latest analysis per repository@commit
        if (topic.equals(Topics.ANALYSIS_CACHE)) newTopic.configs(Map.of("cleanup.policy", "compact"));
        missing.add(newTopic);
      }
      createAll(admin, missing);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create agentline topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e);
    }
  }

  /**
   * Creates the topics; one that exists meanwhile is fine: another service, or a client that
   * auto-created it, got there between the listing and the creation.
   */
  static void createAll(Admin admin, List<NewTopic> topics) throws InterruptedException, ExecutionException {
    if (topics.isEmpty()) return;
    for (KafkaFuture<Void> created : admin.createTopics(topics).values().values()) {
      try {
        created.get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) throw e;
      }
    }
  }

  /**
   * A share group reads from the earliest offset (records produced before its first fetch are not
   * skipped) and only committed records (planner output that could still be aborted is never acted
   * on). Both can be set before the group exists.
   */
  public static void configureShareGroup(String bootstrapServers, String groupId) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.incrementalAlterConfigs(Map.of(
              new ConfigResource(ConfigResource.Type.GROUP, groupId),
              List.of(
                  new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
                  new AlterConfigOp(new ConfigEntry("share.isolation.level", "read_committed"), AlterConfigOp.OpType.SET))))
          .all()
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while configuring share group " + groupId, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot configure share group " + groupId + ": " + e.getCause().getMessage(), e);
    }
  }
}

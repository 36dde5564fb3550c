package dev.agentline.platform;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** What agentline's classic consumer groups (the planner's, the tool runner's, the audit's) have in common. */
public final class ConsumerGroups {
  private ConsumerGroups() {}

  /**
   * How long a group waits for a member that stopped heart-beating before it gives the member's partitions to
   * another: 10 s rather than the client's 45 s, so what a crashed service held waits 10 s for a replica or for the
   * service restarted. A member that stops cleanly leaves its group at once either way. The heartbeats come from the
   * client's own thread every 3 s whatever the consumer is doing; a long request (a test run) is bounded by
   * {@code max.poll.interval.ms}, not by this. Each service lets its own setting override it.
   */
  public static final int SESSION_TIMEOUT_MS = 10_000;

  /**
   * A classic consumer's configuration: these defaults ({@link #SESSION_TIMEOUT_MS}) under {@code configured} (a
   * service's {@code spring.kafka.consumer.*}), which overrides them. Mutable, for the service's own settings on top.
   */
  public static Map<String, Object> withDefaults(Map<String, ?> configured) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
    config.putAll(configured);
    return config;
  }
}

package dev.agentline.worker.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code agentline.worker}: how many share consumers each role runs, and how many deliveries of a
 * step record a transiently failing model gets before the step fails. Keep {@code max-deliveries}
 * at or below the broker's {@code group.share.delivery.count.limit} (default 5), or the broker
 * archives the record before the worker can report the failure.
 */
@ConfigurationProperties("agentline.worker")
public record WorkerProperties(
    @DefaultValue("1") int consumersPerRole,
    @DefaultValue("3") int maxDeliveries,
    @DefaultValue("worker-service") String producerName) {

  public WorkerProperties {
    if (consumersPerRole < 1) throw new IllegalArgumentException("agentline.worker.consumers-per-role must be >= 1, was " + consumersPerRole);
    if (maxDeliveries < 1) throw new IllegalArgumentException("agentline.worker.max-deliveries must be >= 1, was " + maxDeliveries);
    if (producerName == null || producerName.isBlank()) throw new IllegalArgumentException("agentline.worker.producer-name must not be blank");
  }
}

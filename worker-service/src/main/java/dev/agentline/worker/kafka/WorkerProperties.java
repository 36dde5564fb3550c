package dev.agentline.worker.kafka;

import dev.agentline.worker.roles.StepWorker;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code agentline.worker}: how many share consumers each role runs, and how many deliveries of a
 * step record a transiently failing model gets before the step fails. Keep {@code max-deliveries}
 * at or below the broker's {@code group.share.delivery.count.limit} (default 5), or the broker
 * archives the record before the worker can report the failure. {@code max-response-chars}: a model answer longer
 * than this is cut there (the cut marked in the ModelCall record) and not parsed; the model is asked once more for a
 * shorter answer, then the step fails saying why. {@code step-hand-over}: how long a consumer waits for the steps
 * of a poll it has started before it returns to its container (an instant step is acknowledged within it, so the
 * consumer polls again at once; a provider's call is not, and runs on).
 */
@ConfigurationProperties("agentline.worker")
public record WorkerProperties(
    @DefaultValue("1") int consumersPerRole,
    @DefaultValue("3") int maxDeliveries,
    @DefaultValue("worker-service") String producerName,
    @DefaultValue("" + StepWorker.DEFAULT_MAX_RESPONSE_CHARS) int maxResponseChars,
    @DefaultValue("50ms") Duration stepHandOver) {

  public WorkerProperties {
    if (consumersPerRole < 1) throw new IllegalArgumentException("agentline.worker.consumers-per-role must be >= 1, was " + consumersPerRole);
    if (maxDeliveries < 1) throw new IllegalArgumentException("agentline.worker.max-deliveries must be >= 1, was " + maxDeliveries);
    if (maxResponseChars < 1000) {
      throw new IllegalArgumentException("agentline.worker.max-response-chars must be >= 1000, was " + maxResponseChars);
    }
    if (stepHandOver.isNegative()) throw new IllegalArgumentException("agentline.worker.step-hand-over must not be negative, was " + stepHandOver);
    if (producerName == null || producerName.isBlank()) throw new IllegalArgumentException("agentline.worker.producer-name must not be blank");
  }
}

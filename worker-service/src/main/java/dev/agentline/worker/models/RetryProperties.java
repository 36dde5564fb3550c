package dev.agentline.worker.models;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code agentline.worker.retry}: tries of one model call inside one delivery for transient faults
 * (429, 529/503, other 5xx, timeouts), with exponential backoff and jitter.
 */
@ConfigurationProperties("agentline.worker.retry")
public record RetryProperties(
    @DefaultValue("3") int maxAttempts,
    @DefaultValue("200ms") Duration baseDelay,
    @DefaultValue("5s") Duration maxDelay,
    @DefaultValue("30s") Duration maxRetryAfter) {

  public RetryPolicy policy() {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxRetryAfter);
  }
}

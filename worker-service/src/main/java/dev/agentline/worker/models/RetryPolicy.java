package dev.agentline.worker.models;

import dev.agentline.platform.Backoffs;
import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Bounded exponential backoff with jitter for transient provider faults inside one delivery:
 * try {@code n} waits {@code min(maxDelay, baseDelay * 2^(n-1))} scaled by a random factor in
 * [0.5, 1]; a provider's {@code retry-after} replaces that, capped at {@code maxRetryAfter}.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {
  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("agentline.worker.retry.max-attempts must be >= 1, was " + maxAttempts);
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (baseDelay.isNegative()) throw new IllegalArgumentException("agentline.worker.retry.base-delay must be >= 0, was " + baseDelay);
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("agentline.worker.retry.max-delay must be >= base-delay (" + baseDelay + "), was " + maxDelay);
    }
    if (maxRetryAfter.isNegative()) throw new IllegalArgumentException("agentline.worker.retry.max-retry-after must be >= 0, was " + maxRetryAfter);
  }

  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /**
   * @param failedAttempts tries made so far (1 after the first failure)
   * @param jitter a number in [0, 1)
   */
  Duration delay(int failedAttempts, TransientModelException error, DoubleSupplier jitter) {
    if (error.retryAfter().isPresent()) {
      Duration asked = error.retryAfter().get();
      return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
    }
    return Backoffs.exponential(baseDelay, maxDelay, failedAttempts, jitter.getAsDouble());
  }
}

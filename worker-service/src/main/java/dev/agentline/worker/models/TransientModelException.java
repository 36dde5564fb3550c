package dev.agentline.worker.models;

import java.time.Duration;
import java.util.Optional;

/**
 * A model call that may succeed later (rate limit, overload, server error, timeout, I/O): retried
 * with backoff inside the delivery, then the step record is redelivered.
 */
public class TransientModelException extends ModelException {
  private final Duration retryAfter;

  public TransientModelException(String message, String provider, String model, Throwable cause, Duration retryAfter) {
    super(message, provider, model, cause);
    this.retryAfter = retryAfter;
  }

  public TransientModelException(String message, String provider, String model, Throwable cause) {
    this(message, provider, model, cause, null);
  }

  public TransientModelException(String message, String provider, String model) {
    this(message, provider, model, null, null);
  }

  /** How long the provider asked to wait (its {@code retry-after} header), if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

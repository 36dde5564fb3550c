package dev.agentline.worker.models;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a provider's transient faults (429, 529/503, other 5xx, timeouts, I/O) inside one
 * delivery, with {@link RetryPolicy} backoff. A permanent fault (400/401/403...) is thrown at once;
 * when the tries are used up the last transient fault is thrown, and the share group's redelivery
 * is the next line of retry.
 */
public final class RetryingModelClient implements ModelClient {
  private static final Logger log = LoggerFactory.getLogger(RetryingModelClient.class);

  /** Waits; tests pass one that does not. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
  }

  private final ModelClient delegate;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final DoubleSupplier jitter;

  public RetryingModelClient(ModelClient delegate, RetryPolicy policy, Sleeper sleeper) {
    this(delegate, policy, sleeper, () -> ThreadLocalRandom.current().nextDouble());
  }

  RetryingModelClient(ModelClient delegate, RetryPolicy policy, Sleeper sleeper, DoubleSupplier jitter) {
    this.delegate = delegate;
    this.policy = policy;
    this.sleeper = sleeper;
    this.jitter = jitter;
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    for (int attempt = 1; ; attempt++) {
      try {
        return delegate.call(request);
      } catch (TransientModelException e) {
        if (attempt >= policy.maxAttempts()) {
          if (attempt == 1) throw e;
          throw new TransientModelException(e.getMessage() + " (" + attempt + " tries)", e.provider(), e.model(), e, e.retryAfter().orElse(null));
        }
        Duration wait = policy.delay(attempt, e, jitter);
        log.info("{} try {} of {} failed ({}); trying again in {} ms", request.requestId(), attempt, policy.maxAttempts(), e.getMessage(), wait.toMillis());
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}

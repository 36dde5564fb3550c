package dev.agentline.platform;

import java.time.Duration;

/** Exponential back-off with "equal jitter", for every client that retries a refused call. */
public final class Backoffs {
  private Backoffs() {}

  /**
   * The wait after {@code failedAttempts} tries (1 after the first failure): {@code min(max, base · 2^(n-1))}
   * scaled by a factor in [0.5, 1], so that clients refused together do not come back together.
   *
   * @param jitter a number in [0, 1)
   */
  public static Duration exponential(Duration base, Duration max, int failedAttempts, double jitter) {
    long exponential = failedAttempts >= 31 ? Long.MAX_VALUE : base.toMillis() << (failedAttempts - 1);
    long capped = Math.min(max.toMillis(), exponential < 0 ? Long.MAX_VALUE : exponential);
    return Duration.ofMillis((long) (capped * (0.5 + jitter / 2)));
  }
}

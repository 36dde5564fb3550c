package dev.agentline.planner.jira;

import dev.agentline.platform.Backoffs;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next attempt of a call Jira refused with 429 or a 5xx: its {@code Retry-After} (seconds) when
 * it sent one, capped at {@code max}; otherwise {@code initial · 2^(attempt-1)}, capped at {@code max}, with "equal jitter"
 * (between half and all of it) so that clients refused together do not come back together.
 */
final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  Backoff(Duration initial, Duration max, DoubleSupplier random) {
    if (initial.isNegative() || max.compareTo(initial) < 0) throw new IllegalArgumentException("need 0 <= initial <= max, was " + initial + ", " + max);
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) was refused. */
  Duration delay(int attempt, Optional<String> retryAfter) {
    Optional<Duration> told = retryAfter.flatMap(Backoff::seconds);
    if (told.isPresent()) return told.get().compareTo(max) > 0 ? max : told.get();
    return Backoffs.exponential(initial, max, attempt, random.getAsDouble());
  }

  /** {@code Retry-After} in seconds; Jira does not send the HTTP-date form, which is ignored (back off instead). */
  private static Optional<Duration> seconds(String value) {
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

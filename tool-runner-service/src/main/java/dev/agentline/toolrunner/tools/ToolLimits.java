package dev.agentline.toolrunner.tools;

import java.time.Duration;

/**
 * Bounds on what tools produce and how long tests run: human-readable output and test output
 * tails are cut to {@code maxOutputChars}; a RUN_TESTS without a timeout gets the default, and
 * none runs longer than the maximum (the consumer must poll again before Kafka evicts it).
 */
public record ToolLimits(int maxOutputChars, Duration testTimeoutDefault, Duration testTimeoutMax) {
  public ToolLimits {
    if (maxOutputChars < 100) throw new IllegalArgumentException("maxOutputChars must be >= 100, was " + maxOutputChars);
    if (testTimeoutDefault.isNegative() || testTimeoutDefault.isZero()) {
      throw new IllegalArgumentException("testTimeoutDefault must be positive, was " + testTimeoutDefault);
    }
    if (testTimeoutMax.compareTo(testTimeoutDefault) < 0) {
      throw new IllegalArgumentException("testTimeoutMax (" + testTimeoutMax + ") must be >= testTimeoutDefault (" + testTimeoutDefault + ")");
    }
  }

  /** The timeout for a request asking for {@code seconds} (0 or less: the default), capped at the maximum. */
  Duration testTimeout(int seconds) {
    Duration asked = seconds > 0 ? Duration.ofSeconds(seconds) : testTimeoutDefault;
    return asked.compareTo(testTimeoutMax) > 0 ? testTimeoutMax : asked;
  }
}

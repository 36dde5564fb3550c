package dev.agentline.toolrunner.tools;

import dev.agentline.toolrunner.context.RepositoryMap;
import dev.agentline.toolrunner.workspace.Diff;
import java.time.Duration;

/**
 * Bounds on what tools produce and how long tests run: human-readable output and test output
 * tails are cut to {@code maxOutputChars}, a repository map to {@code maxMapChars}, a diff to
 * {@code maxDiffChars}; a RUN_TESTS without a timeout gets the default, and none runs longer than
 * the maximum (the consumer must poll again before Kafka evicts it).
 */
public record ToolLimits(int maxOutputChars, Duration testTimeoutDefault, Duration testTimeoutMax, int maxMapChars, int maxDiffChars) {
  public static final int DEFAULT_MAX_MAP_CHARS = 20_000;
  public static final int DEFAULT_MAX_DIFF_CHARS = 60_000;

  public ToolLimits {
    if (maxOutputChars < 100) throw new IllegalArgumentException("maxOutputChars must be >= 100, was " + maxOutputChars);
    if (testTimeoutDefault.isNegative() || testTimeoutDefault.isZero()) {
      throw new IllegalArgumentException("testTimeoutDefault must be positive, was " + testTimeoutDefault);
    }
    if (testTimeoutMax.compareTo(testTimeoutDefault) < 0) {
      throw new IllegalArgumentException("testTimeoutMax (" + testTimeoutMax + ") must be >= testTimeoutDefault (" + testTimeoutDefault + ")");
    }
    if (maxMapChars < RepositoryMap.MIN_CHARS) throw new IllegalArgumentException("maxMapChars must be >= " + RepositoryMap.MIN_CHARS + ", was " + maxMapChars);
    if (maxDiffChars < Diff.MIN_CHARS) throw new IllegalArgumentException("maxDiffChars must be >= " + Diff.MIN_CHARS + ", was " + maxDiffChars);
  }

  /** The default map and diff caps. */
  public ToolLimits(int maxOutputChars, Duration testTimeoutDefault, Duration testTimeoutMax) {
    this(maxOutputChars, testTimeoutDefault, testTimeoutMax, DEFAULT_MAX_MAP_CHARS, DEFAULT_MAX_DIFF_CHARS);
  }

  /** The timeout for a request asking for {@code seconds} (0 or less: the default), capped at the maximum. */
  Duration testTimeout(int seconds) {
    Duration asked = seconds > 0 ? Duration.ofSeconds(seconds) : testTimeoutDefault;
    return asked.compareTo(testTimeoutMax) > 0 ? testTimeoutMax : asked;
  }
}

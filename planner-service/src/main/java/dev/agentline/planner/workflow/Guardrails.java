package dev.agentline.planner.workflow;

import java.time.Duration;

/**
 * Limits that end a task cleanly, with the reason recorded, when it would otherwise run away.
 *
 * @param maxSteps most steps a plan may have
 * @param maxAttemptsPerStep attempts of one step (and of planning or summarizing) before the task fails
 * @param taskDeadline wall-clock time a task may take from submission
 * @param testTimeoutSeconds how long one test run may take
 */
public record Guardrails(int maxSteps, int maxAttemptsPerStep, Duration taskDeadline, int testTimeoutSeconds) {
  public Guardrails {
    if (maxSteps < 1) throw new IllegalArgumentException("agentline.planner.guardrails.max-steps must be >= 1, was " + maxSteps);
    if (maxAttemptsPerStep < 1) {
      throw new IllegalArgumentException("agentline.planner.guardrails.max-attempts-per-step must be >= 1, was " + maxAttemptsPerStep);
    }
    if (taskDeadline == null || taskDeadline.isNegative() || taskDeadline.isZero()) {
      throw new IllegalArgumentException("agentline.planner.guardrails.task-deadline must be positive, was " + taskDeadline);
    }
    if (testTimeoutSeconds < 1) {
      throw new IllegalArgumentException("agentline.planner.guardrails.test-timeout-seconds must be >= 1, was " + testTimeoutSeconds);
    }
  }

  public static Guardrails defaults() {
    return new Guardrails(10, 2, Duration.ofMinutes(30), 300);
  }
}

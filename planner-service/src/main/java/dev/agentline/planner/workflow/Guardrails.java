package dev.agentline.planner.workflow;

import java.time.Duration;

/**
 * Limits that end a task cleanly, with the reason recorded, when it would otherwise run away.
 *
 * @param maxSteps most steps a plan may have
 * @param maxAttemptsPerStep attempts of one step (and of planning or summarizing) before the task fails
 * @param taskDeadline wall-clock time a task may take from submission
 * @param testTimeoutSeconds how long one test run may take
 * @param maxPlanRevisions how often the manager may revise the plan of one task
 */
public record Guardrails(int maxSteps, int maxAttemptsPerStep, Duration taskDeadline, int testTimeoutSeconds, int maxPlanRevisions) {
  public Guardrails(int maxSteps, int maxAttemptsPerStep, Duration taskDeadline, int testTimeoutSeconds) {
    this(maxSteps, maxAttemptsPerStep, taskDeadline, testTimeoutSeconds, 2);
  }

  public Guardrails {
    if (maxPlanRevisions < 0) {
      throw new IllegalArgumentException("agentline.planner.guardrails.max-plan-revisions must be >= 0, was " + maxPlanRevisions);
    }
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
    return new Guardrails(10, 2, Duration.ofMinutes(30), 300, 2);
  }
}

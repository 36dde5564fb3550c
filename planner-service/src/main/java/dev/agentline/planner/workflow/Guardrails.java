package dev.agentline.planner.workflow;

import dev.agentline.schemas.GuardrailOverrides;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Limits that end a step or a task cleanly, with a typed reason recorded, when it would otherwise
 * run away. One value per task: the repository's configuration with the ticket's overrides.
 *
 * @param maxSteps most steps a plan may have
 * @param maxAttemptsPerStep attempts of one step (and of planning or summarizing) before the task fails
 * @param taskDeadline wall-clock time a task may take from submission
 * @param testTimeoutSeconds how long one test run may take
 * @param maxPlanRevisions how often the manager may revise the plan of one task
 * @param maxManagerCalls most model calls the manager may make for one task
 * @param stepTimeout how long any one request (a model step or a tool) may stay unanswered
 * @param maxFilesChanged most files one step's edits may change (null: no limit)
 * @param maxDiffLines most added + deleted lines one step's edits may make (null: no limit)
 * @param paths the globs a task may and may not change
 * @param loopThreshold how often the same patch or the same test failure may repeat before it is a loop
 */
public record Guardrails(int maxSteps, int maxAttemptsPerStep, Duration taskDeadline, int testTimeoutSeconds, int maxPlanRevisions,
    int maxManagerCalls, Duration stepTimeout, Integer maxFilesChanged, Integer maxDiffLines, PathRules paths, int loopThreshold) {

  public Guardrails(int maxSteps, int maxAttemptsPerStep, Duration taskDeadline, int testTimeoutSeconds) {
    this(maxSteps, maxAttemptsPerStep, taskDeadline, testTimeoutSeconds, 2);
  }

  public Guardrails(int maxSteps, int maxAttemptsPerStep, Duration taskDeadline, int testTimeoutSeconds, int maxPlanRevisions) {
    this(maxSteps, maxAttemptsPerStep, taskDeadline, testTimeoutSeconds, maxPlanRevisions, 50, Duration.ofMinutes(15), null, null,
        PathRules.NONE, 2);
  }

  public Guardrails {
    if (maxSteps < 1) throw new IllegalArgumentException("agentline.planner.guardrails.max-steps must be >= 1, was " + maxSteps);
    if (maxAttemptsPerStep < 1) {
      throw new IllegalArgumentException("agentline.planner.guardrails.max-attempts-per-step must be >= 1, was " + maxAttemptsPerStep);
    }
    positive(taskDeadline, "task-deadline");
    positive(stepTimeout, "step-timeout");
    if (testTimeoutSeconds < 1) {
      throw new IllegalArgumentException("agentline.planner.guardrails.test-timeout-seconds must be >= 1, was " + testTimeoutSeconds);
    }
    if (maxPlanRevisions < 0) {
      throw new IllegalArgumentException("agentline.planner.guardrails.max-plan-revisions must be >= 0, was " + maxPlanRevisions);
    }
    if (maxManagerCalls < 1) {
      throw new IllegalArgumentException("agentline.planner.guardrails.max-manager-calls must be >= 1, was " + maxManagerCalls);
    }
    if (maxFilesChanged != null && maxFilesChanged < 1) {
      throw new IllegalArgumentException("agentline.planner.guardrails.max-files-changed must be >= 1, was " + maxFilesChanged);
    }
    if (maxDiffLines != null && maxDiffLines < 1) {
      throw new IllegalArgumentException("agentline.planner.guardrails.max-diff-lines must be >= 1, was " + maxDiffLines);
    }
    if (loopThreshold < 2) throw new IllegalArgumentException("agentline.planner.guardrails.loop-threshold must be >= 2, was " + loopThreshold);
    if (paths == null) paths = PathRules.NONE;
  }

  private static void positive(Duration value, String key) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("agentline.planner.guardrails." + key + " must be positive, was " + value);
    }
  }

  public static Guardrails defaults() {
    return new Guardrails(10, 2, Duration.ofMinutes(30), 300, 2);
  }

  /** These limits with every field the overrides set replaced; protected paths add up, allowed paths replace. */
  public Guardrails overriddenBy(GuardrailOverrides o) {
    if (o == null) return this;
    List<String> allowed = o.getAllowedPaths().isEmpty() ? paths.allowed() : o.getAllowedPaths();
    List<String> protectedPaths = new ArrayList<>(paths.protectedPaths());
    protectedPaths.addAll(o.getProtectedPaths());
    return new Guardrails(
        o.getMaxSteps() != null ? o.getMaxSteps() : maxSteps,
        o.getMaxAttemptsPerStep() != null ? o.getMaxAttemptsPerStep() : maxAttemptsPerStep,
        o.getDeadlineSeconds() != null ? Duration.ofSeconds(o.getDeadlineSeconds()) : taskDeadline,
        testTimeoutSeconds,
        maxPlanRevisions,
        o.getMaxManagerCalls() != null ? o.getMaxManagerCalls() : maxManagerCalls,
        o.getStepTimeoutSeconds() != null ? Duration.ofSeconds(o.getStepTimeoutSeconds()) : stepTimeout,
        o.getMaxFilesChanged() != null ? o.getMaxFilesChanged() : maxFilesChanged,
        o.getMaxDiffLines() != null ? o.getMaxDiffLines() : maxDiffLines,
        new PathRules(allowed, protectedPaths),
        loopThreshold);
  }
}

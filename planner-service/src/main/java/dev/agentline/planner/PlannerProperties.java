package dev.agentline.planner;

import dev.agentline.planner.workflow.ApprovalPolicy;
import dev.agentline.planner.workflow.GuardrailPolicy;
import dev.agentline.planner.workflow.Guardrails;
import dev.agentline.planner.workflow.PathRules;
import dev.agentline.planner.workflow.ReviewPolicy;
import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.schemas.GuardrailOverrides;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code agentline.planner}: how the planner runs and the guardrails every task gets.
 *
 * @param applicationId Kafka Streams application id (the consumer group and the prefix of internal topics)
 * @param stateDir where the task-state store lives on disk; a restarted planner resumes from it (or its changelog)
 * @param commitIntervalMs exactly-once commit interval: how long what a record hands out (steps, tool requests, task
 *     events, state changes) waits to be committed, and so to be visible. 2 ms: a step waits at most that, and under load
 *     each transaction takes every record processed meanwhile
 * @param commitOnHandOut also commit right after each record that hands work to a worker or the tool runner, whatever
 *     the interval: one transaction a step. Off by default: with 20 tasks in flight the commits queued behind each other
 *     (agentline-cli/README.md, session 17); on suits a long interval
 * @param tickInterval how often deadlines are checked
 * @param createTopics create missing agentline topics at start (with {@code partitions} partitions each)
 * @param budget the budget of a ticket that names none
 * @param timelineUrl where a reviewer reads a task's full history; {@code {taskId}} is replaced. Every pull request
 *     body links to it (default: the audit service's timeline on this machine)
 * @param review what happens after the pull request opens: the comment trigger, the cap on review iterations,
 *     and how many iterations a failed CI run may start on its own
 * @param streams further Kafka Streams settings, applied last (e.g. {@code replication.factor: 3},
 *     {@code num.standby.replicas: 1} on a production cluster; the defaults suit one broker)
 */
@ConfigurationProperties("agentline.planner")
public record PlannerProperties(
    @DefaultValue("agentline-planner") String applicationId,
    Path stateDir,
    @DefaultValue("2") int commitIntervalMs,
    @DefaultValue("false") boolean commitOnHandOut,
    @DefaultValue("1s") Duration tickInterval,
    @DefaultValue("true") boolean createTopics,
    @DefaultValue("3") int partitions,
    @DefaultValue GuardrailSettings guardrails,
    @DefaultValue BudgetSettings budget,
    @DefaultValue GateSettings gates,
    List<RepositorySettings> repositories,
    @DefaultValue(TaskWorkflow.DEFAULT_TIMELINE_URL) String timelineUrl,
    @DefaultValue ReviewSettings review,
    Map<String, String> streams) {

  public PlannerProperties {
    if (timelineUrl == null || !timelineUrl.contains("{taskId}")) {
      throw new IllegalArgumentException("agentline.planner.timeline-url must contain {taskId}, was " + timelineUrl);
    }
    if (stateDir == null) stateDir = Path.of(System.getProperty("java.io.tmpdir"), "agentline-planner");
    if (commitIntervalMs < 1) throw new IllegalArgumentException("agentline.planner.commit-interval-ms must be >= 1, was " + commitIntervalMs);
    if (partitions < 1) throw new IllegalArgumentException("agentline.planner.partitions must be >= 1, was " + partitions);
    repositories = repositories == null ? List.of() : List.copyOf(repositories);
    streams = streams == null ? Map.of() : Map.copyOf(streams);
  }

  /** {@code agentline.planner.review}: how review comments and CI runs on the pull request reopen the task. */
  public record ReviewSettings(@DefaultValue("@agentline") String trigger, @DefaultValue("3") int maxIterations,
      @DefaultValue("1") int ciFixIterations) {
    public ReviewPolicy toPolicy() {
      return new ReviewPolicy(trigger, maxIterations, ciFixIterations);
    }
  }

  /** Each task's guardrails: the defaults, the first matching repository's overrides, then the ticket's. */
  public GuardrailPolicy guardrailPolicy() {
    List<GuardrailPolicy.Rule> rules = new ArrayList<>();
    for (RepositorySettings repository : repositories) rules.add(new GuardrailPolicy.Rule(repository.match(), repository.toOverrides()));
    return new GuardrailPolicy(guardrails.toGuardrails(), rules);
  }

  /**
   * {@code agentline.planner.gates}: when a plan waits for a person ({@code never}, {@code always},
   * or {@code risky}: a risky path, label, or at least {@code risky-min-steps} steps), how long it
   * may wait, and whether every accepted step waits too.
   */
  public record GateSettings(
      @DefaultValue("never") String planApproval,
      @DefaultValue("24h") Duration approvalSla,
      List<String> riskyPaths,
      @DefaultValue("5") int riskyMinSteps,
      List<String> riskyLabels,
      @DefaultValue("false") boolean stepApproval) {

    public ApprovalPolicy toPolicy() {
      ApprovalPolicy.Mode mode;
      try {
        mode = ApprovalPolicy.Mode.valueOf(planApproval.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("agentline.planner.gates.plan-approval must be never, always or risky, was " + planApproval);
      }
      return new ApprovalPolicy(mode, riskyPaths == null ? List.of() : riskyPaths, riskyMinSteps,
          riskyLabels == null ? List.of() : riskyLabels, approvalSla, stepApproval);
    }
  }

  /** {@code agentline.planner.repositories[n]}: guardrails for repositories whose URL or path matches {@code match}. */
  public record RepositorySettings(String match, Integer maxSteps, Integer maxAttemptsPerStep, Integer maxManagerCalls, Duration taskDeadline,
      Duration stepTimeout, Integer maxFilesChanged, Integer maxDiffLines, List<String> allowedPaths, List<String> protectedPaths) {
    public RepositorySettings {
      if (match == null || match.isBlank()) throw new IllegalArgumentException("agentline.planner.repositories[].match must name a repository glob");
    }

    GuardrailOverrides toOverrides() {
      return GuardrailOverrides.newBuilder()
          .setMaxSteps(maxSteps).setMaxAttemptsPerStep(maxAttemptsPerStep).setMaxManagerCalls(maxManagerCalls)
          .setDeadlineSeconds(taskDeadline == null ? null : taskDeadline.toSeconds())
          .setStepTimeoutSeconds(stepTimeout == null ? null : stepTimeout.toSeconds())
          .setMaxFilesChanged(maxFilesChanged).setMaxDiffLines(maxDiffLines)
          .setAllowedPaths(allowedPaths == null ? List.of() : allowedPaths)
          .setProtectedPaths(protectedPaths == null ? List.of() : protectedPaths)
          .build();
    }
  }

  /** {@code agentline.planner.budget}: unlimited unless set. */
  public record BudgetSettings(Long maxTokens, Double maxCostUsd) {
    public BudgetSettings {
      if (maxTokens != null && maxTokens < 1) throw new IllegalArgumentException("agentline.planner.budget.max-tokens must be >= 1, was " + maxTokens);
      if (maxCostUsd != null && !(maxCostUsd > 0)) {
        throw new IllegalArgumentException("agentline.planner.budget.max-cost-usd must be > 0, was " + maxCostUsd);
      }
    }

    public dev.agentline.schemas.Budget toBudget() {
      return maxTokens == null && maxCostUsd == null ? null : new dev.agentline.schemas.Budget(maxTokens, maxCostUsd);
    }
  }

  /** {@code agentline.planner.guardrails}. */
  public record GuardrailSettings(
      @DefaultValue("10") int maxSteps,
      @DefaultValue("2") int maxAttemptsPerStep,
      @DefaultValue("30m") Duration taskDeadline,
      @DefaultValue("300") int testTimeoutSeconds,
      @DefaultValue("2") int maxPlanRevisions,
      @DefaultValue("50") int maxManagerCalls,
      @DefaultValue("15m") Duration stepTimeout,
      Integer maxFilesChanged,
      Integer maxDiffLines,
      List<String> allowedPaths,
      List<String> protectedPaths,
      @DefaultValue("2") int loopThreshold) {

    public Guardrails toGuardrails() {
      return new Guardrails(maxSteps, maxAttemptsPerStep, taskDeadline, testTimeoutSeconds, maxPlanRevisions, maxManagerCalls, stepTimeout,
          maxFilesChanged, maxDiffLines, new PathRules(allowedPaths == null ? List.of() : allowedPaths,
              protectedPaths == null ? List.of() : protectedPaths), loopThreshold);
    }
  }
}

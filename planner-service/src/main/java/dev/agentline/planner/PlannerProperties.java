package dev.agentline.planner;

import dev.agentline.planner.workflow.Guardrails;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code agentline.planner}: how the planner runs and the guardrails every task gets.
 *
 * @param applicationId Kafka Streams application id (the consumer group and the prefix of internal topics)
 * @param stateDir where the task-state store lives on disk; a restarted planner resumes from it (or its changelog)
 * @param commitIntervalMs exactly-once commit interval: the latency of every planner hop
 * @param tickInterval how often deadlines are checked
 * @param createTopics create missing agentline topics at start (with {@code partitions} partitions each)
 * @param budget the budget of a ticket that names none
 */
@ConfigurationProperties("agentline.planner")
public record PlannerProperties(
    @DefaultValue("agentline-planner") String applicationId,
    Path stateDir,
    @DefaultValue("20") int commitIntervalMs,
    @DefaultValue("1s") Duration tickInterval,
    @DefaultValue("true") boolean createTopics,
    @DefaultValue("3") int partitions,
    @DefaultValue GuardrailSettings guardrails,
    @DefaultValue BudgetSettings budget) {

  public PlannerProperties {
    if (stateDir == null) stateDir = Path.of(System.getProperty("java.io.tmpdir"), "agentline-planner");
    if (commitIntervalMs < 1) throw new IllegalArgumentException("agentline.planner.commit-interval-ms must be >= 1, was " + commitIntervalMs);
    if (partitions < 1) throw new IllegalArgumentException("agentline.planner.partitions must be >= 1, was " + partitions);
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
      @DefaultValue("2") int maxPlanRevisions) {

    public Guardrails toGuardrails() {
      return new Guardrails(maxSteps, maxAttemptsPerStep, taskDeadline, testTimeoutSeconds, maxPlanRevisions);
    }
  }
}

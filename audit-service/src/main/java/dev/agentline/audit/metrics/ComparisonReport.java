package dev.agentline.audit.metrics;

import dev.agentline.audit.metrics.PilotReport.Distribution;
import dev.agentline.audit.metrics.PilotReport.PerTask;
import dev.agentline.audit.metrics.PilotReport.RoleRate;
import java.time.Instant;
import java.util.List;

/**
 * The pilot report ({@code GET /api/report}): agentline's pull requests of a period against a baseline of
 * human-only pull requests read from the code host, where the baseline has the figure.
 *
 * @param since the start of the period as asked ({@code 28d}, an instant, a date)
 * @param from the start of the period: tasks submitted at or after it
 * @param until when the report was computed
 * @param baseline the baseline period and where it came from; null when none was asked for
 * @param agentline agentline's figures over its tasks' pull requests
 * @param human the baseline's figures; null when no baseline was asked for or no code host is configured
 * @param misplanning where the manager mis-planned: plan revisions and rejected plans, per task, and which tasks
 * @param workerFailures failed attempts against attempts per worker role, with their reasons (most failures first)
 * @param takeovers people taking tasks over and handing them back
 * @param figures every figure as a row (key, label, agentline, baseline): what the CSV holds and the CLI prints
 * @param pullRequests agentline's pull requests of the period, oldest first: what the charts are drawn from
 * @param baselinePullRequests the baseline's pull requests, oldest first
 */
public record ComparisonReport(
    String since,
    Instant from,
    Instant until,
    Baseline baseline,
    Side agentline,
    Side human,
    Misplanning misplanning,
    List<RoleRate> workerFailures,
    Takeovers takeovers,
    List<Figure> figures,
    List<PrPoint> pullRequests,
    List<BaselinePoint> baselinePullRequests) {

  /**
   * The baseline period.
   *
   * @param configured whether a code host is configured to read it from ({@code agentline.audit.baseline.*})
   */
  public record Baseline(Instant from, Instant until, boolean configured, int pullRequests) {}

  /**
   * One side's figures over its pull requests; a figure is null when that side does not have it (the baseline has no
   * cost, iterations or takeovers) or when there is nothing to compute it from.
   *
   * @param ticketToPrSeconds agentline: ticket → pull request ready; baseline: first commit → pull request ready
   * @param reviewCommentsPerPr people's comments (review and conversation) per pull request
   * @param ciFailuresPerPr failed CI runs per pull request
   * @param mergeRate merged / (merged + closed); open ones are not counted
   * @param costPerMergedPrUsd the model cost of every task of the period / merged pull requests
   * @param iterationsPerPr rounds of work per pull request (1 = no review or CI iteration)
   * @param takeovers times a person took a task over
   */
  public record Side(int tasks, int pullRequests, Distribution ticketToPrSeconds, Double reviewCommentsPerPr,
      Double ciFailuresPerPr, int merged, int closed, int open, Double mergeRate, Double costPerMergedPrUsd,
      Double iterationsPerPr, Integer takeovers) {}

  /** Plan revisions and rejected plans per task of the period, and the tasks that had any (most first). */
  public record Misplanning(PerTask planRevisions, PerTask planRejections, List<MisplannedTask> tasks) {}

  public record MisplannedTask(String taskId, String title, int planRevisions, int planRejections) {}

  /** Takeovers and hand-backs of the period, and the tasks taken over. */
  public record Takeovers(int takeovers, int handbacks, List<String> tasks) {}

  /** One figure of the report: agentline's and the baseline's value (null where a side has none). */
  public record Figure(String key, String label, Double agentline, Double baseline) {}

  /** One agentline pull request (a task of the period that opened one). */
  public record PrPoint(String taskId, String title, Instant submittedAt, Double ticketToPrSeconds, int reviewComments,
      int ciFailures, int iterations, String outcome, double costUsd) {}

  /** One human pull request of the baseline; {@code readySeconds} from its first commit to ready, null when unknown. */
  public record BaselinePoint(String repository, int number, String url, Instant createdAt, Double readySeconds,
      int reviewComments, int ciFailures, String outcome) {}
}

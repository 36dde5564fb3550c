package dev.agentline.audit.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The pilot's figures over a window: tasks submitted at or after {@code since} (and, for the
 * worker failure rates, step attempts asked for since then).
 *
 * @param since the start of the window as asked ({@code 14d}, an instant, ...)
 * @param from the start of the window
 * @param until when the figures were computed
 * @param tasks tasks submitted in the window
 * @param tasksWithPr of them, those whose pull request was opened
 * @param taskPoints each task of the window, oldest first: what the distributions and the console's charts are made of
 */
public record PilotReport(
    String since,
    Instant from,
    Instant until,
    int tasks,
    int tasksWithPr,
    Distribution ticketToPrSeconds,
    PerTask testFailures,
    PerTask planRevisions,
    List<RoleRate> workerFailures,
    Reviews reviews,
    Distribution costPerTaskUsd,
    double totalCostUsd,
    TokenShare tokens,
    List<TaskPoint> taskPoints) {

  /** A distribution (nearest-rank percentiles); every figure is null when {@code count} is 0. */
  public record Distribution(int count, Double mean, Double p50, Double p90, Double max) {}

  /**
   * A count per task.
   *
   * @param tasksWithAny tasks with at least one
   * @param perTask total / tasks, 0 without tasks
   */
  public record PerTask(long total, double perTask, int tasksWithAny) {}

  /**
   * A role's failed attempts against its attempts; {@code rate} is null when it made none.
   *
   * @param reasons its failures per reason ({@code worker_failures.reason}), most frequent first
   */
  public record RoleRate(String role, long attempts, long failures, Double rate, Map<String, Long> reasons) {}

  /** The review role's verdicts on the final diff. */
  public record Reviews(int approve, int requestChanges, int notReviewed) {}

  /**
   * One task of the window.
   *
   * @param ticketToPrSeconds null when no pull request was opened
   * @param status its status now
   */
  public record TaskPoint(String taskId, String title, Instant submittedAt, String status, Double ticketToPrSeconds, double costUsd) {}

  /** Tokens of the manager against the workers (every other role); shares are null without tokens. */
  public record TokenShare(long manager, long workers, Double managerShare, Double workerShare) {}
}

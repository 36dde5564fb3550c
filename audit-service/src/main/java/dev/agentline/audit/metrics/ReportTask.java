package dev.agentline.audit.metrics;

import java.time.Instant;

/**
 * What the pilot report needs of one task of the period (a row of {@code task_summary} with its task events and pull
 * request events).
 *
 * @param ticketToPrSeconds from the ticket to its pull request ready (first PR_OPENED); null when none was opened
 * @param reviewComments people's review and conversation comments on its pull request ({@code pr_activity.review_comment})
 * @param ciFailures distinct CI runs of its pull request that failed or timed out
 * @param iterations rounds of work (1 for the ticket, one more per review or CI iteration)
 * @param outcome MERGED, CLOSED or OPEN when it has a pull request; null when it has none
 * @param planRevisions PLAN_REVISED events
 * @param planRejections PLAN_REJECTED events (a person rejected the manager's plan)
 * @param takeovers TAKEN_OVER events
 * @param handbacks HANDED_BACK events
 */
public record ReportTask(String taskId, String title, Instant submittedAt, String status, Double ticketToPrSeconds,
    int reviewComments, int ciFailures, int iterations, String outcome, double costUsd, int planRevisions, int planRejections,
    int takeovers, int handbacks) {

  public boolean hasPullRequest() {
    return ticketToPrSeconds != null || outcome != null;
  }
}

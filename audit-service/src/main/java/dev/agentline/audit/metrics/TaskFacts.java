package dev.agentline.audit.metrics;

import java.time.Instant;

/**
 * What the pilot metrics need of one task (a row of the {@code task_summary} view).
 *
 * @param title the ticket's title
 * @param ticketToPrSeconds seconds from the ticket to a ready pull request, null when no pull request was opened
 * @param reviewVerdict APPROVE, REQUEST_CHANGES, or null when the task was not reviewed
 */
public record TaskFacts(
    String taskId,
    String title,
    Instant submittedAt,
    String status,
    Double ticketToPrSeconds,
    int testFailures,
    int planRevisions,
    double costUsd,
    long managerTokens,
    long workerTokens,
    String reviewVerdict) {}

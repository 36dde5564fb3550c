package dev.agentline.audit.console;

import java.time.Instant;

/** One row of the console's task list. {@code status} is the status of the task's latest event. */
record TaskSummary(
    String taskId,
    String title,
    String repository,
    String requester,
    String status,
    Instant submittedAt,
    Instant updatedAt,
    double costUsd,
    long tokens) {}

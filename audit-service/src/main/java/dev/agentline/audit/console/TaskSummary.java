package dev.agentline.audit.console;

import java.time.Instant;

/**
 * One row of the console's task list (a row of the {@code tasks} table, with its model calls' cost and tokens).
 *
 * @param status the task's latest reported status (TaskSubmitted, TaskEvent or the planner's TaskState)
 * @param submittedAt null while its TaskSubmitted has not been stored
 * @param updatedAt when it last changed (its latest task record: submission, event, state, tool request or result)
 */
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

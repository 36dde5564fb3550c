package dev.agentline.audit.search;

import java.time.Instant;

/**
 * One search hit. {@code snippet} is HTML: the matching words in {@code <b>…</b>}, the rest escaped.
 *
 * @param repository the record's repository, or its task's (from the task's TaskSubmitted), or null
 * @param role the role of a StepRequest, StepResult or ModelCall, else null
 */
record SearchHit(
    String topic,
    int partition,
    long offset,
    String taskId,
    String recordType,
    String eventType,
    String role,
    String repository,
    Instant occurredAt,
    double rank,
    String snippet) {}

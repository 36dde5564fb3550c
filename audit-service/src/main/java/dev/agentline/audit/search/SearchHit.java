package dev.agentline.audit.search;

import java.time.Instant;

/** One search hit; {@code snippet} shows the matching words in {@code <b>…</b>}. */
record SearchHit(
    String topic,
    int partition,
    long offset,
    String taskId,
    String recordType,
    String eventType,
    Instant occurredAt,
    double rank,
    String snippet) {}

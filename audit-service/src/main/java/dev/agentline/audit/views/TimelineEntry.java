package dev.agentline.audit.views;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One record of a task's timeline; {@code body} is the stored record as JSON, {@code traceparent} the W3C
 * trace context the record carried (its trace id is the task's trace), null when it carried none.
 */
record TimelineEntry(
    String topic,
    int partition,
    long offset,
    String recordType,
    String eventType,
    Instant occurredAt,
    String summary,
    @JsonRawValue String body,
    String traceparent) {}

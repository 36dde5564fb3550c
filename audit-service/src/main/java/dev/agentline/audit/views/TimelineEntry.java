package dev.agentline.audit.views;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/** One record of a task's timeline; {@code body} is the stored record as JSON. */
record TimelineEntry(
    String topic,
    int partition,
    long offset,
    String recordType,
    String eventType,
    Instant occurredAt,
    String summary,
    @JsonRawValue String body) {}

package dev.agentline.audit.chain;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * What a stored row's hash covers: every column an analyst reads (position, task, types, times,
 * summary, body, headers, redaction counts), not the database's own bookkeeping (id, ingested_at).
 * {@code body} and {@code headers} are plain value trees (see {@link Canonical}).
 */
public record RecordContent(
    String topic,
    int partition,
    long offset,
    String taskId,
    String recordType,
    String eventType,
    Instant occurredAt,
    Instant kafkaTimestamp,
    String summary,
    Object body,
    Object headers,
    Map<String, Integer> redactions) {

  /** Hex SHA-256 of the canonical JSON array of the columns. */
  public String hash() {
    return Canonical.hash(Arrays.asList(topic, partition, offset, taskId, recordType, eventType,
        time(occurredAt), time(kafkaTimestamp), summary, body, headers, redactions));
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}

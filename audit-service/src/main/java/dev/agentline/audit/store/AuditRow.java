package dev.agentline.audit.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored Kafka record. {@code body} and {@code headers} are JSON text.
 *
 * @param taskId the record key, null for a keyless record
 * @param eventType what happened within the record type, or null
 * @param kafkaTimestamp the record's Kafka timestamp, null when it has none
 */
public record AuditRow(
    String topic,
    int partition,
    long offset,
    String taskId,
    String recordType,
    String eventType,
    Instant occurredAt,
    Instant kafkaTimestamp,
    String summary,
    String body,
    String headers) {

  public AuditRow {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(recordType, "recordType");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(headers, "headers");
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException("partition and offset must be >= 0, were " + partition + "/" + offset);
    }
  }
}

package dev.agentline.audit.store;

import dev.agentline.audit.chain.Canonical;
import dev.agentline.audit.chain.RecordContent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * One stored Kafka record, secrets already redacted. {@code body} and {@code headers} are JSON text.
 *
 * @param taskId the record key, null for a keyless record
 * @param eventType what happened within the record type, or null
 * @param kafkaTimestamp the record's Kafka timestamp, null when it has none
 * @param redactions secrets replaced in this row, by kind (see {@code dev.agentline.platform.redact.Redactor})
 * @param contentHash {@link RecordContent#hash()} of this row: what its link in the task's hash chain covers
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
    String headers,
    Map<String, Integer> redactions,
    String contentHash) {

  public AuditRow {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(recordType, "recordType");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(contentHash, "contentHash");
    redactions = Map.copyOf(redactions);
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException("partition and offset must be >= 0, were " + partition + "/" + offset);
    }
    // PostgreSQL keeps microseconds; the hash must cover what is stored
    occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
    kafkaTimestamp = kafkaTimestamp == null ? null : kafkaTimestamp.truncatedTo(ChronoUnit.MICROS);
  }

  /** A row without redactions; its content hash is computed from the JSON texts. */
  public AuditRow(String topic, int partition, long offset, String taskId, String recordType, String eventType,
      Instant occurredAt, Instant kafkaTimestamp, String summary, String body, String headers) {
    this(topic, partition, offset, taskId, recordType, eventType, occurredAt, kafkaTimestamp, summary, body, headers, Map.of(),
        new RecordContent(topic, partition, offset, taskId, recordType, eventType, micros(occurredAt), micros(kafkaTimestamp), summary,
            Canonical.parse(body), Canonical.parse(headers), Map.of()).hash());
  }

  /** A row whose content hash is computed from the plain trees its JSON texts were written from. */
  public static AuditRow of(String topic, int partition, long offset, String taskId, String recordType, String eventType,
      Instant occurredAt, Instant kafkaTimestamp, String summary, Object bodyTree, String body, Object headersTree, String headers,
      Map<String, Integer> redactions) {
    String hash = new RecordContent(topic, partition, offset, taskId, recordType, eventType, micros(occurredAt), micros(kafkaTimestamp),
        summary, bodyTree, headersTree, redactions).hash();
    return new AuditRow(topic, partition, offset, taskId, recordType, eventType, occurredAt, kafkaTimestamp, summary, body, headers,
        redactions, hash);
  }

  public int redactionCount() {
    int total = 0;
    for (int n : redactions.values()) total += n;
    return total;
  }

  private static Instant micros(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
  }
}

package dev.agentline.audit.ingest;

import dev.agentline.platform.redact.Redactor;
import dev.agentline.platform.redact.Redactor.Tally;
import dev.agentline.audit.store.AuditRow;
import dev.agentline.audit.store.IngestRecord;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.AvroCodec.InvalidRecordException;
import dev.agentline.platform.DeadLetters;
import dev.agentline.platform.Headers;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.Metadata;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Turns any record on any agentline topic into exactly one audit row. Total: a record that cannot
 * be decoded is still recorded (as {@value #UNDECODABLE}, with the decoder's reason), never refused;
 * dead-letter records are recorded as {@value #DEAD_LETTER} with their reason and original topic.
 * Secrets are redacted before anything is derived from the record.
 */
final class AuditRows {
  static final String DEAD_LETTER = "DeadLetter";
  static final String UNDECODABLE = "Undecodable";

  private AuditRows() {}

  static AuditRow from(IncomingRecord record) {
    return ingest(record).raw();
  }

  /**
   * The record's raw row and normalised rows, secrets redacted in all of them (and counted in the
   * raw row). Dead letters and undecodable values have no normalised rows.
   */
  static IngestRecord ingest(IncomingRecord record) {
    Tally tally = new Tally();
    Object headers = RecordRedaction.tree(Json.plain(Payloads.headers(record.headers())), tally);
    if (record.topic().endsWith(Topics.DLT_SUFFIX)) return raw(deadLetter(record, headers, tally));
    SpecificRecordBase decoded;
    try {
      decoded = AvroCodec.get().decode(record.value());
    } catch (InvalidRecordException e) {
      return raw(undecodable(record, headers, e.getMessage(), tally));
    }
    RecordRedaction.redact(decoded, tally);
    Metadata meta = metaOf(decoded);
    Summary summary = Summaries.of(decoded);
    // an empty meta.taskId is a record about no task (an AccessRefused of a request that named none)
    String taskId = record.key() != null ? record.key() : meta != null && !meta.getTaskId().isEmpty() ? meta.getTaskId() : null;
    Instant occurredAt = meta != null && meta.getOccurredAt() != null ? meta.getOccurredAt() : fallbackTime(record);
    AuditRow row = row(record, taskId, decoded.getSchema().getName(), summary, occurredAt, Json.plain(decoded), headers, tally);
    return new IngestRecord(row, NormalisedRows.of(decoded, row.taskId(), occurredAt));
  }

  private static IngestRecord raw(AuditRow row) {
    return new IngestRecord(row, List.of());
  }

  /** The body of a dead-letter row: why, from where, and the value (decoded too when it is a valid record). */
  static Map<String, Object> deadLetterBody(IncomingRecord record) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reasonOf(record));
    body.put("originalTopic", originalTopicOf(record));
    body.put("consumer", record.header(Headers.DLT_CONSUMER));
    Payloads.putValue(body, record.value());
    if (record.value() != null) {
      try {
        body.put("record", AvroCodec.get().decode(record.value()));
      } catch (InvalidRecordException notARecord) {
        // the value stays as text or base64 only
      }
    }
    return body;
  }

  private static AuditRow deadLetter(IncomingRecord record, Object headers, Tally tally) {
    Summary summary = Summaries.deadLetter(originalTopicOf(record), record.header(Headers.DLT_CONSUMER), reasonOf(record));
    Object body = RecordRedaction.tree(Json.plain(deadLetterBody(record)), tally);
    return row(record, record.key(), DEAD_LETTER, redacted(summary), fallbackTime(record), body, headers, tally);
  }

  private static AuditRow undecodable(IncomingRecord record, Object headers, String reason, Tally tally) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reason);
    Payloads.putValue(body, record.value());
    Object redactedBody = RecordRedaction.tree(Json.plain(body), tally);
    return row(record, record.key(), UNDECODABLE, redacted(Summaries.undecodable(reason)), fallbackTime(record), redactedBody,
        headers, tally);
  }

  // The summary repeats text of the body, whose redactions are already counted.
  private static Summary redacted(Summary summary) {
    return new Summary(summary.eventType(), Redactor.standard().redact(summary.line()));
  }

  private static AuditRow row(IncomingRecord record, String taskId, String type, Summary summary, Instant occurredAt,
      Object body, Object headers, Tally tally) {
    return AuditRow.of(Json.storable(record.topic()), record.partition(), record.offset(), Json.storable(taskId), type,
        summary.eventType(), occurredAt, record.timestamp(), summary.line(), body, Json.writeTree(body), headers,
        Json.writeTree(headers), tally.counts());
  }

  private static String reasonOf(IncomingRecord record) {
    String reason = record.header(Headers.DLT_REASON);
    return reason != null ? reason : "(no " + Headers.DLT_REASON + " header)";
  }

  private static String originalTopicOf(IncomingRecord record) {
    return DeadLetters.originalTopic(record.topic(), record.header(Headers.DLT_ORIGINAL_TOPIC));
  }

  private static Metadata metaOf(SpecificRecordBase record) {
    Schema.Field field = record.getSchema().getField("meta");
    return field != null && record.get(field.pos()) instanceof Metadata meta ? meta : null;
  }

  // Kafka sets a timestamp on every record a current producer writes; the epoch marks one that has none.
  private static Instant fallbackTime(IncomingRecord record) {
    return record.timestamp() != null ? record.timestamp() : Instant.EPOCH;
  }
}

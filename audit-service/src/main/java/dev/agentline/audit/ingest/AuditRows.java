package dev.agentline.audit.ingest;

import dev.agentline.audit.store.AuditRow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.AvroCodec.InvalidRecordException;
import dev.agentline.platform.Headers;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.Metadata;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Turns any record on any agentline topic into exactly one audit row. Total: a record that cannot
 * be decoded is still recorded (as {@value #UNDECODABLE}, with the decoder's reason), never refused;
 * dead-letter records are recorded as {@value #DEAD_LETTER} with their reason and original topic.
 */
final class AuditRows {
  static final String DEAD_LETTER = "DeadLetter";
  static final String UNDECODABLE = "Undecodable";

  private AuditRows() {}

  static AuditRow from(IncomingRecord record) {
    String headers = Json.write(Payloads.headers(record.headers()));
    if (record.topic().endsWith(Topics.DLT_SUFFIX)) return deadLetter(record, headers);
    SpecificRecordBase decoded;
    try {
      decoded = AvroCodec.get().decode(record.value());
    } catch (InvalidRecordException e) {
      return undecodable(record, headers, e.getMessage());
    }
    Metadata meta = metaOf(decoded);
    Summary summary = Summaries.of(decoded);
    String taskId = record.key() != null ? record.key() : meta != null ? meta.getTaskId() : null;
    Instant occurredAt = meta != null && meta.getOccurredAt() != null ? meta.getOccurredAt() : fallbackTime(record);
    return row(record, taskId, decoded.getSchema().getName(), summary, occurredAt, Json.write(decoded), headers);
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

  private static AuditRow deadLetter(IncomingRecord record, String headers) {
    Summary summary = Summaries.deadLetter(originalTopicOf(record), record.header(Headers.DLT_CONSUMER), reasonOf(record));
    return row(record, record.key(), DEAD_LETTER, summary, fallbackTime(record), Json.write(deadLetterBody(record)), headers);
  }

  private static AuditRow undecodable(IncomingRecord record, String headers, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reason);
    Payloads.putValue(body, record.value());
    return row(record, record.key(), UNDECODABLE, Summaries.undecodable(reason), fallbackTime(record), Json.write(body), headers);
  }

  private static AuditRow row(
      IncomingRecord record, String taskId, String type, Summary summary, Instant occurredAt, String body, String headers) {
    return new AuditRow(Json.storable(record.topic()), record.partition(), record.offset(), Json.storable(taskId), type,
        summary.eventType(), occurredAt, record.timestamp(), summary.line(), body, headers);
  }

  private static String reasonOf(IncomingRecord record) {
    String reason = record.header(Headers.DLT_REASON);
    return reason != null ? reason : "(no " + Headers.DLT_REASON + " header)";
  }

  private static String originalTopicOf(IncomingRecord record) {
    String original = record.header(Headers.DLT_ORIGINAL_TOPIC);
    return original != null ? original : record.topic().substring(0, record.topic().length() - Topics.DLT_SUFFIX.length());
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

package dev.agentline.audit.store;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes audit rows. Idempotent per (topic, partition, offset): storing a record a second time
 * (a replay, a redelivery after a rebalance) changes nothing.
 */
@Repository
public class AuditStore {
  private final JdbcClient jdbc;

  public AuditStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores the row unless its (topic, partition, offset) is already stored; true when it was new. */
  public boolean insert(AuditRow row) {
    int inserted = jdbc.sql("""
            INSERT INTO audit_record (topic, kafka_partition, kafka_offset, task_id, record_type, event_type,
                                      occurred_at, kafka_timestamp, summary, body, headers)
            VALUES (:topic, :partition, :offset, :taskId, :recordType, :eventType,
                    :occurredAt, :kafkaTimestamp, :summary, CAST(:body AS jsonb), CAST(:headers AS jsonb))
            ON CONFLICT (topic, kafka_partition, kafka_offset) DO NOTHING""")
        .param("topic", row.topic())
        .param("partition", row.partition())
        .param("offset", row.offset())
        .param("taskId", row.taskId())
        .param("recordType", row.recordType())
        .param("eventType", row.eventType())
        .param("occurredAt", timestamp(row.occurredAt()))
        .param("kafkaTimestamp", timestamp(row.kafkaTimestamp()))
        .param("summary", row.summary())
        .param("body", row.body())
        .param("headers", row.headers())
        .update();
    return inserted == 1;
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}

package dev.agentline.audit.views;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads a task's rows in the order they happened (occurred_at, then topic, partition, offset). */
@Component
class TaskTimelines {
  private final JdbcClient jdbc;

  TaskTimelines(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The task's timeline, or empty when nothing was recorded for it. */
  Optional<Timeline> of(String taskId) {
    List<TimelineEntry> entries = jdbc.sql("""
            SELECT topic, kafka_partition, kafka_offset, record_type, event_type, occurred_at, summary, body::text AS body,
                   headers->>'traceparent' AS traceparent
              FROM audit_record
             WHERE task_id = :taskId
             ORDER BY occurred_at, topic, kafka_partition, kafka_offset""")
        .param("taskId", taskId)
        .query((rs, row) -> new TimelineEntry(
            rs.getString("topic"),
            rs.getInt("kafka_partition"),
            rs.getLong("kafka_offset"),
            rs.getString("record_type"),
            rs.getString("event_type"),
            rs.getTimestamp("occurred_at").toInstant(),
            rs.getString("summary"),
            rs.getString("body"),
            rs.getString("traceparent")))
        .list();
    return entries.isEmpty() ? Optional.empty() : Optional.of(new Timeline(taskId, entries));
  }
}

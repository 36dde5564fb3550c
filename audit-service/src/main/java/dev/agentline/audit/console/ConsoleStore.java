package dev.agentline.audit.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's reads: the task list from the normalised {@code tasks} and {@code model_calls} tables, a task's page
 * from its {@code audit_record} rows; assembling what they return is left to plain classes.
 */
@Component
class ConsoleStore {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  // The normalised tasks table (V2), one row per task, kept current at ingest. A row with a status is a task: it had
  // a TaskSubmitted, a TaskEvent or a TaskState (rows made only from tool requests/results have none). Filtered and cut
  // to the limit first; only the listed tasks' model calls are summed (index model_calls_task).
  private static final String TASKS = """
      WITH listed AS (
        SELECT task_id, title, repository, requester, status, submitted_at, updated_at
          FROM tasks
         WHERE status IS NOT NULL
           AND (CAST(:status AS text) IS NULL OR status = :status)
           AND (CAST(:repository AS text) IS NULL OR strpos(lower(coalesce(repository, '')), lower(:repository)) > 0)
           AND (CAST(:text AS text) IS NULL OR strpos(lower(task_id || ' ' || coalesce(title, '')), lower(:text)) > 0)
         ORDER BY updated_at DESC, task_id
         LIMIT :limit)
      SELECT l.*, coalesce(c.cost_usd, 0) AS cost_usd, coalesce(c.tokens, 0) AS tokens
        FROM listed l
        LEFT JOIN LATERAL (SELECT sum(m.cost_usd) AS cost_usd, sum(m.input_tokens::bigint + m.output_tokens) AS tokens
                             FROM model_calls m WHERE m.task_id = l.task_id) c ON true
       ORDER BY l.updated_at DESC, l.task_id""";

  private final JdbcClient jdbc;

  ConsoleStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<TaskSummary> tasks(TaskFilter filter) {
    return jdbc.sql(TASKS)
        .param("status", filter.status())
        .param("repository", filter.repository())
        .param("text", filter.text())
        .param("limit", filter.limit())
        .query(ConsoleStore::summary)
        .list();
  }

  /** Every record of the task in the order it happened (as the timeline orders them). */
  List<ConsoleRecord> records(String taskId) {
    return jdbc.sql("""
            SELECT topic, kafka_partition, kafka_offset, record_type, event_type, occurred_at, body::text AS body
              FROM audit_record
             WHERE task_id = :taskId
             ORDER BY occurred_at, topic, kafka_partition, kafka_offset""")
        .param("taskId", taskId)
        .query(ConsoleStore::record)
        .list();
  }

  /** The traceparent of the task's latest record that has one: the trace a command from the console joins. */
  Optional<String> traceparent(String taskId) {
    return jdbc.sql("""
            SELECT headers->>'traceparent' FROM audit_record
             WHERE task_id = :taskId AND headers->>'traceparent' IS NOT NULL
             ORDER BY occurred_at DESC, id DESC LIMIT 1""")
        .param("taskId", taskId)
        .query(String.class)
        .optional();
  }

  private static TaskSummary summary(ResultSet rs, int row) throws SQLException {
    return new TaskSummary(
        rs.getString("task_id"),
        rs.getString("title"),
        rs.getString("repository"),
        rs.getString("requester"),
        rs.getString("status"),
        instant(rs.getTimestamp("submitted_at")),
        rs.getTimestamp("updated_at").toInstant(),
        rs.getDouble("cost_usd"),
        rs.getLong("tokens"));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static ConsoleRecord record(ResultSet rs, int row) throws SQLException {
    JsonNode body = JSON.readTree(rs.getString("body"));
    return new ConsoleRecord(rs.getString("topic"), rs.getInt("kafka_partition"), rs.getLong("kafka_offset"), rs.getString("record_type"),
        rs.getString("event_type"), rs.getTimestamp("occurred_at").toInstant(), body);
  }
}

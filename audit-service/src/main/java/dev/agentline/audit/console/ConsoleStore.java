package dev.agentline.audit.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The console's reads of {@code audit_record}; assembling what they return is left to plain classes. */
@Component
class ConsoleStore {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  // A task is a key with a TaskSubmitted or a TaskEvent (the analysis cache's repository@commit keys are not tasks).
  // Its status is the status of its latest TaskEvent: one task's events share a partition, so offsets order them.
  private static final String TASKS = """
      WITH tasks AS (
        SELECT task_id,
               (array_agg(body ORDER BY occurred_at, id) FILTER (WHERE record_type = 'TaskSubmitted'))[1] AS submitted,
               (array_agg(body->>'status' ORDER BY kafka_offset DESC) FILTER (WHERE record_type = 'TaskEvent'))[1] AS status,
               min(occurred_at) AS first_at,
               max(occurred_at) AS updated_at,
               coalesce(sum((body->'usage'->>'costUsd')::numeric) FILTER (WHERE record_type = 'ModelCall'), 0) AS cost_usd,
               coalesce(sum((body->'usage'->>'inputTokens')::bigint + (body->'usage'->>'outputTokens')::bigint)
                   FILTER (WHERE record_type = 'ModelCall'), 0) AS tokens
          FROM audit_record
         WHERE task_id IS NOT NULL
         GROUP BY task_id
        HAVING bool_or(record_type IN ('TaskSubmitted', 'TaskEvent')))
      SELECT task_id, submitted->>'title' AS title, submitted->>'repository' AS repository, submitted->>'requester' AS requester,
             coalesce(status, 'RECEIVED') AS status, coalesce((submitted->'meta'->>'occurredAt')::timestamptz, first_at) AS submitted_at,
             updated_at, cost_usd, tokens
        FROM tasks
       WHERE (CAST(:status AS text) IS NULL OR coalesce(status, 'RECEIVED') = :status)
         AND (CAST(:repository AS text) IS NULL OR strpos(lower(coalesce(submitted->>'repository', '')), lower(:repository)) > 0)
         AND (CAST(:text AS text) IS NULL OR strpos(lower(task_id || ' ' || coalesce(submitted->>'title', '')), lower(:text)) > 0)
       ORDER BY updated_at DESC, task_id
       LIMIT :limit""";

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

  /** The records the metrics are computed from, of tasks submitted since {@code since}. */
  List<ConsoleRecord> metricRecords(Instant since) {
    return jdbc.sql("""
            SELECT r.topic, r.kafka_partition, r.kafka_offset, r.record_type, r.event_type, r.occurred_at,
                   CASE WHEN r.record_type = 'ModelCall' THEN jsonb_build_object('meta', r.body->'meta', 'role', r.body->'role', 'usage', r.body->'usage')::text
                        WHEN r.record_type = 'TaskEvent' THEN (r.body - 'plan' - 'tests' - 'review')::text
                        ELSE r.body::text END AS body
              FROM audit_record r
             WHERE r.task_id IN (SELECT task_id FROM audit_record WHERE record_type = 'TaskSubmitted' AND occurred_at >= :since)
               AND (r.record_type IN ('TaskSubmitted', 'ModelCall')
                    OR (r.record_type = 'TaskEvent' AND r.event_type IN ('STATE_CHANGED', 'PR_OPENED'))
                    OR (r.record_type = 'StepResult' AND NOT (r.body->>'ok')::boolean))
             ORDER BY r.occurred_at, r.topic, r.kafka_partition, r.kafka_offset""")
        .param("since", Timestamp.from(since))
        .query(ConsoleStore::record)
        .list();
  }

  private static TaskSummary summary(ResultSet rs, int row) throws SQLException {
    return new TaskSummary(
        rs.getString("task_id"),
        rs.getString("title"),
        rs.getString("repository"),
        rs.getString("requester"),
        rs.getString("status"),
        rs.getTimestamp("submitted_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        rs.getBigDecimal("cost_usd").doubleValue(),
        rs.getLong("tokens"));
  }

  private static ConsoleRecord record(ResultSet rs, int row) throws SQLException {
    JsonNode body = JSON.readTree(rs.getString("body"));
    return new ConsoleRecord(rs.getString("topic"), rs.getInt("kafka_partition"), rs.getLong("kafka_offset"), rs.getString("record_type"),
        rs.getString("event_type"), rs.getTimestamp("occurred_at").toInstant(), body);
  }
}

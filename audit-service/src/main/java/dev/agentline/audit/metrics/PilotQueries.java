package dev.agentline.audit.metrics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Reads the pilot's inputs from the analyst views (V4__analyst_views.sql), so the metrics and the analysts count alike. */
@Repository
class PilotQueries {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final JdbcClient jdbc;

  PilotQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The report of everything since {@code since}. */
  PilotReport report(Since since, Instant now) {
    return PilotMetrics.compute(since, now, tasks(since.start()), roles(since.start()));
  }

  List<TaskFacts> tasks(Instant since) {
    return jdbc.sql("""
            SELECT task_id, title, submitted_at, status, ticket_to_pr_seconds, test_failures, plan_revisions, cost_usd,
                   manager_tokens, worker_tokens, review_verdict
              FROM task_summary WHERE submitted_at >= :since ORDER BY submitted_at, task_id""")
        .param("since", Timestamp.from(since))
        .query((rs, n) -> new TaskFacts(
            rs.getString("task_id"),
            rs.getString("title"),
            rs.getTimestamp("submitted_at").toInstant(),
            rs.getString("status"),
            rs.getBigDecimal("ticket_to_pr_seconds") == null ? null : rs.getBigDecimal("ticket_to_pr_seconds").doubleValue(),
            rs.getInt("test_failures"),
            rs.getInt("plan_revisions"),
            rs.getBigDecimal("cost_usd").doubleValue(),
            rs.getLong("manager_tokens"),
            rs.getLong("worker_tokens"),
            rs.getString("review_verdict")))
        .list();
  }

  /**
   * Attempts and failures (by reason) of each model role since then (the tool runner is no worker role, so it is
   * left out).
   */
  List<RoleAttempts> roles(Instant since) {
    return jdbc.sql("""
            WITH attempts AS (SELECT role, count(*) AS n FROM step_attempts WHERE requested_at >= :since GROUP BY role),
                 reasons AS (SELECT role, coalesce(reason, 'OTHER') AS reason, count(*) AS n FROM worker_failures
                              WHERE occurred_at >= :since AND role NOT IN ('TOOL_RUNNER', 'UNKNOWN') GROUP BY 1, 2),
                 failures AS (SELECT role, sum(n)::bigint AS n, jsonb_object_agg(reason, n) AS reasons FROM reasons GROUP BY role)
            SELECT role, coalesce(a.n, 0) AS attempts, coalesce(f.n, 0) AS failures, coalesce(f.reasons, '{}'::jsonb)::text AS reasons
              FROM attempts a FULL JOIN failures f USING (role) ORDER BY role""")
        .param("since", Timestamp.from(since))
        .query((rs, n) -> new RoleAttempts(rs.getString("role"), rs.getLong("attempts"), rs.getLong("failures"),
            counts(rs.getString("reasons"))))
        .list();
  }

  private static Map<String, Long> counts(String json) {
    Map<String, Long> counts = new LinkedHashMap<>();
    JSON.readTree(json).properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }
}

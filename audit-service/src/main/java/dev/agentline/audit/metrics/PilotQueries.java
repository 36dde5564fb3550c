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
   * The tasks submitted since then with what the pilot report counts of each: its pull request's review comments and
   * failed CI runs ({@code pr_activity}), its iterations, takeovers, hand-backs and rejected plans ({@code task_events}),
   * and how its pull request ended: the planner's PR_MERGED/PR_CLOSED, else the code host's latest MERGED, CLOSED or
   * REOPENED, else OPEN when a pull request was opened.
   */
  List<ReportTask> reportTasks(Instant since) {
    return jdbc.sql("""
            WITH period AS (
              SELECT task_id, title, submitted_at, status, ticket_to_pr_seconds, cost_usd, plan_revisions
                FROM task_summary WHERE submitted_at >= :since
            ), events AS (
              SELECT task_id, max(iteration) AS iterations,
                     count(*) FILTER (WHERE type = 'PLAN_REJECTED') AS plan_rejections,
                     count(*) FILTER (WHERE type = 'TAKEN_OVER') AS takeovers,
                     count(*) FILTER (WHERE type = 'HANDED_BACK') AS handbacks,
                     (array_agg(type ORDER BY at DESC, id DESC) FILTER (WHERE type IN ('PR_MERGED', 'PR_CLOSED')))[1] AS ended
                FROM task_events WHERE task_id IN (SELECT task_id FROM period) GROUP BY task_id
            ), pr AS (
              SELECT task_id, count(*) FILTER (WHERE review_comment) AS review_comments,
                     count(DISTINCT item_key) FILTER (WHERE ci_failed) AS ci_failures,
                     (array_agg(type ORDER BY happened_at DESC, item_key DESC)
                        FILTER (WHERE type IN ('MERGED', 'CLOSED', 'REOPENED')))[1] AS host_state,
                     count(*) AS pr_events
                FROM pr_activity WHERE task_id IN (SELECT task_id FROM period) GROUP BY task_id
            )
            SELECT p.task_id, p.title, p.submitted_at, p.status, p.ticket_to_pr_seconds, p.cost_usd, p.plan_revisions,
                   coalesce(e.iterations, 1) AS iterations, coalesce(e.plan_rejections, 0) AS plan_rejections,
                   coalesce(e.takeovers, 0) AS takeovers, coalesce(e.handbacks, 0) AS handbacks,
                   coalesce(r.review_comments, 0) AS review_comments, coalesce(r.ci_failures, 0) AS ci_failures,
                   CASE WHEN e.ended = 'PR_MERGED' THEN 'MERGED'
                        WHEN e.ended = 'PR_CLOSED' THEN 'CLOSED'
                        WHEN r.host_state IN ('MERGED', 'CLOSED') THEN r.host_state
                        WHEN p.ticket_to_pr_seconds IS NOT NULL OR r.pr_events > 0 THEN 'OPEN' END AS outcome
              FROM period p
              LEFT JOIN events e USING (task_id)
              LEFT JOIN pr r USING (task_id)
             ORDER BY p.submitted_at, p.task_id""")
        .param("since", Timestamp.from(since))
        .query((rs, n) -> new ReportTask(
            rs.getString("task_id"),
            rs.getString("title"),
            rs.getTimestamp("submitted_at").toInstant(),
            rs.getString("status"),
            rs.getBigDecimal("ticket_to_pr_seconds") == null ? null : rs.getBigDecimal("ticket_to_pr_seconds").doubleValue(),
            rs.getInt("review_comments"),
            rs.getInt("ci_failures"),
            rs.getInt("iterations"),
            rs.getString("outcome"),
            rs.getBigDecimal("cost_usd").doubleValue(),
            rs.getInt("plan_revisions"),
            rs.getInt("plan_rejections"),
            rs.getInt("takeovers"),
            rs.getInt("handbacks")))
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

package dev.agentline.audit.store;

import dev.agentline.audit.store.Normalised.CommandRow;
import dev.agentline.audit.store.Normalised.ModelCallRow;
import dev.agentline.audit.store.Normalised.PlanVersionRow;
import dev.agentline.audit.store.Normalised.PrEventRow;
import dev.agentline.audit.store.Normalised.StepResultRow;
import dev.agentline.audit.store.Normalised.TaskEventRow;
import dev.agentline.audit.store.Normalised.TaskUpdate;
import dev.agentline.audit.store.Normalised.ToolCallRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the normalised tables: one JDBC batch per table and transaction. */
final class NormalisedWriter {

  void write(Connection connection, List<Normalised> rows) throws SQLException {
    if (rows.isEmpty()) return;
    tasks(connection, new ArrayList<>(AuditStore.mergedTasks(rows).values()));
    toolCalls(connection, new ArrayList<>(AuditStore.mergedToolCalls(rows).values()));
    batch(connection, rows, TaskEventRow.class, """
        INSERT INTO task_events (task_id, type, status, previous_status, step_id, message, reason, actor,
                                 input_tokens, output_tokens, cost_usd, iteration, pr_item_key, at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", (s, e) -> set(s, e.taskId(), e.type(), e.status(), e.previousStatus(),
        e.stepId(), e.message(), e.reason(), e.actor(), e.inputTokens(), e.outputTokens(), e.costUsd(), e.iteration(),
        e.prItemKey(), e.at()));
    // the same thing on the code host (by webhook and by polling) is one row: the first delivery stored
    batch(connection, rows, PrEventRow.class, """
        INSERT INTO pr_events (task_id, host, type, item_key, delivery_id, repository, number, url, branch, head_commit, actor,
                               body, review_state, comment_id, thread_id, path, line, ci_name, ci_conclusion, ci_url,
                               happened_at, via, at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (task_id, item_key) DO NOTHING""", (s, p) -> set(s, p.taskId(), p.host(), p.type(), p.itemKey(),
        p.deliveryId(), p.repository(), p.number(), p.url(), p.branch(), p.headCommit(), p.actor(), p.body(), p.reviewState(),
        p.commentId(), p.threadId(), p.path(), p.line(), p.ciName(), p.ciConclusion(), p.ciUrl(), p.happenedAt(), p.via(), p.at()));
    batch(connection, rows, PlanVersionRow.class, """
        INSERT INTO plan_versions (task_id, version, goal, steps, plan, event, at) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)
        ON CONFLICT (task_id, version) DO NOTHING""",
        (s, p) -> set(s, p.taskId(), p.version(), p.goal(), p.steps(), p.planJson(), p.event(), p.at()));
    batch(connection, rows, ModelCallRow.class, """
        INSERT INTO model_calls (task_id, request_id, role, kind, step_id, attempt, reask, provider, model, prompt_version,
                                 input_tokens, output_tokens, cost_usd, latency_ms, ok, error, stop_reason, at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", (s, m) -> set(s, m.taskId(), m.requestId(), m.role(),
        m.kind(), m.stepId(), m.attempt(), m.reask(), m.provider(), m.model(), m.promptVersion(), m.inputTokens(),
        m.outputTokens(), m.costUsd(), m.latencyMs(), m.ok(), m.error(), m.stopReason(), m.at()));
    batch(connection, rows, StepResultRow.class, """
        INSERT INTO step_results (task_id, request_id, role, kind, step_id, attempt, ok, error, input_tokens, output_tokens,
                                  cost_usd, model, prompt_version, model_calls, verdict, plan, at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""", (s, r) -> set(s, r.taskId(), r.requestId(),
        r.role(), r.kind(), r.stepId(), r.attempt(), r.ok(), r.error(), r.inputTokens(), r.outputTokens(), r.costUsd(),
        r.model(), r.promptVersion(), r.modelCalls(), r.verdict(), r.planJson(), r.at()));
    batch(connection, rows, CommandRow.class, """
        INSERT INTO commands (task_id, type, actor, step_id, reason, at) VALUES (?, ?, ?, ?, ?, ?)""",
        (s, c) -> set(s, c.taskId(), c.type(), c.actor(), c.stepId(), c.reason(), c.at()));
  }

  // A later status report wins by its time, not by the order the topics were read in.
  private static void tasks(Connection connection, List<TaskUpdate> updates) throws SQLException {
    run(connection, updates, """
        INSERT INTO tasks AS t (task_id, repository, title, requester, labels, source, submitted_at, status, status_at,
                                updated_at, branch, pr_url, failure_code)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (task_id) DO UPDATE SET
          repository   = coalesce(EXCLUDED.repository, t.repository),
          title        = coalesce(EXCLUDED.title, t.title),
          requester    = coalesce(EXCLUDED.requester, t.requester),
          labels       = coalesce(EXCLUDED.labels, t.labels),
          source       = coalesce(EXCLUDED.source, t.source),
          submitted_at = coalesce(EXCLUDED.submitted_at, t.submitted_at),
          status       = CASE WHEN EXCLUDED.status IS NOT NULL AND (t.status_at IS NULL OR EXCLUDED.status_at >= t.status_at)
                              THEN EXCLUDED.status ELSE t.status END,
          status_at    = CASE WHEN EXCLUDED.status IS NOT NULL AND (t.status_at IS NULL OR EXCLUDED.status_at >= t.status_at)
                              THEN EXCLUDED.status_at ELSE t.status_at END,
          updated_at   = greatest(EXCLUDED.updated_at, t.updated_at),
          branch       = coalesce(EXCLUDED.branch, t.branch),
          pr_url       = coalesce(EXCLUDED.pr_url, t.pr_url),
          failure_code = coalesce(EXCLUDED.failure_code, t.failure_code)""", (s, u) -> set(s, u.taskId(), u.repository(), u.title(),
        u.requester(), u.labels() == null ? null : s.getConnection().createArrayOf("text", u.labels().toArray()), u.source(),
        u.submittedAt(), u.status(), u.statusAt(), u.at(), u.branch(), u.prUrl(), u.failureCode()));
  }

  private static void toolCalls(Connection connection, List<ToolCallRow> calls) throws SQLException {
    run(connection, calls, """
        INSERT INTO tool_calls AS c (request_id, task_id, tool, step_id, attempt, phase, requested_at, ok, error, error_code,
                                     duration_ms, finished_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (request_id) DO UPDATE SET
          task_id = coalesce(EXCLUDED.task_id, c.task_id), tool = coalesce(EXCLUDED.tool, c.tool),
          step_id = coalesce(EXCLUDED.step_id, c.step_id), attempt = coalesce(EXCLUDED.attempt, c.attempt),
          phase = coalesce(EXCLUDED.phase, c.phase), requested_at = coalesce(EXCLUDED.requested_at, c.requested_at),
          ok = coalesce(EXCLUDED.ok, c.ok), error = coalesce(EXCLUDED.error, c.error),
          error_code = coalesce(EXCLUDED.error_code, c.error_code), duration_ms = coalesce(EXCLUDED.duration_ms, c.duration_ms),
          finished_at = coalesce(EXCLUDED.finished_at, c.finished_at)""", (s, c) -> set(s, c.requestId(), c.taskId(), c.tool(),
        c.stepId(), c.attempt(), c.phase(), c.requestedAt(), c.ok(), c.error(), c.errorCode(), c.durationMs(), c.finishedAt()));
  }

  private interface Binder<T> {
    void bind(PreparedStatement statement, T row) throws SQLException;
  }

  private static <T extends Normalised> void batch(Connection connection, List<Normalised> rows, Class<T> type, String sql,
      Binder<T> binder) throws SQLException {
    List<T> ofType = new ArrayList<>();
    for (Normalised row : rows) {
      if (type.isInstance(row)) ofType.add(type.cast(row));
    }
    run(connection, ofType, sql, binder);
  }

  private static <T> void run(Connection connection, List<T> rows, String sql, Binder<T> binder) throws SQLException {
    if (rows.isEmpty()) return;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (T row : rows) {
        binder.bind(statement, row);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private static void set(PreparedStatement statement, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value instanceof Instant instant) {
        statement.setObject(i + 1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
      } else if (value == null) {
        statement.setNull(i + 1, Types.NULL);
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }
}

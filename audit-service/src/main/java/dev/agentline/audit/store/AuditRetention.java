package dev.agentline.audit.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes what is older than a cutoff ({@code agentline.audit.retention}), raw and normalised.
 *
 * <p>The hash chain stays verifiable: of each task, retention deletes a <em>prefix</em> of the
 * chain — rows 1..k, where k is the last position before the first row that is not old enough —
 * and records k and the hash of row k as the task's checkpoint ({@code audit_chain.checkpoint_seq},
 * {@code checkpoint_hash}); verification starts from there. An old row that was chained after a
 * newer one (a late topic) therefore stays until the newer one expires too. Rows without a task
 * (not chained) and normalised rows go by their own time; a task row goes when its last update is
 * old and none of its raw rows is left. One transaction per task, under the task's chain lock.
 */
@Component
public class AuditRetention {
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  public AuditRetention(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  /** What one run deleted. */
  public record Deleted(long rawRows, long normalisedRows, int tasksCheckpointed) {}

  public Deleted deleteOlderThan(Instant cutoff) {
    Timestamp before = Timestamp.from(cutoff);
    List<String> tasks = jdbc.queryForList(
        "SELECT DISTINCT task_id FROM audit_record WHERE occurred_at < ? AND chain_seq IS NOT NULL", String.class, before);
    long raw = 0;
    int checkpointed = 0;
    for (String task : tasks) {
      Long deleted = transactions.execute(status -> deletePrefix(task, before));
      if (deleted != null && deleted > 0) {
        raw += deleted;
        checkpointed++;
      }
    }
    raw += jdbc.update("DELETE FROM audit_record WHERE task_id IS NULL AND occurred_at < ?", before);
    long normalised = transactions.execute(status -> {
      long n = 0;
      for (String table : List.of("task_events", "plan_versions", "model_calls", "step_results", "commands", "pr_events")) {
        n += jdbc.update("DELETE FROM " + table + " WHERE at < ?", before);
      }
      n += jdbc.update("DELETE FROM tool_calls WHERE coalesce(finished_at, requested_at) < ?", before);
      n += jdbc.update("""
          DELETE FROM tasks t WHERE t.updated_at < ?
             AND NOT EXISTS (SELECT 1 FROM audit_record r WHERE r.task_id = t.task_id)""", before);
      return n;
    });
    return new Deleted(raw, normalised, checkpointed);
  }

  private long deletePrefix(String task, Timestamp before) {
    List<Long> head = jdbc.queryForList("SELECT seq FROM audit_chain WHERE task_id = ? FOR UPDATE", Long.class, task);
    if (head.isEmpty()) return 0;
    Long firstKept = jdbc.queryForObject(
        "SELECT min(chain_seq) FROM audit_record WHERE task_id = ? AND chain_seq IS NOT NULL AND occurred_at >= ?", Long.class, task, before);
    long upTo = firstKept == null ? head.get(0) : firstKept - 1;
    List<String> hash = jdbc.queryForList("SELECT hash FROM audit_record WHERE task_id = ? AND chain_seq = ?", String.class, task, upTo);
    if (upTo < 1 || hash.isEmpty()) return 0;
    int deleted = jdbc.update("DELETE FROM audit_record WHERE task_id = ? AND chain_seq <= ?", task, upTo);
    jdbc.update("UPDATE audit_chain SET checkpoint_seq = ?, checkpoint_hash = ?, checkpoint_at = now() WHERE task_id = ?",
        upTo, hash.get(0), task);
    return deleted;
  }
}

package dev.agentline.audit.store;

import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Builds the search vectors of stored records, behind ingest: takes up to {@code max} queued record
 * ids ({@code audit_search_pending}, oldest first), computes their vectors and removes them from the
 * queue, in one statement and so one transaction. Several indexers (replicas) share the queue:
 * each takes ids the others have not locked. A record deleted by retention before it was indexed
 * just leaves the queue. The search table has a partition per week of {@code occurred_at} (V9): before each batch the
 * indexer makes those its records need.
 *
 * <p>A record whose JSON text is longer than {@link #MAX_INDEXED_CHARS} is indexed from its first that many
 * characters (as text, keys included): PostgreSQL refuses a tsvector over 1 MiB ("string is too long for tsvector"),
 * and a record of many distinct words near Kafka's 1 MiB limit would otherwise fail its batch on every run and stall
 * the index. The record itself is stored whole.
 */
@Component
public class SearchIndexer {
  /** Characters of a record's JSON that are indexed; a tsvector stays under PostgreSQL's 1 MiB limit for any text this long. */
  static final int MAX_INDEXED_CHARS = 150_000;
  private static final String INDEX = """
      WITH batch AS (
        DELETE FROM audit_search_pending p
         WHERE p.record_id IN (SELECT record_id FROM audit_search_pending ORDER BY record_id LIMIT ? FOR UPDATE SKIP LOCKED)
        RETURNING p.record_id),
      indexed AS (
        INSERT INTO audit_search (record_id, occurred_at, task_id, record_type, role, repository, search)
        SELECT r.id, r.occurred_at, r.task_id, r.record_type, r.role,
               COALESCE(r.repository, (SELECT t.repository FROM audit_record t
                                        WHERE t.record_type = 'TaskSubmitted' AND t.task_id = r.task_id LIMIT 1)),
               CASE WHEN length(r.body::text) <= ? THEN to_tsvector('english', r.body)
                    ELSE to_tsvector('english', left(r.body::text, ?)) END
          FROM batch b JOIN audit_record r ON r.id = b.record_id
        ON CONFLICT (record_id, occurred_at) DO NOTHING
        RETURNING record_id, task_id, record_type, repository),
      -- records of a task indexed before its TaskSubmitted was stored get its repository now (V7)
      adopted AS (
        UPDATE audit_search s SET repository = i.repository FROM indexed i
         WHERE i.record_type = 'TaskSubmitted' AND i.repository IS NOT NULL
           AND s.task_id = i.task_id AND s.repository IS NULL)
      SELECT (SELECT count(*) FROM batch) AS taken, (SELECT count(*) FROM indexed) AS indexed""";

  /**
   * Makes the week partitions (V9) that the oldest {@code ?} queued records need (all of them when null): before a batch,
   * those it takes unless another indexer holds some of them. Its own statement, committed before the batch: making a
   * partition locks the whole table, which a batch of vectors would otherwise hold for its whole run.
   */
  private static final String ADD_WEEKS = """
      SELECT count(*) FILTER (WHERE audit_search_add_week(w)) FROM (
        SELECT DISTINCT date_trunc('week', r.occurred_at, 'UTC') AS w
          FROM (SELECT record_id FROM audit_search_pending ORDER BY record_id LIMIT ?) p
          JOIN audit_record r ON r.id = p.record_id) weeks""";

  private final JdbcTemplate jdbc;

  public SearchIndexer(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Indexes up to {@code max} queued records; returns how many left the queue. */
  public int indexBatch(int max) {
    jdbc.queryForObject(ADD_WEEKS, Long.class, max);
    try {
      return index(max);
    } catch (DataIntegrityViolationException noPartition) {
      // another indexer held some of the oldest records, and this batch took newer ones of a week with no partition
      // yet; made now, by this indexer or (meanwhile) by the other one, so the batch runs again either way
      jdbc.queryForObject(ADD_WEEKS, Long.class, (Object) null);
      return index(max);
    }
  }

  private int index(int max) {
    Map<String, Object> counts = jdbc.queryForMap(INDEX, max, MAX_INDEXED_CHARS, MAX_INDEXED_CHARS);
    return ((Number) counts.get("taken")).intValue();
  }

  /** Indexes until the queue is empty (tests, tools); returns how many left the queue. */
  public long indexAll(int batch) {
    long total = 0;
    for (int n; (n = indexBatch(batch)) > 0; ) total += n;
    return total;
  }

  /** Records stored but not yet searchable. */
  public long pending() {
    Long n = jdbc.queryForObject("SELECT count(*) FROM audit_search_pending", Long.class);
    return n == null ? 0 : n;
  }
}

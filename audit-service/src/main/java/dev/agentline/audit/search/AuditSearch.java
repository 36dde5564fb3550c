package dev.agentline.audit.search;

import dev.agentline.audit.AuditProperties;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Full-text search over every stored record, and counts per topic.
 *
 * <p>How a search stays fast on a large store: the matching rows are taken newest first (the GIN
 * index for rare words, the occurred_at index walked backwards for common ones: the planner picks),
 * at most {@code window} of them; only those are ranked with {@code ts_rank}; only the page's rows
 * get a {@code ts_headline} snippet.
 */
@Component
class AuditSearch {
  private static final String SEARCH = """
      WITH candidates AS MATERIALIZED (
        SELECT r.id, r.occurred_at, s.search
          FROM audit_search s JOIN audit_record r ON r.id = s.record_id
         WHERE s.search @@ websearch_to_tsquery('english', :q) %s
         ORDER BY r.occurred_at DESC, r.id DESC
         LIMIT :window + 1),
      counted AS (SELECT count(*) AS n FROM candidates),
      page AS (
        SELECT id, rank, row_number() OVER (ORDER BY rank DESC, occurred_at DESC, id DESC) AS n
          FROM (SELECT c.id, c.occurred_at, ts_rank(c.search, websearch_to_tsquery('english', :q)) AS rank
                  FROM candidates c ORDER BY c.occurred_at DESC, c.id DESC LIMIT :window) ranked
         ORDER BY n
        OFFSET :offset LIMIT :limit + 1)
      SELECT counted.n AS matches, p.n AS position, p.rank, r.topic, r.kafka_partition, r.kafka_offset, r.task_id,
             r.record_type, r.event_type, r.role, r.occurred_at,
             COALESCE(r.repository, (SELECT s.repository FROM audit_record s
                                      WHERE s.record_type = 'TaskSubmitted' AND s.task_id = r.task_id LIMIT 1)) AS repository,
             CASE WHEN p.n <= :offset + :limit THEN
               ts_headline('english',
                   translate((SELECT string_agg(v #>> '{}', ' ')
                                FROM jsonb_path_query(r.body, 'strict $.** ? (@.type() == "string")') AS v),
                             '<>' || chr(57344) || chr(57345) || chr(57346) || chr(57347), chr(57346) || chr(57347)),
                   websearch_to_tsquery('english', :q),
                   'StartSel=' || chr(57344) || ', StopSel=' || chr(57345)
                       || ', MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "')
             END AS snippet
        FROM counted LEFT JOIN (page p JOIN audit_record r ON r.id = p.id) ON true
       ORDER BY p.n""";

  private static final String SAME_REPOSITORY = """
       AND (r.repository = :repository OR r.task_id IN (
             SELECT s.task_id FROM audit_record s WHERE s.record_type = 'TaskSubmitted' AND s.repository = :repository))""";

  private final JdbcClient jdbc;
  private final TransactionTemplate readOnly;
  private final int window;

  @Autowired
  AuditSearch(JdbcClient jdbc, PlatformTransactionManager transactions, AuditProperties properties) {
    this(jdbc, transactions, properties.searchWindow());
  }

  AuditSearch(JdbcClient jdbc, PlatformTransactionManager transactions, int window) {
    this.jdbc = jdbc;
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    this.window = window;
  }

  /** The SQL of a search and its named parameters. */
  record Statement(String sql, Map<String, Object> params) {}

  Statement statement(SearchQuery query) {
    StringBuilder filters = new StringBuilder();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("q", query.q());
    params.put("window", window);
    params.put("offset", query.offset());
    params.put("limit", query.limit());
    if (query.taskId() != null) {
      filters.append(" AND r.task_id = :taskId");
      params.put("taskId", query.taskId());
    }
    if (query.repository() != null) {
      filters.append(' ').append(SAME_REPOSITORY);
      params.put("repository", query.repository());
    }
    if (!query.roles().isEmpty()) {
      filters.append(" AND r.role IN (:roles)");
      params.put("roles", query.roles());
    }
    if (!query.recordTypes().isEmpty()) {
      filters.append(" AND r.record_type IN (:recordTypes)");
      params.put("recordTypes", query.recordTypes());
    }
    if (query.from() != null) {
      filters.append(" AND r.occurred_at >= :from");
      params.put("from", Timestamp.from(query.from()));
    }
    if (query.to() != null) {
      filters.append(" AND r.occurred_at < :to");
      params.put("to", Timestamp.from(query.to()));
    }
    return new Statement(SEARCH.formatted(filters), params);
  }

  SearchPage search(SearchQuery query) {
    Statement statement = statement(query);
    List<Row> rows = readOnly.execute(tx -> {
      // The best plan depends on how common the words are: never let a cached generic plan decide.
      jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
      return jdbc.sql(statement.sql()).params(statement.params()).query(AuditSearch::row).list();
    });
    long matches = rows.isEmpty() ? 0 : rows.get(0).matches();
    List<SearchHit> hits = new ArrayList<>();
    for (Row row : rows) {
      if (row.hit() != null && hits.size() < query.limit()) hits.add(row.hit());
    }
    boolean hasMore = rows.stream().filter(r -> r.hit() != null).count() > query.limit();
    return new SearchPage(hits, query.offset(), query.limit(), Math.min(matches, window), matches > window, window,
        hasMore, hasMore ? query.offset() + query.limit() : null);
  }

  /** Rows per topic, ordered by topic. */
  Map<String, Long> countsByTopic() {
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.sql("SELECT topic, count(*) AS n FROM audit_record GROUP BY topic ORDER BY topic")
        .query(rs -> {
          counts.put(rs.getString("topic"), rs.getLong("n"));
        });
    return counts;
  }

  /** Tasks per repository (from the TaskSubmitted records), ordered by repository. */
  Map<String, Long> tasksByRepository() {
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.sql("""
            SELECT repository, count(DISTINCT task_id) AS n FROM audit_record
             WHERE record_type = 'TaskSubmitted' AND repository IS NOT NULL GROUP BY repository ORDER BY repository""")
        .query(rs -> {
          counts.put(rs.getString("repository"), rs.getLong("n"));
        });
    return counts;
  }

  private record Row(long matches, SearchHit hit) {}

  private static Row row(ResultSet rs, int row) throws SQLException {
    long matches = rs.getLong("matches");
    if (rs.getObject("position") == null) return new Row(matches, null);
    return new Row(matches, new SearchHit(
        rs.getString("topic"),
        rs.getInt("kafka_partition"),
        rs.getLong("kafka_offset"),
        rs.getString("task_id"),
        rs.getString("record_type"),
        rs.getString("event_type"),
        rs.getString("role"),
        rs.getString("repository"),
        rs.getTimestamp("occurred_at").toInstant(),
        rs.getDouble("rank"),
        Snippets.html(rs.getString("snippet"))));
  }
}

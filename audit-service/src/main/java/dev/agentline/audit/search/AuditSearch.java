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
      WITH candidates AS MATERIALIZED (%s),
      counted AS (SELECT count(*) AS n FROM candidates),
      page AS (
        SELECT id, rank, repository, row_number() OVER (ORDER BY rank DESC, occurred_at DESC, id DESC) AS n
          FROM (SELECT c.id, c.occurred_at, c.repository, ts_rank(c.search, websearch_to_tsquery('english', :q)) AS rank
                  FROM candidates c ORDER BY c.occurred_at DESC, c.id DESC LIMIT :window) ranked
         ORDER BY n
        OFFSET :offset LIMIT :limit + 1)
      SELECT counted.n AS matches, p.n AS position, p.rank, r.topic, r.kafka_partition, r.kafka_offset, r.task_id,
             r.record_type, r.event_type, r.role, r.occurred_at, p.repository,
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

  /** The newest {@code window + 1} matches: one walk, or (a filter with several values) one walk per value, merged. */
  private static final String CANDIDATES = """
      SELECT s.record_id AS id, s.occurred_at, s.repository, s.search FROM audit_search s
       WHERE s.search @@ websearch_to_tsquery('english', :q)%s""";

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
      filters.append(" AND s.task_id = :taskId");
      params.put("taskId", query.taskId());
    }
    if (query.repository() != null) {
      filters.append(" AND s.repository = :repository");
      params.put("repository", query.repository());
    }
    if (query.from() != null) {
      filters.append(" AND s.occurred_at >= :from");
      params.put("from", Timestamp.from(query.from()));
    }
    if (query.to() != null) {
      filters.append(" AND s.occurred_at < :to");
      params.put("to", Timestamp.from(query.to()));
    }
    // Several record types (or roles): each value's index is walked newest first and the walks merged, since
    // one walk cannot follow "record_type IN (…)" in time order. At most one list is split so; the other stays a filter.
    String split = query.recordTypes().size() > 1 ? "record_type" : query.roles().size() > 1 ? "role" : null;
    filter(filters, params, "role", query.roles(), split);
    filter(filters, params, "record_type", query.recordTypes(), split);
    List<String> walks = new ArrayList<>();
    if (split == null) {
      walks.add(CANDIDATES.formatted(filters));
    } else {
      List<String> values = split.equals("role") ? query.roles() : query.recordTypes();
      for (int i = 0; i < values.size(); i++) {
        params.put(split + i, values.get(i));
        walks.add(CANDIDATES.formatted(filters + " AND s." + split + " = :" + split + i));
      }
    }
    String candidates = "SELECT * FROM (" + String.join("\n UNION ALL\n", walks) + ") walks"
        + " ORDER BY occurred_at DESC, id DESC LIMIT :window + 1";
    return new Statement(SEARCH.formatted(candidates), params);
  }

  private static void filter(StringBuilder filters, Map<String, Object> params, String column, List<String> values, String split) {
    if (values.isEmpty() || column.equals(split)) return;
    filters.append(" AND s.").append(column).append(" IN (:").append(column).append(')');
    params.put(column, values);
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

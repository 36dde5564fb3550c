package dev.agentline.audit.search;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Full-text search over every stored record, and counts per topic. */
@Component
class AuditSearch {
  // The snippet is built from the body's string values only (not its JSON punctuation), and only
  // for the rows that made the page.
  private static final String SEARCH = """
      WITH query AS (SELECT websearch_to_tsquery('english', :q) AS q),
      hits AS (
        SELECT r.id, ts_rank(r.search, query.q) AS rank
          FROM audit_record r, query
         WHERE r.search @@ query.q %s
         ORDER BY rank DESC, r.occurred_at DESC, r.id DESC
         LIMIT :limit)
      SELECT r.topic, r.kafka_partition, r.kafka_offset, r.task_id, r.record_type, r.event_type, r.occurred_at, hits.rank,
             ts_headline('english',
                 (SELECT string_agg(v #>> '{}', ' ') FROM jsonb_path_query(r.body, 'strict $.** ? (@.type() == "string")') AS v),
                 query.q, 'MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "') AS snippet
        FROM hits JOIN audit_record r ON r.id = hits.id, query
       ORDER BY hits.rank DESC, r.occurred_at DESC, r.id DESC""";

  private final JdbcClient jdbc;

  AuditSearch(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<SearchHit> search(SearchQuery query) {
    var statement = jdbc.sql(SEARCH.formatted(query.taskId() == null ? "" : "AND r.task_id = :taskId"))
        .param("q", query.q())
        .param("limit", query.limit());
    if (query.taskId() != null) statement = statement.param("taskId", query.taskId());
    return statement.query(AuditSearch::hit).list();
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

  private static SearchHit hit(ResultSet rs, int row) throws SQLException {
    return new SearchHit(
        rs.getString("topic"),
        rs.getInt("kafka_partition"),
        rs.getLong("kafka_offset"),
        rs.getString("task_id"),
        rs.getString("record_type"),
        rs.getString("event_type"),
        rs.getTimestamp("occurred_at").toInstant(),
        rs.getDouble("rank"),
        rs.getString("snippet"));
  }
}

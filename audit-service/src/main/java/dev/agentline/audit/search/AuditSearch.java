package dev.agentline.audit.search;

import dev.agentline.audit.AuditProperties;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Full-text search over every stored record, and counts per topic.
 *
 * <p>A search ranks the newest {@code window} matches (and needs to know whether there are more), so
 * it first finds the newest {@code window + 1} matching rows of {@code audit_search}, where the
 * filters sit next to the vector (V7). How depends on how common the words are among the rows the
 * filters keep, which the planner cannot know (a word's frequency within a record type or
 * repository, a phrase's), so the search measures it as it goes ({@link Candidates}):
 * <ol>
 *   <li><b>walk</b>: the newest {@code 2 × window} rows the filters keep, newest first along a
 *       (filter, occurred_at) index, each checked against the query. A common word is done here.
 *   <li>if the matches seen say at most {@value #WALK_ON_WINDOWS} windows of rows are left to read, walk on
 *       that far;
 *   <li>else <b>slices</b>: the GIN matches older than the walk, intersected with a range of kept rows as long
 *       as the matches seen say is needed (its far end found by counting along the index alone), the range
 *       doubled until enough are found; all GIN matches at once when fewer than {@value #MIN_SEEN} were seen
 *       (a rare word).
 * </ol>
 * Each step is one bounded statement. {@code ts_rank} is computed only for the matches found, the
 * ranking is done here, and only the page's rows get a snippet ({@link Snippets}). All statements
 * of a search read one snapshot.
 */
@Component
class AuditSearch {
  private static final String QUERY = "websearch_to_tsquery('english', :q)";

  /**
   * The walk: which of the newest {@code :rows} rows the filters keep match, newest first, and then the
   * {@code :rows}-th kept row itself (where the walk stopped; none when fewer are kept), read from the index only.
   */
  private static final String WALK = """
      SELECT * FROM (
        SELECT k.record_id, k.occurred_at, k.repository, ts_rank(k.search, %1$s) AS rank, false AS last
          FROM (%2$s) k WHERE k.search @@ %1$s
         ORDER BY k.occurred_at DESC, k.record_id DESC) matches
      UNION ALL
      (%3$s)""";
  /** The {@code :rows}-th row the filters keep (as a walk's last row). */
  private static final String LAST = """
      SELECT b.record_id, b.occurred_at, NULL AS repository, NULL::real AS rank, true AS last FROM (%s) b
       ORDER BY b.occurred_at DESC, b.record_id DESC OFFSET :rows - 1 LIMIT 1""";
  private static final String KEPT = """
      SELECT s.record_id, s.occurred_at%s FROM audit_search s WHERE true%s
       ORDER BY s.occurred_at DESC, s.record_id DESC LIMIT :rows""";

  /**
   * A slice: the newest {@code :need} matches older than the walk, by the GIN index (bitmap scans only). The query
   * comes from a sub-select so the planner takes its default guess of how many rows match rather than its estimate
   * from the words, which for a phrase or correlated words is a handful when it is tens of thousands: with the
   * guess it intersects the GIN matches with the slice's range instead of fetching every GIN match.
   */
  private static final String SLICE = """
      SELECT s.record_id, s.occurred_at, s.repository, ts_rank(s.search, %1$s) AS rank
        FROM audit_search s
       WHERE s.search @@ (SELECT %1$s)%2$s
       ORDER BY s.occurred_at DESC, s.record_id DESC LIMIT :need""";

  /**
   * The page's records, with the text their snippets come from (the body's strings, as {@code to_tsvector} reads a
   * jsonb) and the query's lexemes as PostgreSQL parsed it.
   */
  private static final String PAGE = """
      SELECT r.id, r.topic, r.kafka_partition, r.kafka_offset, r.task_id, r.record_type, r.event_type, r.role, r.occurred_at,
             (SELECT string_agg(v #>> '{}', ' ')
                FROM jsonb_path_query(r.body, 'strict $.** ? (@.type() == "string")') AS v) AS text,
             %s::text AS query
        FROM audit_record r WHERE r.id IN (:ids)""".formatted(QUERY);

  /**
   * Walk on (rather than slice) when the matches seen say at most this many windows of rows are left to read. A
   * walked row costs ~3 µs (its vector read and checked); since the search table is split by week (V9) a slice reads
   * only its weeks' GIN entries, and at 1 M records walking on for 12 windows (30–40 ms) lost to slicing (10–20 ms).
   */
  private static final int WALK_ON_WINDOWS = 6;
  /** Fewer matches than this in the first walk say too little about how common they are. */
  private static final int MIN_SEEN = 5;

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
    this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    this.window = window;
  }

  /** A statement a search ran, with its named parameters (for EXPLAIN in the benchmark). */
  record Statement(String sql, Map<String, Object> params) {}

  SearchPage search(SearchQuery query) {
    return search(query, statement -> {});
  }

  /** Searches, telling {@code trace} each statement it runs. */
  SearchPage search(SearchQuery query, Consumer<Statement> trace) {
    return readOnly.execute(tx -> {
      // plans depend on the values (how common the words are, how long the slice): no generic plans; and no JIT,
      // whose compile time is more than these bounded statements take
      settings("plan_cache_mode", "force_custom_plan", "jit", "off");
      List<Candidate> newest = new Candidates(query, trace).find();
      return page(query, newest, trace);
    });
  }

  /** Sets two planner settings for the rest of the transaction, in one round trip. */
  private void settings(String name1, String value1, String name2, String value2) {
    jdbc.sql("SELECT set_config(?, ?, true), set_config(?, ?, true)").params(name1, value1, name2, value2).query().listOfRows();
  }

  /** Ranks the newest {@code window} matches (of {@code newest}, up to {@code window + 1}) and fetches the page's records. */
  private SearchPage page(SearchQuery query, List<Candidate> newest, Consumer<Statement> trace) {
    List<Candidate> ranked = new ArrayList<>(newest.subList(0, Math.min(window, newest.size())));
    ranked.sort(Comparator.comparingDouble(Candidate::rank).reversed()
        .thenComparing(Candidate::occurredAt, Comparator.reverseOrder())
        .thenComparing(Candidate::id, Comparator.reverseOrder()));
    int from = Math.min(query.offset(), ranked.size());
    List<Candidate> page = ranked.subList(from, Math.min(ranked.size(), query.offset() + query.limit()));
    List<SearchHit> hits = new ArrayList<>();
    if (!page.isEmpty()) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("q", query.q());
      params.put("ids", page.stream().map(Candidate::id).toList());
      trace.accept(new Statement(PAGE, params));
      Map<Long, Candidate> byId = new LinkedHashMap<>();
      page.forEach(c -> byId.put(c.id(), c));
      Map<Long, SearchHit> fetched = new LinkedHashMap<>();
      Snippets[] snippets = {null};
      jdbc.sql(PAGE).params(params).query(rs -> {
        Candidate c = byId.get(rs.getLong("id"));
        if (snippets[0] == null) snippets[0] = new Snippets(rs.getString("query"));
        fetched.put(c.id(), hit(rs, c, snippets[0]));
      });
      for (Candidate c : page) hits.add(fetched.get(c.id()));
    }
    boolean hasMore = ranked.size() > query.offset() + query.limit();
    return new SearchPage(hits, query.offset(), query.limit(), ranked.size(), newest.size() > window, window,
        hasMore, hasMore ? query.offset() + query.limit() : null);
  }

  /** A row's place in newest-first order. */
  private record Position(Instant at, long id) {}

  /** A matching row: its id, time, repository (its own or its task's) and rank. */
  record Candidate(long id, Instant occurredAt, String repository, double rank) {}

  /** Finds the newest {@code window + 1} matches of one search, newest first. */
  private final class Candidates {
    private final SearchQuery query;
    private final Consumer<Statement> trace;
    private final int need = window + 1;
    private final List<Candidate> found = new ArrayList<>();
    /** Where the next step starts: rows strictly older than this (occurred_at, record_id). */
    private Instant beforeAt;
    private long beforeId;
    /** Rows the filters keep, walked so far. */
    private long walked;

    Candidates(SearchQuery query, Consumer<Statement> trace) {
      this.query = query;
      this.trace = trace;
    }

    List<Candidate> find() {
      if (walk(2L * window)) return found;
      long rows = rowsToRead();
      if (rows > 0 && rows <= (long) WALK_ON_WINDOWS * window) {
        if (walk(rows)) return found;
        rows = rowsToRead();
      }
      // matches are sparse: slices of the GIN matches, each spanning as many kept rows as the matches seen say is needed
      while (true) {
        Position since = rows > 0 ? boundary(rows) : null;
        slice(since);
        if (found.size() >= need || since == null) return found;
        beforeAt = since.at();
        beforeId = since.id();
        walked += rows;
        rows = Math.max(rowsToRead(), rows * 2);
      }
    }

    /**
     * Kept rows still to read for the matches missing, by the rate seen so far (with half as many again); -1 when too
     * few matches were seen to tell (a rare word: all its GIN matches are few).
     */
    private long rowsToRead() {
      return found.size() < MIN_SEEN ? -1 : (need - found.size()) * walked / found.size() * 3 / 2 + 1;
    }

    /** The {@code rows}-th kept row older than where the last step stopped, or null when fewer are left. */
    private Position boundary(long rows) {
      Map<String, Object> params = params();
      params.put("rows", rows);
      String sql = LAST.formatted(kept(params, ""));
      trace.accept(new Statement(sql, params));
      return jdbc.sql(sql).params(params)
          .query((rs, i) -> new Position(rs.getTimestamp("occurred_at").toInstant(), rs.getLong("record_id")))
          .optional().orElse(null);
    }

    /** Walks the next {@code rows} rows the filters keep; true when done (enough matches, or no rows left). */
    private boolean walk(long rows) {
      Map<String, Object> params = params();
      params.put("rows", rows);
      String sql = WALK.formatted(QUERY, kept(params, ", s.repository, s.search"), LAST.formatted(kept(params, "")));
      trace.accept(new Statement(sql, params));
      boolean[] full = {false};
      jdbc.sql(sql).params(params).query(rs -> {
        if (rs.getBoolean("last")) {
          full[0] = true;
          beforeAt = rs.getTimestamp("occurred_at").toInstant();
          beforeId = rs.getLong("record_id");
        } else if (found.size() < need) {
          found.add(candidate(rs));
        }
      });
      walked += rows;
      // fewer rows than asked for: the filters keep no more
      return found.size() >= need || !full[0];
    }

    /** The newest matches older than the last step and not older than {@code since} (when given), by bitmap scans. */
    private void slice(Position since) {
      Map<String, Object> params = params();
      StringBuilder where = new StringBuilder(filters(params));
      if (since != null) {
        where.append(" AND (s.occurred_at, s.record_id) >= (:sinceAt, :sinceId) AND s.occurred_at >= :sinceAt");
        params.put("sinceAt", Timestamp.from(since.at()));
        params.put("sinceId", since.id());
      }
      params.put("need", need - found.size());
      String sql = SLICE.formatted(QUERY, where);
      trace.accept(new Statement(sql, params));
      settings("enable_indexscan", "off", "enable_seqscan", "off");
      jdbc.sql(sql).params(params).query(rs -> {
        found.add(candidate(rs));
      });
      settings("enable_indexscan", "on", "enable_seqscan", "on");
    }

    private Map<String, Object> params() {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("q", query.q());
      return params;
    }

    /**
     * The rows the filters keep, newest first, at most {@code :rows}. Several record types (or roles): one walk
     * per value along its index, merged, since one walk cannot follow "record_type IN (…)" in time order.
     */
    private String kept(Map<String, Object> params, String columns) {
      String filters = filters(params);
      String split = query.recordTypes().size() > 1 ? "record_type" : query.roles().size() > 1 ? "role" : null;
      if (split == null) return KEPT.formatted(columns, filters);
      List<String> values = split.equals("role") ? query.roles() : query.recordTypes();
      List<String> walks = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        params.put(split + i, values.get(i));
        walks.add("(" + KEPT.formatted(columns, filters + " AND s." + split + " = :" + split + i) + ")");
      }
      return "SELECT * FROM (" + String.join("\n UNION ALL\n", walks) + ") u ORDER BY occurred_at DESC, record_id DESC LIMIT :rows";
    }

    /** The filters, and where the previous step stopped. */
    private String filters(Map<String, Object> params) {
      StringBuilder filters = new StringBuilder();
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
      if (beforeAt != null) {
        // the plain bound as well: the planner leaves out the week partitions (V9) it excludes, not a row comparison's
        filters.append(" AND (s.occurred_at, s.record_id) < (:beforeAt, :beforeId) AND s.occurred_at <= :beforeAt");
        params.put("beforeAt", Timestamp.from(beforeAt));
        params.put("beforeId", beforeId);
      }
      in(filters, params, "role", query.roles());
      in(filters, params, "record_type", query.recordTypes());
      return filters.toString();
    }
  }

  private static void in(StringBuilder filters, Map<String, Object> params, String column, List<String> values) {
    if (values.isEmpty()) return;
    filters.append(" AND s.").append(column).append(" IN (:").append(column).append(')');
    params.put(column, values);
  }

  private static Candidate candidate(ResultSet rs) throws SQLException {
    // ts_rank is a real: read as one, whether the driver got it as text or binary, so equal ranks stay equal
    return new Candidate(rs.getLong("record_id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("repository"),
        Double.parseDouble(Float.toString(rs.getFloat("rank"))));
  }

  private static SearchHit hit(ResultSet rs, Candidate c, Snippets snippets) throws SQLException {
    return new SearchHit(
        rs.getString("topic"),
        rs.getInt("kafka_partition"),
        rs.getLong("kafka_offset"),
        rs.getString("task_id"),
        rs.getString("record_type"),
        rs.getString("event_type"),
        rs.getString("role"),
        c.repository(),
        c.occurredAt(),
        c.rank(),
        snippets.html(rs.getString("text")));
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
}

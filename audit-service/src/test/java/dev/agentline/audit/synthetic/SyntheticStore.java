package dev.agentline.audit.synthetic;

import dev.agentline.audit.ingest.IngestBridge;
import dev.agentline.audit.store.AuditRow;
import dev.agentline.audit.store.SearchIndexer;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fills {@code audit_record} with synthetic task histories ({@link SyntheticHistory}) made into rows
 * by the real ingest code, written with {@code COPY} in batches from several threads. Secondary
 * indexes can be dropped for the load and rebuilt after it, which is much faster for large loads.
 */
public final class SyntheticStore {
  private static final String COPY = """
      COPY audit_record (topic, kafka_partition, kafka_offset, task_id, record_type, event_type, occurred_at,
                         kafka_timestamp, summary, body, headers) FROM STDIN""";
  private static final int BATCH_ROWS = 2_000;

  private SyntheticStore() {}

  /**
   * Adds about {@code events} rows (whole tasks, so a few more), makes them searchable and returns how
   * many were added. Thread {@code i} writes partition {@code i} of every topic, at offsets after those stored.
   *
   * @param start time of the first task; the tasks spread over {@code spanMillis}
   */
  public static long load(DataSource dataSource, long events, long seed, Instant start, long spanMillis, int threads) throws Exception {
    long written = copy(dataSource, events, seed, start, spanMillis, threads);
    index(dataSource, threads);
    return written;
  }

  /** As {@link #load}, without indexing for search: {@link #index} does that. */
  public static long copy(DataSource dataSource, long events, long seed, Instant start, long spanMillis, int threads) throws Exception {
    int tasks = (int) Math.max(1, events / 85);
    AtomicLong written = new AtomicLong();
    inParallel(threads, thread -> loadPart(dataSource, thread, threads, events / threads, tasks, seed, start, spanMillis, written));
    return written.get();
  }

  /**
   * COPY bypasses the store's search queue: queues what is not indexed and indexes it with the service's
   * own {@link SearchIndexer}, {@code threads} of them sharing the queue. Returns how many were indexed.
   */
  public static long index(DataSource dataSource, int threads) throws Exception {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.update("""
        INSERT INTO audit_search_pending (record_id)
        SELECT r.id FROM audit_record r WHERE NOT EXISTS (SELECT 1 FROM audit_search s WHERE s.record_id = r.id)
        ON CONFLICT DO NOTHING""");
    AtomicLong indexed = new AtomicLong();
    inParallel(threads, thread -> indexed.addAndGet(new SearchIndexer(jdbc).indexAll(2_000)));
    return indexed.get();
  }

  private interface Part {
    void run(int thread) throws Exception;
  }

  private static void inParallel(int threads, Part part) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        parts.add(pool.submit(() -> {
          part.run(thread);
          return null;
        }));
      }
      for (Future<?> f : parts) f.get();
    } finally {
      pool.shutdownNow();
    }
  }

  private static void loadPart(DataSource dataSource, int thread, int threads, long events, int tasks, long seed, Instant start,
      long spanMillis, AtomicLong written) throws Exception {
    SyntheticHistory history = new SyntheticHistory(seed * 31 + thread, start, spanMillis);
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, Long> firstOffsets = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection()) {
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      StringBuilder batch = new StringBuilder(1 << 22);
      int inBatch = 0;
      long mine = 0;
      // tasks are numbered over all threads, so their times interleave like concurrent tasks do
      for (int task = thread; mine < events; task += threads) {
        for (SyntheticHistory.Published p : history.task(task, Math.max(tasks, task + 1))) {
          long offset = counts.merge(p.topic(), 1L, Long::sum) - 1 + firstOffset(connection, p.topic(), thread, firstOffsets);
          AuditRow row = IngestBridge.row(p.topic(), thread, offset, p.key(), p.record(), p.at());
          appendRow(batch, row);
          mine++;
          if (++inBatch == BATCH_ROWS) {
            copy.copyIn(COPY, new StringReader(batch.toString()));
            written.addAndGet(inBatch);
            batch.setLength(0);
            inBatch = 0;
          }
        }
      }
      if (inBatch > 0) {
        copy.copyIn(COPY, new StringReader(batch.toString()));
        written.addAndGet(inBatch);
      }
    }
  }

  /** The first free offset of a topic partition, looked up once per topic. */
  private static long firstOffset(Connection connection, String topic, int partition, Map<String, Long> known) throws SQLException {
    Long first = known.get(topic);
    if (first != null) return first;
    try (var statement = connection.prepareStatement(
        "SELECT coalesce(max(kafka_offset) + 1, 0) FROM audit_record WHERE topic = ? AND kafka_partition = ?")) {
      statement.setString(1, topic);
      statement.setInt(2, partition);
      try (var rs = statement.executeQuery()) {
        rs.next();
        first = rs.getLong(1);
      }
    }
    known.put(topic, first);
    return first;
  }

  /**
   * Drops a table's secondary indexes (not its keys, not those named in {@code keep}) and returns their
   * definitions, for {@link #createIndexes}.
   */
  public static List<String> dropSecondaryIndexes(DataSource dataSource, String table, String... keep) throws SQLException {
    List<String> definitions = new ArrayList<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      List<String> names = new ArrayList<>();
      try (var rs = statement.executeQuery("""
          SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.tablename = '%s'
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""".formatted(table))) {
        while (rs.next()) {
          if (List.of(keep).contains(rs.getString(1))) continue;
          names.add(rs.getString(1));
          definitions.add(rs.getString(2));
        }
      }
      for (String name : names) statement.execute("DROP INDEX " + name);
    }
    return definitions;
  }

  public static void createIndexes(DataSource dataSource, List<String> definitions) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("SET maintenance_work_mem = '1GB'");
      for (String definition : definitions) statement.execute(definition);
    }
  }

  /** One row in COPY text format. */
  static void appendRow(StringBuilder out, AuditRow row) {
    field(out, row.topic()).append('\t');
    out.append(row.partition()).append('\t').append(row.offset()).append('\t');
    field(out, row.taskId()).append('\t');
    field(out, row.recordType()).append('\t');
    field(out, row.eventType()).append('\t');
    out.append(row.occurredAt()).append('\t');
    field(out, row.kafkaTimestamp() == null ? null : row.kafkaTimestamp().toString()).append('\t');
    field(out, row.summary()).append('\t');
    field(out, row.body()).append('\t');
    field(out, row.headers()).append('\n');
  }

  private static StringBuilder field(StringBuilder out, String value) {
    if (value == null) return out.append("\\N");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out;
  }
}

package dev.agentline.audit.bench;

import dev.agentline.audit.AuditApplication;
import dev.agentline.audit.bench.SyntheticRecords.Synthetic;
import dev.agentline.audit.ingest.RecordIngest;
import dev.agentline.audit.store.AuditStore;
import dev.agentline.audit.store.IngestRecord;
import dev.agentline.audit.store.SearchIndexer;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Ingest benchmark (issue 7 §6, ingest half). {@code store N}: synthetic records straight into the
 * store (decode, redact, map, one transaction per batch of 1000) — the database cost without Kafka.
 * {@code kafka N}: the whole audit service on an in-process broker and its embedded PostgreSQL;
 * N records are produced and the time until all are stored is measured. Prints events/s.
 * Run by {@code audit-service/bench/ingest.sh}.
 */
public final class IngestBench {
  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    AvroCodec.trustAgentlineRecords();
    String mode = args.length > 0 ? args[0] : "both";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int consumers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    System.out.printf(Locale.ROOT, "%d synthetic records (TaskEvent/ModelCall/ToolResult, prompts of a few KB), %d cores%n",
        n, Runtime.getRuntime().availableProcessors());
    List<Synthetic> records = new SyntheticRecords(42).next(n);
    long bytes = 0;
    List<byte[]> values = new ArrayList<>(n);
    for (Synthetic s : records) {
      byte[] value = s.encoded();
      values.add(value);
      bytes += value.length;
    }
    System.out.printf(Locale.ROOT, "average value %d bytes%n", bytes / n);
    if (mode.equals("store") || mode.equals("both")) store(records, values);
    if (mode.equals("kafka") || mode.equals("both")) kafka(records, values, consumers);
  }

  /**
   * One thread, one connection, so the CPU each side spends is known even on a busy machine: the
   * thread's own CPU time (decode, redact, map, build the COPY) and its PostgreSQL backend's (read
   * from /proc). Their sum per record bounds what 2 cores can ingest.
   */
  private static void store(List<Synthetic> records, List<byte[]> values) throws Exception {
    int n = records.size();
    try (AuditDatabase db = new AuditDatabase()) {
      SingleConnectionDataSource single = new SingleConnectionDataSource(db.jdbcUrl() + System.getenv().getOrDefault("BENCH_URL_SUFFIX", ""), true);
      JdbcTemplate jdbc = new JdbcTemplate(single);
      AuditStore store = new AuditStore(jdbc, new DataSourceTransactionManager(single));
      long backend = jdbc.queryForObject("SELECT pg_backend_pid()", Long.class);
      // warm-up: the JIT, the connection, the first pages
      ingest(store, records.subList(0, Math.min(5_000, n)), values, 0, new long[1]);
      jdbc.update("TRUNCATE audit_search, audit_search_pending, audit_record, audit_chain, tasks, task_events, plan_versions, "
          + "model_calls, tool_calls, step_results, commands");
      // what-if experiments: BENCH_SQL="DROP INDEX audit_record_timeline;..." runs before the timed part
      for (String sql : System.getenv().getOrDefault("BENCH_SQL", "").split(";")) {
        if (!sql.isBlank()) jdbc.execute(sql);
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long[] mapNanos = new long[1];
      long cpu0 = threads.getCurrentThreadCpuTime();
      long pg0 = processCpuNanos(backend);
      long started = System.nanoTime();
      int stored = ingest(store, records, values, 1_000_000, mapNanos);
      double seconds = (System.nanoTime() - started) / 1e9;
      double javaMicros = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
      double pgMicros = (processCpuNanos(backend) - pg0) / 1e3 / n;
      System.out.printf(Locale.ROOT, "STORE (no Kafka): %d records in %.2f s = %,.0f events/s on one thread (wall time, batches of 1000)%n",
          stored, seconds, stored / seconds);
      System.out.printf(Locale.ROOT, "  CPU per record: %.1f µs Java (of which decode+redact+map %.1f µs wall) + %.1f µs PostgreSQL = %.1f µs"
          + " -> at most %,.0f events/s on 2 cores%n", javaMicros, mapNanos[0] / 1e3 / n, pgMicros, javaMicros + pgMicros,
          2e6 / (javaMicros + pgMicros));
      report(jdbc);
      long pg1 = processCpuNanos(backend);
      long t = System.nanoTime();
      long indexed = new SearchIndexer(jdbc).indexAll(500);
      double indexSeconds = (System.nanoTime() - t) / 1e9;
      System.out.printf(Locale.ROOT, "SEARCH INDEX (behind ingest): %d records in %.2f s = %,.0f records/s, %.1f µs PostgreSQL CPU per record%n",
          indexed, indexSeconds, indexed / indexSeconds, (processCpuNanos(backend) - pg1) / 1e3 / n);
      single.destroy();
    }
  }

  /** utime + stime of a process, from /proc/<pid>/stat (clock ticks of 10 ms). */
  private static long processCpuNanos(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
  }

  private static int ingest(AuditStore store, List<Synthetic> records, List<byte[]> values, long offsetBase, long[] mapNanos) {
    int stored = 0;
    for (int from = 0; from < records.size(); from += 1000) {
      long t = System.nanoTime();
      List<IngestRecord> batch = new ArrayList<>(1000);
      for (int i = from; i < Math.min(from + 1000, records.size()); i++) {
        Synthetic s = records.get(i);
        batch.add(RecordIngest.of(s.topic(), 0, offsetBase + i, s.key(), values.get(i), Instant.now(), List.of()));
      }
      mapNanos[0] += System.nanoTime() - t;
      stored += store.insertAll(batch);
    }
    return stored;
  }

  private static void kafka(List<Synthetic> records, List<byte[]> values, int consumers) throws Exception {
    Path dir = Files.createTempDirectory("audit-ingest-bench");
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
      KafkaAdmin.createTopics(kafka.bootstrapServers(), 2);
      List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--server.port=0",
          "--agentline.audit.consumers=" + consumers, "--logging.level.root=WARN"));
      // what-if experiments: BENCH_ARGS="--agentline.audit.batch-size=2000 ..." (service properties)
      for (String arg : System.getenv().getOrDefault("BENCH_ARGS", "").split(" ")) {
        if (!arg.isBlank()) args.add(arg);
      }
      try (ConfigurableApplicationContext audit = new SpringApplicationBuilder(AuditApplication.class).run(args.toArray(String[]::new))) {
        JdbcTemplate jdbc = audit.getBean(JdbcTemplate.class);
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
          for (int i = 0; i < records.size(); i++) {
            producer.send(new ProducerRecord<>(records.get(i).topic(), records.get(i).key(), values.get(i)));
          }
        }
        double produced = (System.nanoTime() - started) / 1e9;
        long count;
        do {
          Thread.sleep(100);
          count = jdbc.queryForObject("SELECT count(*) FROM audit_record", Long.class);
        } while (count < records.size());
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "KAFKA end to end: %d records in %.2f s = %,.0f events/s "
                + "(produced in %.2f s; %d consumer(s), batches up to 1000, 2 partitions per topic)%n",
            count, seconds, count / seconds, produced, consumers);
        SearchIndexer indexer = audit.getBean(SearchIndexer.class);
        while (indexer.pending() > 0) Thread.sleep(200);
        double searchable = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "  all searchable after %.2f s, %.2f s after the last was stored (the search index is built "
            + "behind ingest)%n", searchable, searchable - seconds);
        report(jdbc);
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void report(JdbcTemplate jdbc) {
    System.out.printf(Locale.ROOT, "  stored: %s; %d rows with redactions; database %s%n",
        jdbc.queryForList("SELECT record_type || '=' || count(*) FROM audit_record GROUP BY record_type ORDER BY 1", String.class),
        jdbc.queryForObject("SELECT count(*) FROM audit_record WHERE redaction_count > 0", Long.class),
        jdbc.queryForObject("SELECT pg_size_pretty(pg_database_size(current_database()))", String.class));
  }
}

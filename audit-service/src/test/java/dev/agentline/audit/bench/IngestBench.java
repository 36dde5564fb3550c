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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.kafka.listener.MessageListenerContainer;

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
    // BENCH_JDBC_URL: a running server instead of the embedded one (e.g. a build of PostgreSQL with lz4, see V11)
    String server = System.getenv("BENCH_JDBC_URL");
    try (AuditDatabase db = server == null || server.isBlank() ? new AuditDatabase() : AuditDatabase.at(server)) {
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

  /**
   * CPU used so far, by part: this JVM's threads grouped by name, the JVM's own (garbage collector, compiler; with the
   * Java threads that ended), and all PostgreSQL processes (the search indexer's backend included).
   */
  private static Map<String, Long> cpuByPart() throws java.io.IOException {
    Map<String, Long> parts = new java.util.TreeMap<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long javaThreads = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) continue;
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu <= 0) continue;
      parts.merge(partOf(info.getThreadName()), cpu, Long::sum);
      javaThreads += cpu;
    }
    // the JVM's own threads (garbage collector, JIT compiler) are not Java threads: the process's total less the others
    parts.put("JVM (GC, JIT)", processCpuNanos(ProcessHandle.current().pid()) - javaThreads);
    long postgres = 0;
    try (var processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        try {
          if (Files.readString(process.resolve("comm")).trim().equals("postgres")) {
            postgres += processCpuNanos(Long.parseLong(process.getFileName().toString()));
          }
        } catch (java.io.IOException ended) {
          // the process ended while we looked
        }
      }
    }
    parts.put("PostgreSQL", postgres);
    return parts;
  }

  private static String partOf(String thread) {
    if (thread.startsWith("auditIngestContainer")) return "consumers";
    if (thread.startsWith("audit-search-indexer")) return "indexer (Java)";
    if (thread.startsWith("kafka-producer")) return "producer";
    if (thread.equals("main")) return "bench (produce, count)";
    return "broker and other";
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

  private static void kafka(List<Synthetic> records, List<byte[]> values, int consumerCount) throws Exception {
    Path dir = Files.createTempDirectory("audit-ingest-bench");
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
      KafkaAdmin.createTopics(kafka.bootstrapServers(), 2);
      List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--server.port=0",
          "--agentline.audit.consumers=" + consumerCount, "--logging.level.root=WARN"));
      // what-if experiments: BENCH_ARGS="--agentline.audit.batch-size=2000 ..." (service properties)
      for (String arg : System.getenv().getOrDefault("BENCH_ARGS", "").split(" ")) {
        if (!arg.isBlank()) args.add(arg);
      }
      try (ConfigurableApplicationContext audit = new SpringApplicationBuilder(AuditApplication.class).run(args.toArray(String[]::new))) {
        JdbcTemplate jdbc = audit.getBean(JdbcTemplate.class);
        SearchIndexer indexer = audit.getBean(SearchIndexer.class);
        // the service's own counter, not count(*): a scan of the growing table ten times a second took CPU from ingest
        Counter stored = audit.getBean(MeterRegistry.class).get("agentline.audit.records.stored").counter();
        MessageListenerContainer consumers = audit.getBean("auditIngestContainer", MessageListenerContainer.class);
        long warmedUp = warmUp(kafka.bootstrapServers(), consumers, stored, indexer);

        // the timed part starts from a backlog: every record is in Kafka before the consumers start, and the benchmark
        // lets go of its copies first (~600 MB that the collector kept walking while the service worked)
        consumers.stop();
        long t = System.nanoTime();
        produce(kafka.bootstrapServers(), records, values);
        double produced = (System.nanoTime() - t) / 1e9;
        int n = records.size();
        records.clear();
        values.clear();
        System.gc();

        System.out.printf(Locale.ROOT, "storing the backlog of %d records…%n", n);
        Map<String, Long> cpu0 = cpuByPart();
        long jit0 = jitMillis();
        long started = System.nanoTime();
        consumers.start();
        long count = awaitStored(stored, warmedUp + n) - warmedUp;
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "KAFKA end to end: %d records in %.2f s = %,.0f events/s "
                + "(from a backlog produced in %.2f s before; %d consumer(s), batches up to 1000, 2 partitions per topic)%n",
            count, seconds, count / seconds, produced, consumerCount);
        Map<String, Long> cpu1 = cpuByPart();
        StringBuilder parts = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Long> part : cpu1.entrySet()) {
          long used = part.getValue() - cpu0.getOrDefault(part.getKey(), 0L);
          total += used;
          parts.append(String.format(Locale.ROOT, "%s %.0f µs, ", part.getKey(), used / 1e3 / count));
        }
        System.out.printf(Locale.ROOT, "  CPU per record while storing: %stotal %.0f µs (%.2f cores busy); of the JVM's own, the JIT "
            + "compilers %.0f µs (%.0f %% of a core)%n", parts, total / 1e3 / count, total / 1e9 / seconds,
            (jitMillis() - jit0) * 1e3 / count, (jitMillis() - jit0) / 10.0 / seconds);
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

  /**
   * Rounds of {@value #WARM_UP_ROUND} records of other tasks, each produced as a backlog, stored and indexed, until the
   * JIT compilers settle: a round in which they took under {@value #SETTLED_JIT_SHARE} of a core, at most
   * {@code -Dbench.max-warm-up-rounds} (default {@value #MAX_WARM_UP_ROUNDS}). The broker, the service and the drivers in one JVM are thousands of methods to
   * compile; with a single warm-up of 30 000 records the compilers still took a large share of the cores while the
   * backlog was measured. Returns how many records the service has stored.
   */
  private static long warmUp(String bootstrapServers, MessageListenerContainer consumers, Counter stored, SearchIndexer indexer)
      throws InterruptedException {
    SyntheticRecords others = new SyntheticRecords(7, Instant.parse("2026-10-01T08:00:00Z"), 24);
    int rounds = Integer.getInteger("bench.max-warm-up-rounds", MAX_WARM_UP_ROUNDS);
    long total = 0;
    for (int round = 1; round <= rounds; round++) {
      long jit = jitMillis();
      long start = System.nanoTime();
      List<Synthetic> warm = others.next(WARM_UP_ROUND);
      // a backlog, as in the timed part: the consumers take full batches (records produced while they consume came in
      // small ones, and the compilers went on compiling once the timed part's full batches came)
      consumers.stop();
      produce(bootstrapServers, warm, warm.stream().map(Synthetic::encoded).toList());
      consumers.start();
      total = awaitStored(stored, total + WARM_UP_ROUND);
      while (indexer.pending() > 0) Thread.sleep(200);
      double share = (jitMillis() - jit) / ((System.nanoTime() - start) / 1e6);
      System.out.printf(Locale.ROOT, "warm-up round %d: %d records stored and indexed; JIT compilers took %.0f %% of a core%n",
          round, WARM_UP_ROUND, share * 100);
      if (share < SETTLED_JIT_SHARE) break;
    }
    return total;
  }

  private static final int WARM_UP_ROUND = 20_000;
  private static final int MAX_WARM_UP_ROUNDS = 15;
  private static final double SETTLED_JIT_SHARE = 0.15;

  /** Time the JIT compilers have spent compiling, summed over their threads. */
  private static long jitMillis() {
    return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  private static void produce(String bootstrapServers, List<Synthetic> records, List<byte[]> values) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < records.size(); i++) {
        producer.send(new ProducerRecord<>(records.get(i).topic(), records.get(i).key(), values.get(i)));
      }
    }
  }

  /** Waits until the service has stored {@code total} records; returns how many it has. */
  private static long awaitStored(Counter stored, long total) throws InterruptedException {
    long count;
    do {
      Thread.sleep(100);
      count = (long) stored.count();
    } while (count < total);
    return count;
  }

  private static void report(JdbcTemplate jdbc) {
    System.out.printf(Locale.ROOT, "  stored: %s; %d rows with redactions; bodies %s; database %s%n",
        jdbc.queryForList("SELECT record_type || '=' || count(*) FROM audit_record GROUP BY record_type ORDER BY 1", String.class),
        jdbc.queryForObject("SELECT count(*) FROM audit_record WHERE redaction_count > 0", Long.class),
        // V11: how the long bodies were stored (pglz, lz4, or uncompressed)
        jdbc.queryForList("SELECT how || '=' || count(*) FROM (SELECT coalesce(pg_column_compression(body), 'uncompressed') "
            + "AS how FROM audit_record WHERE octet_length(body::text) > 2000) b GROUP BY how ORDER BY how", String.class),
        jdbc.queryForObject("SELECT pg_size_pretty(pg_database_size(current_database()))", String.class));
  }
}

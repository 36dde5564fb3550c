package dev.agentline.audit.search;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentline.audit.synthetic.SyntheticHistory;
import dev.agentline.audit.synthetic.SyntheticStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Search latency on a large store: builds (or reuses) an embedded PostgreSQL holding about
 * {@code --events} synthetic records ({@link SyntheticStore}), then runs representative searches
 * through the service's own {@link AuditSearch} and prints p50/p95/p99 per query class and overall.
 *
 * <pre>
 * audit-service/bench/search.sh [--events 1000000] [--rounds 40] [--window 1000] [--data-dir DIR] [--jdbc-url URL] [--explain]
 * </pre>
 *
 * {@code --data-dir} keeps the database: a second run with the same directory skips the load.
 * {@code --classes} runs only the named query classes (and {@code --explain} then explains each of their queries).
 * {@code --jdbc-url} uses a running PostgreSQL instead (user postgres), e.g. one started on such a directory.
 */
public final class SearchBenchmark {
  private SearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    long events = Long.parseLong(options.getOrDefault("events", "1000000"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "40"));
    boolean explain = options.containsKey("explain");
    int window = Integer.parseInt(options.getOrDefault("window", "1000"));
    LIMITS = new SearchQuery.Limits(50, 500, window);
    Path dataDir = options.containsKey("data-dir") ? Path.of(options.get("data-dir")) : Files.createTempDirectory("audit-search-bench");
    boolean keep = options.containsKey("data-dir");
    String url = options.get("jdbc-url");
    if (url == null) Files.createDirectories(dataDir);

    try (EmbeddedPostgres postgres = url != null ? null : EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(!keep).start();
         HikariDataSource dataSource = pool(url != null ? url : postgres.getJdbcUrl("postgres", "postgres"))) {
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
      JdbcClient jdbc = JdbcClient.create(dataSource);
      long stored = jdbc.sql("SELECT count(*) FROM audit_record").query(Long.class).single();
      if (stored < events) load(dataSource, jdbc, events - stored);
      printStore(jdbc);

      AuditSearch search = new AuditSearch(jdbc, new JdbcTransactionManager(dataSource), window);
      List<QueryClass> classes = queryClasses(jdbc);
      if (options.containsKey("classes")) {
        List<String> only = List.of(options.get("classes").split(","));
        classes = classes.stream().filter(c -> only.contains(c.name())).toList();
      }
      if (explain) explain(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)), search, classes, options.containsKey("classes"));
      System.out.println("warming up…");
      for (QueryClass c : classes) for (Map<String, List<String>> q : c.queries()) search.search(SearchQuery.parse(q, LIMITS));
      Map<String, List<Long>> latencies = new LinkedHashMap<>();
      Map<String, long[]> hitStats = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (QueryClass c : classes) {
          Map<String, List<String>> q = c.queries().get(round % c.queries().size());
          long t = System.nanoTime();
          SearchPage page = search.search(SearchQuery.parse(q, LIMITS));
          long micros = (System.nanoTime() - t) / 1_000;
          latencies.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(micros);
          latencies.computeIfAbsent("overall", k -> new ArrayList<>()).add(micros);
          long[] stats = hitStats.computeIfAbsent(c.name(), k -> new long[3]);
          stats[0] += page.hits().size();
          stats[1] += page.total();
          stats[2] += page.moreBeyondWindow() ? 1 : 0;
        }
      }
      System.out.printf(Locale.ROOT, "%n%-22s %6s %9s %9s %9s %9s %9s %8s%n", "query class", "runs", "p50 ms", "p95 ms", "p99 ms", "max ms", "avg hits", "avg total");
      for (var e : latencies.entrySet()) {
        long[] sorted = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
        long[] stats = hitStats.getOrDefault(e.getKey(), new long[3]);
        System.out.printf(Locale.ROOT, "%-22s %6d %9.1f %9.1f %9.1f %9.1f %9s %8s%n", e.getKey(), sorted.length,
            pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1] / 1000.0,
            e.getKey().equals("overall") ? "" : String.format(Locale.ROOT, "%.1f", stats[0] / (double) sorted.length),
            e.getKey().equals("overall") ? "" : (stats[1] / sorted.length) + (stats[2] > 0 ? "+" : ""));
      }
      System.out.printf("(avg total: matches ranked, at most the window of %d; '+' = more matches beyond the window)%n", window);
    }
  }

  private static SearchQuery.Limits LIMITS;

  private record QueryClass(String name, List<Map<String, List<String>>> queries) {}

  private static List<QueryClass> queryClasses(JdbcClient jdbc) {
    List<String> tasks = jdbc.sql("SELECT task_id FROM audit_record WHERE record_type = 'TaskSubmitted' ORDER BY md5(task_id) LIMIT 20")
        .query(String.class).list();
    Instant newest = jdbc.sql("SELECT max(occurred_at) FROM audit_record").query(java.sql.Timestamp.class).single().toInstant();
    String from = newest.minus(3, ChronoUnit.DAYS).toString();
    String to = newest.minus(1, ChronoUnit.DAYS).toString();
    List<String> common = List.of("test", "error", "amount", "null", "invoice", "return", "retry", "expected");
    List<String> rare = SyntheticHistory.RARE_WORDS.subList(0, 40);
    List<String> phrases = List.of("\"tests failed\"", "\"partial refunds\"", "\"rounds half-cent amounts\"", "\"retries forever\"",
        "\"is null\"", "\"sends the reminder email twice\"");
    List<String> words = List.of("invoice rounding", "deadlock journal", "refund -coupon", "webhook idempotency", "timeout or deadlock",
        "currency stale prices");
    List<String> repos = SyntheticHistory.REPOSITORIES;
    List<QueryClass> classes = new ArrayList<>();
    classes.add(new QueryClass("common word", map(common, w -> q(w))));
    classes.add(new QueryClass("rare word", map(rare, w -> q(w))));
    classes.add(new QueryClass("phrase", map(phrases, w -> q(w))));
    classes.add(new QueryClass("several words", map(words, w -> q(w))));
    classes.add(new QueryClass("common, page 2", map(common, w -> with(q(w), "offset", "50"))));
    classes.add(new QueryClass("common + role", map(common, w -> with(q(w), "role", w.length() % 2 == 0 ? "MANAGER" : "code-edit"))));
    classes.add(new QueryClass("common + type", map(common, w -> with(q(w), "recordType", w.length() % 2 == 0 ? "ToolResult" : "ModelCall,StepRequest"))));
    classes.add(new QueryClass("common + repository", map(common, w -> with(q(w), "repository", repos.get(Math.abs(w.hashCode()) % repos.size())))));
    classes.add(new QueryClass("rare + repository", map(rare, w -> with(q(w), "repository", repos.get(Math.abs(w.hashCode()) % repos.size())))));
    classes.add(new QueryClass("common + task", map(tasks, t -> with(q(common.get(Math.abs(t.hashCode()) % common.size())), "taskId", t))));
    classes.add(new QueryClass("common + time range", map(common, w -> with(with(q(w), "from", from), "to", to))));
    classes.add(new QueryClass("phrase + all filters", map(phrases, w -> with(with(with(q(w), "from", from), "recordType", "ModelCall,ToolResult,TaskEvent"),
        "repository", repos.get(Math.abs(w.hashCode()) % repos.size())))));
    return classes;
  }

  private static Map<String, List<String>> q(String text) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    q.put("q", List.of(text));
    return q;
  }

  private static Map<String, List<String>> with(Map<String, List<String>> q, String name, String value) {
    Map<String, List<String>> out = new LinkedHashMap<>(q);
    out.put(name, List.of(value));
    return out;
  }

  private static <T> List<Map<String, List<String>>> map(List<T> items, java.util.function.Function<T, Map<String, List<String>>> f) {
    return items.stream().map(f).toList();
  }

  private static void load(HikariDataSource dataSource, JdbcClient jdbc, long events) throws Exception {
    Instant newest = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Duration span = Duration.ofDays(60);
    System.out.printf(Locale.ROOT, "loading %,d synthetic events (tasks over %d days)…%n", events, span.toDays());
    long t = System.nanoTime();
    List<String> indexes = SyntheticStore.dropSecondaryIndexes(dataSource, "audit_record");
    long added = SyntheticStore.copy(dataSource, events, 42, newest.minus(span), span.toMillis(), 2);
    double seconds = (System.nanoTime() - t) / 1e9;
    System.out.printf(Locale.ROOT, "  COPY: %,d rows in %.1f s (%,.0f rows/s, 2 threads)%n", added, seconds, added / seconds);
    t = System.nanoTime();
    SyntheticStore.createIndexes(dataSource, indexes);
    jdbc.sql("VACUUM ANALYZE audit_record").update();
    System.out.printf(Locale.ROOT, "  %d audit_record indexes rebuilt, VACUUM ANALYZE, in %.1f s%n", indexes.size(), (System.nanoTime() - t) / 1e9);
    // the search index: the service's own SearchIndexer, two of them sharing the queue, with the GIN and the
    // walk indexes built after (the task index stays: the indexer looks records of a task up by it)
    t = System.nanoTime();
    List<String> searchIndexes = SyntheticStore.dropSecondaryIndexes(dataSource, "audit_search", "audit_search_task");
    long indexed = SyntheticStore.index(dataSource, 2);
    seconds = (System.nanoTime() - t) / 1e9;
    System.out.printf(Locale.ROOT, "  search vectors: %,d records in %.1f s (%,.0f records/s, 2 indexers)%n", indexed, seconds, indexed / seconds);
    t = System.nanoTime();
    SyntheticStore.createIndexes(dataSource, searchIndexes);
    jdbc.sql("VACUUM ANALYZE audit_search").update();
    System.out.printf(Locale.ROOT, "  %d audit_search indexes rebuilt, VACUUM ANALYZE, in %.1f s%n", searchIndexes.size(), (System.nanoTime() - t) / 1e9);
  }

  private static void printStore(JdbcClient jdbc) {
    Map<String, Object> row = jdbc.sql("""
        SELECT count(*) AS rows, count(DISTINCT task_id) AS tasks,
               pg_size_pretty(pg_total_relation_size('audit_record')) AS total_size,
               pg_size_pretty(pg_relation_size('audit_search_vector')) AS gin_size,
               round(avg(length(body::text))) AS avg_body
          FROM audit_record""").query().singleRow();
    System.out.printf(Locale.ROOT, "store: %,d rows, %,d tasks, %s on disk (GIN %s), average body %s chars%n",
        row.get("rows"), row.get("tasks"), row.get("total_size"), row.get("gin_size"), row.get("avg_body"));
  }

  private static void explain(JdbcClient jdbc, TransactionTemplate transactions, AuditSearch search, List<QueryClass> classes, boolean all) {
    for (QueryClass c : classes) {
      // the first query of each class; all of them when the classes are chosen (--classes)
      for (Map<String, List<String>> q : all ? c.queries() : c.queries().subList(0, 1)) {
        System.out.println("== " + c.name() + ": " + q);
        // the statements the search ran, explained one by one (each step's plan as the service would get it)
        List<AuditSearch.Statement> statements = new ArrayList<>();
        search.search(SearchQuery.parse(q, LIMITS), statements::add);
        for (AuditSearch.Statement statement : statements) {
          System.out.println("-- " + statement.params());
          boolean slice = statement.sql().contains("LIMIT :need");
          transactions.executeWithoutResult(tx -> {
            jdbc.sql("SET LOCAL jit = off").update();
            if (slice) jdbc.sql("SET LOCAL enable_indexscan = off").update();
            if (slice) jdbc.sql("SET LOCAL enable_seqscan = off").update();
            jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql()).params(statement.params())
                .query(String.class).list().forEach(System.out::println);
          });
        }
      }
    }
  }

  private static double pct(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("postgres");
    config.setPassword("");
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i] + "; options: " + Arrays.toString(
          new String[] {"--events N", "--rounds N", "--window N", "--data-dir DIR", "--jdbc-url URL", "--classes NAME,NAME", "--explain"}));
      String name = args[i].substring(2);
      boolean flag = name.equals("explain");
      options.put(name, flag ? "true" : args[++i]);
    }
    return options;
  }
}

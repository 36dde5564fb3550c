package dev.agentline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.audit.bench.AuditDatabase;
import dev.agentline.audit.bench.SyntheticRecords;
import dev.agentline.audit.bench.SyntheticRecords.Synthetic;
import dev.agentline.audit.chain.Verification;
import dev.agentline.audit.ingest.RecordIngest;
import dev.agentline.audit.store.AuditRetention;
import dev.agentline.audit.store.AuditStore;
import dev.agentline.audit.store.IngestRecord;
import dev.agentline.audit.store.SearchIndexer;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Usage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The store against a real (embedded) PostgreSQL, no Kafka: normalised tables, redaction, the hash
 * chain and its verification, idempotency, retention. Each test uses tasks of its own.
 */
class StoreTest {
  private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
  private static AuditDatabase db;
  private static AuditStore store;
  private static JdbcTemplate jdbc;
  private static long nextOffset;

  @BeforeAll
  static void start() throws Exception {
    db = new AuditDatabase();
    store = db.store();
    jdbc = db.jdbc();
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  void aTasksRecordsFillTheNormalisedTablesInTheSameTransaction() {
    String task = "task-normalised";
    List<Synthetic> records = new ArrayList<>(new SyntheticRecords(7, T0, 12).task(task));
    records.add(new Synthetic(Topics.TOOL_REQUESTS, task, ToolRequest.newBuilder()
        .setMeta(Meta.of(task, null, "planner", T0.plusSeconds(5))).setRequestId(task + "/s1/2/apply").setTool(ToolName.APPLY_EDITS)
        .setRepository("/repo").setBaseBranch("main").setBranch("agentline/" + task).build()));
    records.add(new Synthetic(Topics.TOOL_RESULTS, task, ToolResult.newBuilder()
        .setMeta(Meta.of(task, null, "tool-runner", T0.plusSeconds(6))).setRequestId(task + "/s1/2/apply").setTool(ToolName.APPLY_EDITS)
        .setOk(false).setError("protected path").setErrorCode(FailureReason.PROTECTED_PATH).setDurationMs(12).build()));
    records.add(new Synthetic(Topics.STEP_RESULTS, task, StepResult.newBuilder()
        .setMeta(Meta.of(task, null, "worker", T0.plusSeconds(7))).setRequestId(task + "/s1/2").setRole(Role.CODE_EDIT)
        .setKind(StepKind.EXECUTE).setStepId("s1").setAttempt(2).setOk(false).setError("edit does not apply")
        .setUsage(new Usage(100, 20, 0.001)).setPromptVersion("code-edit@3").build()));
    records.add(new Synthetic(Topics.COMMANDS, task, TaskCommand.newBuilder()
        .setMeta(Meta.of(task, null, "console", T0.plusSeconds(8))).setType(CommandType.APPROVE_PLAN).setActor("ana").build()));

    assertThat(store.insertAll(ingest(records))).isEqualTo(records.size());

    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM tasks WHERE task_id = ?", task);
    assertThat(row.get("status")).isEqualTo("PR_OPENED");
    assertThat((String) row.get("title")).startsWith("Fix ");
    assertThat((String) row.get("pr_url")).startsWith("https://git.example.com/shop/pulls/");
    assertThat(row.get("branch")).isEqualTo("agentline/" + task);
    assertThat(count("model_calls", task)).isEqualTo(records.stream().filter(s -> s.topic().equals(Topics.MODEL_CALLS)).count());
    assertThat(count("task_events", task)).isEqualTo(records.stream().filter(s -> s.topic().equals(Topics.TASK_EVENTS)).count());
    assertThat(jdbc.queryForMap("SELECT version, steps, event FROM plan_versions WHERE task_id = ?", task))
        .containsEntry("version", 1).containsEntry("steps", 3).containsEntry("event", "PLAN_ACCEPTED");
    assertThat(jdbc.queryForMap("SELECT tool, step_id, attempt, phase, requested_at IS NOT NULL AS requested, ok, error_code, duration_ms "
        + "FROM tool_calls WHERE request_id = ?", task + "/s1/2/apply"))
        .containsEntry("tool", "APPLY_EDITS").containsEntry("step_id", "s1").containsEntry("attempt", 2)
        .containsEntry("phase", "apply").containsEntry("requested", true).containsEntry("ok", false)
        .containsEntry("error_code", "PROTECTED_PATH").containsEntry("duration_ms", 12L);
    assertThat(jdbc.queryForMap("SELECT role, attempt, ok, error FROM step_results WHERE task_id = ?", task))
        .containsEntry("role", "CODE_EDIT").containsEntry("attempt", 2).containsEntry("error", "edit does not apply");
    assertThat(jdbc.queryForMap("SELECT type, actor FROM commands WHERE task_id = ?", task))
        .containsEntry("type", "APPROVE_PLAN").containsEntry("actor", "ana");
    assertThat(jdbc.queryForObject("SELECT step_id || '/' || attempt FROM model_calls WHERE task_id = ? LIMIT 1", String.class, task))
        .matches("s\\d+/1");
  }

  @Test
  void storingABatchAgainChangesNothing() {
    String task = "task-replayed";
    List<IngestRecord> batch = ingest(oneTask(task, 10));
    assertThat(store.insertAll(batch)).isEqualTo(10);
    Map<String, Object> head = jdbc.queryForMap("SELECT seq, head_hash FROM audit_chain WHERE task_id = ?", task);

    assertThat(store.insertAll(batch)).isZero();

    assertThat(count("audit_record", task)).isEqualTo(10);
    assertThat(count("task_events", task) + count("model_calls", task)).isEqualTo(
        jdbc.queryForObject("SELECT count(*) FROM audit_record WHERE task_id = ? AND record_type IN ('TaskEvent', 'ModelCall')", Long.class, task));
    assertThat(jdbc.queryForMap("SELECT seq, head_hash FROM audit_chain WHERE task_id = ?", task)).isEqualTo(head);
    assertThat(verify(task).valid()).isTrue();
  }

  @Test
  void storedRecordsBecomeSearchableWhenTheIndexerHasRunOnceEachAndRetentionTakesTheirVectors() {
    SearchIndexer indexer = new SearchIndexer(jdbc);
    indexer.indexAll(1_000);
    String task = "task-indexed";
    List<Synthetic> records = new ArrayList<>(oneTask(task, 10));
    records.add(new Synthetic(Topics.COMMANDS, task, TaskCommand.newBuilder()
        .setMeta(Meta.of(task, null, "console", T0)).setType(CommandType.APPROVE_PLAN).setActor("pennywhistle").build()));
    List<IngestRecord> batch = ingest(records);
    store.insertAll(batch);

    assertThat(indexer.pending()).isEqualTo(11);
    assertThat(searchable(task, "pennywhistle")).isZero();
    assertThat(indexer.indexBatch(4)).isEqualTo(4);
    assertThat(indexer.pending()).isEqualTo(7);
    assertThat(indexer.indexAll(3)).isEqualTo(7);
    assertThat(searchable(task, "pennywhistle")).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_search s JOIN audit_record r ON r.id = s.record_id WHERE r.task_id = ?",
        Long.class, task)).isEqualTo(11);

    // a replayed batch stores nothing, so queues nothing
    assertThat(store.insertAll(batch)).isZero();
    assertThat(indexer.pending()).isZero();

    // retention takes the vectors with the rows; a queued id whose row is gone just leaves the queue
    store.insertAll(ingest(oneTask("task-deleted-unindexed", 8)));
    jdbc.update("DELETE FROM audit_record WHERE task_id IN (?, ?)", task, "task-deleted-unindexed");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_search s WHERE NOT EXISTS "
        + "(SELECT 1 FROM audit_record r WHERE r.id = s.record_id)", Long.class)).isZero();
    assertThat(indexer.indexAll(100)).isEqualTo(8);
    assertThat(indexer.pending()).isZero();
  }

  private static long searchable(String task, String word) {
    return jdbc.queryForObject("""
        SELECT count(*) FROM audit_search s JOIN audit_record r ON r.id = s.record_id
         WHERE r.task_id = ? AND s.search @@ websearch_to_tsquery('english', ?)""", Long.class, task, word);
  }

  @Test
  void secretsAreRedactedInBodySummarySearchAndNormalisedRowsAndCounted() {
    String task = "task-secrets";
    String key = "sk-proj-4fGh7JkL9mNpQrStUvWxYz012345abcdEF";
    List<Synthetic> records = List.of(
        new Synthetic(Topics.TOOL_RESULTS, task, ToolResult.newBuilder()
            .setMeta(Meta.of(task, null, "tool-runner", T0)).setRequestId(task + "/pr/1/open").setTool(ToolName.OPEN_PR).setOk(false)
            .setError("push to https://bot:Tr0ub4dor@git.example.com/x.git failed").setOutput("token " + key + " rejected").build()),
        new Synthetic(Topics.TASK_EVENTS, task, TaskEvent.newBuilder()
            .setMeta(Meta.of(task, null, "planner", T0.plusSeconds(1))).setType(TaskEventType.STEP_FAILED).setStatus(TaskStatus.EXECUTING)
            .setMessage("OPEN_PR failed: https://bot:Tr0ub4dor@git.example.com/x.git").build()));

    store.insertAll(ingest(records));

    assertThat(new SearchIndexer(jdbc).indexAll(100)).isEqualTo(2);
    String stored = jdbc.queryForObject("""
        SELECT string_agg(r.summary || r.body::text || s.search::text, ' ')
          FROM audit_record r JOIN audit_search s ON s.record_id = r.id WHERE r.task_id = ?""", String.class, task);
    assertThat(stored).doesNotContain("Tr0ub4dor").doesNotContain(key).contains("bot:***@git.example.com")
        .contains("[REDACTED:openai-key]");
    assertThat(jdbc.queryForObject("SELECT error FROM tool_calls WHERE task_id = ?", String.class, task))
        .isEqualTo("push to https://bot:***@git.example.com/x.git failed");
    assertThat(jdbc.queryForObject("SELECT message FROM task_events WHERE task_id = ?", String.class, task)).doesNotContain("Tr0ub4dor");
    assertThat(jdbc.queryForList("SELECT redactions::text FROM audit_record WHERE task_id = ? ORDER BY chain_seq", String.class, task))
        .containsExactly("{\"openai-key\": 1, \"url-password\": 1}", "{\"url-password\": 1}");
    assertThat(jdbc.queryForList("SELECT redaction_count FROM audit_record WHERE task_id = ? ORDER BY chain_seq", Integer.class, task))
        .containsExactly(2, 1);
    assertThat(verify(task).valid()).isTrue();
  }

  @Test
  void aRowChangedAfterItWasStoredBreaksTheChainThere() {
    String task = "task-tampered";
    store.insertAll(ingest(oneTask(task, 8)));
    assertThat(verify(task)).isEqualTo(new Verification(task, 8, true, null, null));
    Map<String, Object> victim = jdbc.queryForMap(
        "SELECT topic, kafka_partition, kafka_offset FROM audit_record WHERE task_id = ? AND chain_seq = 5", task);

    jdbc.update("UPDATE audit_record SET body = jsonb_set(body, '{meta,producer}', '\"mallory\"') WHERE task_id = ? AND chain_seq = 5", task);

    Verification verdict = verify(task);
    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.records()).isEqualTo(5);
    assertThat(verdict.brokenAt()).isEqualTo(new Verification.Position((String) victim.get("topic"), (Integer) victim.get("kafka_partition"),
        (Long) victim.get("kafka_offset"), 5));
    assertThat(verdict.reason()).contains("changed after it was stored");
  }

  @Test
  void aDeletedRowOrADeletedTailBreaksTheChain() {
    String middle = "task-middle-deleted";
    String tail = "task-tail-deleted";
    store.insertAll(ingest(oneTask(middle, 8)));
    store.insertAll(ingest(oneTask(tail, 8)));

    jdbc.update("DELETE FROM audit_record WHERE task_id = ? AND chain_seq = 3", middle);
    jdbc.update("DELETE FROM audit_record WHERE task_id = ? AND chain_seq = 8", tail);

    assertThat(verify(middle).reason()).isEqualTo("chain position 3 missing before this row (position 4)");
    assertThat(verify(middle).brokenAt().chainSeq()).isEqualTo(4);
    assertThat(verify(tail).valid()).isFalse();
    assertThat(verify(tail).reason()).contains("rows are missing at the end");
  }

  /** A batch is written in several INSERTs (ROWS_PER_INSERT rows each): every row lands once, in one chain, in batch order. */
  @Test
  void aBatchLongerThanOneInsertIsStoredWholeAndChainedInOrder() {
    String task = "task-long-batch";
    List<IngestRecord> batch = ingest(oneTask(task, 2 * AuditStore.ROWS_PER_INSERT + 37));
    int n = batch.size();
    assertThat(n).isGreaterThan(2 * AuditStore.ROWS_PER_INSERT);

    assertThat(store.insertAll(batch)).isEqualTo(n);

    assertThat(count("audit_record", task)).isEqualTo(n);
    assertThat(jdbc.queryForList("SELECT chain_seq FROM audit_record WHERE task_id = ? ORDER BY kafka_offset", Long.class, task))
        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, n).boxed().toList());
    assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_search_pending p JOIN audit_record r ON r.id = p.record_id WHERE r.task_id = ?",
        Long.class, task)).isEqualTo(n);
    assertThat(verify(task)).isEqualTo(new Verification(task, n, true, null, null));
    // the queued ids are the rows' own: indexing them makes every row searchable (and leaves the queue empty for others)
    new SearchIndexer(jdbc).indexAll(500);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_search WHERE task_id = ?", Long.class, task)).isEqualTo(n);
  }

  /**
   * The search table has a partition per week (V9), made when the week's first record is indexed; an indexer whose
   * batch took records of a week with no partition yet (another indexer held the oldest ones) makes it and goes on.
   */
  @Test
  void eachWeekGetsItsPartitionWhenItsFirstRecordIsIndexedEvenWhenAnotherIndexerHoldsTheOldest() throws Exception {
    new SearchIndexer(jdbc).indexAll(500);
    store.insertAll(ingest(List.of(
        new Synthetic(Topics.TASK_EVENTS, "task-week-a", TaskEvent.newBuilder()
            .setMeta(Meta.of("task-week-a", null, "planner", Instant.parse("2031-03-05T10:00:00Z"))).setType(TaskEventType.STEP_FAILED)
            .setStatus(TaskStatus.EXECUTING).setMessage("first week").build()),
        new Synthetic(Topics.TASK_EVENTS, "task-week-b", TaskEvent.newBuilder()
            .setMeta(Meta.of("task-week-b", null, "planner", Instant.parse("2031-04-09T23:30:00Z"))).setType(TaskEventType.STEP_FAILED)
            .setStatus(TaskStatus.EXECUTING).setMessage("second week").build()))));
    assertThat(partitions()).doesNotContain("audit_search_20310303", "audit_search_20310407");

    try (Connection other = DriverManager.getConnection(db.jdbcUrl(), "postgres", "")) {
      other.setAutoCommit(false);
      try (Statement hold = other.createStatement()) {
        // another indexer's batch holds the oldest queued record (week of 2031-03-03)
        hold.executeQuery("SELECT p.record_id FROM audit_search_pending p JOIN audit_record r ON r.id = p.record_id"
            + " WHERE r.task_id = 'task-week-a' FOR UPDATE").close();

        assertThat(new SearchIndexer(jdbc).indexBatch(1)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT task_id FROM audit_search_20310407", String.class)).isEqualTo("task-week-b");
      }
      other.rollback();
    }
    assertThat(new SearchIndexer(jdbc).indexAll(10)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT task_id FROM audit_search_20310303", String.class)).isEqualTo("task-week-a");
    assertThat(partitions()).contains("audit_search_20310303", "audit_search_20310407");
  }

  private static List<String> partitions() {
    return jdbc.queryForList("SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        + " WHERE i.inhparent = 'audit_search'::regclass AND c.relkind = 'r'", String.class);
  }

  @Test
  void batchesOfOneTaskStoredConcurrentlyFormOneValidChain() throws Exception {
    String task = "task-concurrent";
    List<Synthetic> records = oneTask(task, 400);
    List<IngestRecord> ingested = ingest(records);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 400; i += 20) {
        List<IngestRecord> slice = ingested.subList(i, i + 20);
        runs.add(CompletableFuture.supplyAsync(() -> store.insertAll(slice), pool));
      }
      assertThat(runs.stream().mapToInt(CompletableFuture::join).sum()).isEqualTo(400);
    } finally {
      pool.shutdown();
    }
    assertThat(jdbc.queryForObject("SELECT max(chain_seq) FROM audit_record WHERE task_id = ?", Long.class, task)).isEqualTo(400);
    assertThat(verify(task)).isEqualTo(new Verification(task, 400, true, null, null));
  }

  @Test
  void retentionDeletesAChainPrefixAndTheRestStillVerifies() {
    String task = "task-retained";
    Instant old = Instant.parse("2025-01-01T00:00:00Z");
    List<Synthetic> records = new ArrayList<>(new SyntheticRecords(3, old, 10).task(task));
    // a new record after the old ones
    records.add(new Synthetic(Topics.COMMANDS, task, TaskCommand.newBuilder()
        .setMeta(Meta.of(task, null, "console", T0)).setType(CommandType.RETRY).setActor("ana").build()));
    store.insertAll(ingest(records));
    AuditRetention retention = db.retention();

    AuditRetention.Deleted deleted = retention.deleteOlderThan(T0.minus(Duration.ofDays(30)));

    assertThat(deleted.rawRows()).isEqualTo(10);
    assertThat(deleted.tasksCheckpointed()).isEqualTo(1);
    assertThat(count("audit_record", task)).isEqualTo(1);
    assertThat(count("model_calls", task) + count("task_events", task) + count("plan_versions", task)).isZero();
    assertThat(count("commands", task)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT checkpoint_seq FROM audit_chain WHERE task_id = ?", Long.class, task)).isEqualTo(10);
    assertThat(verify(task)).isEqualTo(new Verification(task, 1, true, null, null));

    // tampering with what is left is still found
    jdbc.update("UPDATE audit_record SET summary = 'RETRY by bob' WHERE task_id = ?", task);
    assertThat(verify(task).valid()).isFalse();
  }

  private static Verification verify(String task) {
    return db.chains().verify(task).orElseThrow();
  }

  private static long count(String table, String task) {
    return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE task_id = ?", Long.class, task);
  }

  private static List<Synthetic> oneTask(String task, int n) {
    return new SyntheticRecords(task.hashCode(), T0, n).task(task);
  }

  /** Each record at its own offset of its topic (partition 0), as the consumer would see them. */
  private static List<IngestRecord> ingest(List<Synthetic> records) {
    List<IngestRecord> out = new ArrayList<>();
    for (Synthetic s : records) {
      out.add(RecordIngest.of(s.topic(), 0, nextOffset++, s.key(), AvroCodec.get().encode(s.value()), T0, List.of()));
    }
    return out;
  }

  @Test
  void aHugeRecordOfDistinctWordsIsStoredWholeAndIndexedFromItsFirstPartWithoutStallingTheIndexer() {
    String task = "task-huge";
    StringBuilder words = new StringBuilder();
    for (int i = 0; words.length() < 900_000; i++) words.append("w").append(Integer.toString(i, 36)).append("x ");
    List<Synthetic> records = List.of(new Synthetic(Topics.TOOL_RESULTS, task, ToolResult.newBuilder()
        .setMeta(Meta.of(task, null, "tool-runner", T0)).setRequestId(task + "/s1/1/read").setTool(ToolName.READ_FILES).setOk(true)
        .setOutput(words.toString()).build()));

    store.insertAll(ingest(records));

    assertThat(new SearchIndexer(jdbc).indexAll(100)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT octet_length(body->>'output') FROM audit_record WHERE task_id = ?", Integer.class, task))
        .isEqualTo(words.length());
    assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_search WHERE task_id = ? AND search @@ to_tsquery('english', 'w1x')",
        Integer.class, task)).isEqualTo(1);
    assertThat(verify(task).valid()).isTrue();
  }
}

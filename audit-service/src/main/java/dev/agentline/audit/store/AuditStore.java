package dev.agentline.audit.store;

import dev.agentline.audit.chain.HashChain;
import dev.agentline.audit.store.Normalised.TaskUpdate;
import dev.agentline.audit.store.Normalised.ToolCallRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes consumed records, a batch per transaction: the raw rows (multi-row INSERTs of {@value #ROWS_PER_INSERT}), their
 * links in each task's hash chain, and their normalised rows; the raw rows' ids join the search
 * index queue ({@link SearchIndexer} builds their search vectors after the transaction). Idempotent per (topic, partition,
 * offset): a record already stored (a replay, a redelivery after a rebalance) is skipped whole —
 * no raw row, no chain link, no normalised rows — so storing a batch twice changes nothing.
 *
 * <p>Chain order is the order rows are stored: the batch locks the chain heads of its tasks
 * ({@code SELECT … FOR UPDATE} on {@code audit_chain}, in task-id order so two consumers cannot
 * deadlock), links its rows of each task in batch order (Kafka order within a partition), and
 * moves the heads on. Rows of one task read by two consumers (it spans several topics) are thus
 * chained one transaction after the other, and verification replays the chain by
 * {@code chain_seq}.
 */
@Repository
public class AuditStore {
  /**
   * The record type stored but not queued for the search index: the planner's TaskState, a snapshot of the whole task
   * written on every change, whose words are all in the task's other records (V10).
   */
  public static final String NOT_SEARCHED = "TaskState";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final NormalisedWriter normalised = new NormalisedWriter();

  public AuditStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  /** Stores the row unless its (topic, partition, offset) is already stored; true when it was new. */
  public boolean insert(AuditRow row) {
    return insertAll(List.of(new IngestRecord(row, List.of()))) == 1;
  }

  /** Stores the batch in one transaction; returns how many records were new. All or nothing. */
  public int insertAll(List<IngestRecord> batch) {
    if (batch.isEmpty()) return 0;
    Integer stored = transactions.execute(status -> jdbc.execute((ConnectionCallback<Integer>) connection -> store(connection, batch)));
    return stored == null ? 0 : stored;
  }

  private int store(Connection connection, List<IngestRecord> batch) throws SQLException {
    Map<String, Head> heads = lockHeads(connection, batch);
    Set<String> stored = alreadyStored(connection, batch);
    List<ChainedRow> fresh = new ArrayList<>(batch.size());
    List<Normalised> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (IngestRecord record : batch) {
      AuditRow raw = record.raw();
      String position = position(raw.topic(), raw.partition(), raw.offset());
      if (stored.contains(position) || !seen.add(position)) continue;
      Head head = raw.taskId() == null ? null : heads.get(raw.taskId());
      if (head == null) {
        fresh.add(new ChainedRow(raw, null, null, null));
      } else {
        long seq = head.seq + 1;
        String hash = HashChain.link(head.hash, seq, raw.contentHash());
        fresh.add(new ChainedRow(raw, seq, head.hash, hash));
        head.seq = seq;
        head.hash = hash;
        head.moved = true;
      }
      rows.addAll(record.normalised());
    }
    if (fresh.isEmpty()) return 0;
    insertRaw(connection, fresh);
    moveHeads(connection, heads);
    normalised.write(connection, rows);
    return fresh.size();
  }

  private record ChainedRow(AuditRow row, Long seq, String prevHash, String hash) {}

  private static final class Head {
    long seq;
    String hash;
    boolean moved;
  }

  private static Map<String, Head> lockHeads(Connection connection, List<IngestRecord> batch) throws SQLException {
    TreeSet<String> tasks = new TreeSet<>();
    for (IngestRecord record : batch) {
      if (record.raw().taskId() != null) tasks.add(record.raw().taskId());
    }
    Map<String, Head> heads = new HashMap<>();
    if (tasks.isEmpty()) return heads;
    String[] ids = tasks.toArray(String[]::new);
    try (PreparedStatement ensure = connection.prepareStatement(
        "INSERT INTO audit_chain (task_id) SELECT unnest(?::text[]) ORDER BY 1 ON CONFLICT (task_id) DO NOTHING")) {
      ensure.setArray(1, connection.createArrayOf("text", ids));
      ensure.executeUpdate();
    }
    try (PreparedStatement lock = connection.prepareStatement(
        "SELECT task_id, seq, head_hash FROM audit_chain WHERE task_id = ANY(?::text[]) ORDER BY task_id FOR UPDATE")) {
      lock.setArray(1, connection.createArrayOf("text", ids));
      try (ResultSet rs = lock.executeQuery()) {
        while (rs.next()) {
          Head head = new Head();
          head.seq = rs.getLong("seq");
          head.hash = rs.getString("head_hash");
          heads.put(rs.getString("task_id"), head);
        }
      }
    }
    return heads;
  }

  private static Set<String> alreadyStored(Connection connection, List<IngestRecord> batch) throws SQLException {
    int n = batch.size();
    String[] topics = new String[n];
    Integer[] partitions = new Integer[n];
    Long[] offsets = new Long[n];
    for (int i = 0; i < n; i++) {
      AuditRow row = batch.get(i).raw();
      topics[i] = row.topic();
      partitions[i] = row.partition();
      offsets[i] = row.offset();
    }
    Set<String> stored = new HashSet<>();
    try (PreparedStatement query = connection.prepareStatement("""
        SELECT r.topic, r.kafka_partition, r.kafka_offset
          FROM unnest(?::text[], ?::int[], ?::bigint[]) AS b(topic, kafka_partition, kafka_offset)
          JOIN audit_record r USING (topic, kafka_partition, kafka_offset)""")) {
      query.setArray(1, connection.createArrayOf("text", topics));
      query.setArray(2, connection.createArrayOf("int4", partitions));
      query.setArray(3, connection.createArrayOf("int8", offsets));
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) stored.add(position(rs.getString(1), rs.getInt(2), rs.getLong(3)));
      }
    }
    return stored;
  }

  /**
   * Rows per INSERT. The driver encodes each array parameter in one buffer, growing it as it goes: a whole batch's bodies
   * made one of several MB, and each such allocation (a "humongous" object to G1, half a region or more: 512 KB with a
   * heap of 2 GB) started a concurrent collection cycle. With whole batches the JVM's own threads (collector, compiler)
   * took 144 µs of CPU a record, with 100 rows 113 µs; 100 bodies still made buffers of 600–800 KB (a flight recording
   * of {@code bench/ingest.sh kafka}: the driver's array encoding made two thirds of the humongous allocations). 25
   * bodies make ~200 KB.
   */
  public static final int ROWS_PER_INSERT = 25;

  private static void insertRaw(Connection connection, List<ChainedRow> rows) throws SQLException {
    for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
      insertRawChunk(connection, rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT)));
    }
  }

  private static void insertRawChunk(Connection connection, List<ChainedRow> rows) throws SQLException {
    int n = rows.size();
    String[] topic = new String[n], taskId = new String[n], recordType = new String[n], eventType = new String[n],
        occurredAt = new String[n], kafkaTimestamp = new String[n], summary = new String[n], body = new String[n],
        headers = new String[n], redactions = new String[n], prevHash = new String[n], hash = new String[n];
    Integer[] partition = new Integer[n], redactionCount = new Integer[n];
    Long[] offset = new Long[n], chainSeq = new Long[n];
    for (int i = 0; i < n; i++) {
      ChainedRow chained = rows.get(i);
      AuditRow row = chained.row();
      topic[i] = row.topic();
      partition[i] = row.partition();
      offset[i] = row.offset();
      taskId[i] = row.taskId();
      recordType[i] = row.recordType();
      eventType[i] = row.eventType();
      occurredAt[i] = row.occurredAt().toString();
      kafkaTimestamp[i] = row.kafkaTimestamp() == null ? null : row.kafkaTimestamp().toString();
      summary[i] = row.summary();
      body[i] = row.body();
      headers[i] = row.headers();
      redactions[i] = row.redactions().isEmpty() ? "{}" : JSON.writeValueAsString(new java.util.TreeMap<>(row.redactions()));
      redactionCount[i] = row.redactionCount();
      chainSeq[i] = chained.seq();
      prevHash[i] = chained.prevHash();
      hash[i] = chained.hash();
    }
    try (PreparedStatement insert = connection.prepareStatement("""
        WITH stored AS (
        INSERT INTO audit_record (topic, kafka_partition, kafka_offset, task_id, record_type, event_type, occurred_at,
                                  kafka_timestamp, summary, body, headers, redactions, redaction_count, chain_seq, prev_hash, hash)
        SELECT topic, kafka_partition, kafka_offset, task_id, record_type, event_type, occurred_at::timestamptz,
               kafka_timestamp::timestamptz, summary, body::jsonb, headers::jsonb, redactions::jsonb, redaction_count,
               chain_seq, prev_hash, hash
          FROM unnest(?::text[], ?::int[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                      ?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::text[], ?::text[])
            AS v(topic, kafka_partition, kafka_offset, task_id, record_type, event_type, occurred_at, kafka_timestamp,
                 summary, body, headers, redactions, redaction_count, chain_seq, prev_hash, hash)
        ON CONFLICT (topic, kafka_partition, kafka_offset) DO NOTHING
        RETURNING id, record_type)
        INSERT INTO audit_search_pending (record_id) SELECT id FROM stored WHERE record_type <> ?""")) {
      Object[][] columns = {topic, partition, offset, taskId, recordType, eventType, occurredAt, kafkaTimestamp, summary, body,
          headers, redactions, redactionCount, chainSeq, prevHash, hash};
      String[] types = {"text", "int4", "int8", "text", "text", "text", "text", "text", "text", "text", "text", "text", "int4",
          "int8", "text", "text"};
      for (int c = 0; c < columns.length; c++) insert.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
      insert.setString(columns.length + 1, NOT_SEARCHED);
      insert.executeUpdate();
    }
  }

  private static void moveHeads(Connection connection, Map<String, Head> heads) throws SQLException {
    List<String> tasks = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    heads.forEach((task, head) -> {
      if (head.moved) {
        tasks.add(task);
        seqs.add(head.seq);
        hashes.add(head.hash);
      }
    });
    if (tasks.isEmpty()) return;
    try (PreparedStatement update = connection.prepareStatement("""
        UPDATE audit_chain c SET seq = v.seq, head_hash = v.hash
          FROM unnest(?::text[], ?::bigint[], ?::text[]) AS v(task_id, seq, hash)
         WHERE c.task_id = v.task_id""")) {
      update.setArray(1, connection.createArrayOf("text", tasks.toArray()));
      update.setArray(2, connection.createArrayOf("int8", seqs.toArray()));
      update.setArray(3, connection.createArrayOf("text", hashes.toArray()));
      update.executeUpdate();
    }
  }

  static String position(String topic, int partition, long offset) {
    return topic + '\u0000' + partition + '\u0000' + offset;
  }

  /** Task updates merged per task and tool-call halves per request id, in batch order. */
  static Map<String, TaskUpdate> mergedTasks(List<Normalised> rows) {
    Map<String, TaskUpdate> merged = new LinkedHashMap<>();
    for (Normalised row : rows) {
      if (row instanceof TaskUpdate update) merged.merge(update.taskId(), update, TaskUpdate::then);
    }
    return merged;
  }

  static Map<String, ToolCallRow> mergedToolCalls(List<Normalised> rows) {
    Map<String, ToolCallRow> merged = new LinkedHashMap<>();
    for (Normalised row : rows) {
      if (row instanceof ToolCallRow call) merged.merge(call.requestId(), call, ToolCallRow::with);
    }
    return merged;
  }
}

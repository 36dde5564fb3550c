package dev.agentline.audit.chain;

import dev.agentline.audit.chain.ChainCheck.StoredLink;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Recomputes a task's hash chain from what is stored (rows streamed in chain order). */
@Component
public class TaskChains {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {};

  private final JdbcTemplate jdbc;

  public TaskChains(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The verdict, or empty when nothing was ever stored for the task. */
  public Optional<Verification> verify(String taskId) {
    List<Map<String, Object>> heads = jdbc.queryForList(
        "SELECT seq, head_hash, checkpoint_seq, checkpoint_hash FROM audit_chain WHERE task_id = ?", taskId);
    if (heads.isEmpty()) return Optional.empty();
    Map<String, Object> head = heads.get(0);
    ChainCheck check = new ChainCheck(taskId, ((Number) head.get("checkpoint_seq")).longValue(), (String) head.get("checkpoint_hash"));
    jdbc.query("""
        SELECT topic, kafka_partition, kafka_offset, task_id, record_type, event_type, occurred_at, kafka_timestamp, summary,
               body::text AS body, headers::text AS headers, redactions::text AS redactions, chain_seq, prev_hash, hash
          FROM audit_record
         WHERE task_id = ? AND chain_seq IS NOT NULL
         ORDER BY chain_seq""", rs -> {
      check.accept(link(rs));
    }, taskId);
    return Optional.of(check.result(((Number) head.get("seq")).longValue(), (String) head.get("head_hash")));
  }

  private static StoredLink link(ResultSet rs) throws SQLException {
    RecordContent content = new RecordContent(
        rs.getString("topic"),
        rs.getInt("kafka_partition"),
        rs.getLong("kafka_offset"),
        rs.getString("task_id"),
        rs.getString("record_type"),
        rs.getString("event_type"),
        instant(rs, "occurred_at"),
        instant(rs, "kafka_timestamp"),
        rs.getString("summary"),
        Canonical.parse(rs.getString("body")),
        Canonical.parse(rs.getString("headers")),
        JSON.readValue(rs.getString("redactions"), COUNTS));
    return new StoredLink(rs.getString("topic"), rs.getInt("kafka_partition"), rs.getLong("kafka_offset"), rs.getLong("chain_seq"),
        rs.getString("prev_hash"), rs.getString("hash"), content);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    java.sql.Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}

package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.TaskEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The fault tests' one verdict: nothing was lost. Every task ended (a terminal state, with a reason), and the audit
 * store holds, per topic and record type, exactly as many rows as there are committed records on the topics —
 * every agentline topic, dead-letter topics and the planner's task-state changelog included. Record types are
 * named as the audit names them: the Avro record's name, {@code DeadLetter} for a record on a {@code .dlt} topic,
 * {@code Undecodable} for a value that is not an agentline record; changelog tombstones are not stored.
 */
final class NothingLost {
  static final String CHANGELOG = "agentline-planner-task-state-changelog";

  private NothingLost() {}

  /**
   * Waits (within {@code timeout}) for every task to end and for the audit to hold every record, then asserts both;
   * returns the event that ended each task.
   */
  static Map<String, TaskEvent> assertNothingLost(EmbeddedSystem system, Collection<String> taskIds, Duration timeout) {
    Map<String, TaskEvent> ended = TopicContents.awaitEnd(system.bootstrapServers(), taskIds, timeout);
    TaskClient planner = new TaskClient(system.plannerUrl());
    for (String taskId : taskIds) {
      TaskEvent end = ended.get(taskId);
      assertThat(TaskWorkflow.isTerminal(end.getStatus())).as("task " + taskId + " ended").isTrue();
      assertThat(end.getMessage().toString()).as("why task " + taskId + " ended").isNotBlank();
      // ended early: FAILED, CANCELLED, BUDGET_EXHAUSTED (DONE, MERGED, CLOSED and TAKEN_OVER are not failures)
      if (java.util.Set.of("FAILED", "CANCELLED", "BUDGET_EXHAUSTED").contains(end.getStatus().name())) {
        assertThat(planner.task(taskId).path("failureReason").asText()).as("failure reason of " + taskId).isNotBlank();
      }
    }
    Awaitility.await("the audit store holds every committed record").atMost(timeout).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(audited(system)).isEqualTo(produced(system.bootstrapServers())));
    return ended;
  }

  /** Committed records per "topic record-type" on every agentline topic. */
  static Map<String, Long> produced(String bootstrap) {
    List<String> topics = new ArrayList<>(Topics.all());
    topics.add(CHANGELOG);
    Map<String, Long> counts = new TreeMap<>();
    for (String topic : topics) {
      for (ConsumerRecord<String, byte[]> record : TopicContents.read(bootstrap, topic, true)) {
        if (topic.equals(CHANGELOG) && record.value() == null) continue;
        counts.merge(topic + " " + recordType(record), 1L, Long::sum);
      }
    }
    return counts;
  }

  private static String recordType(ConsumerRecord<String, byte[]> record) {
    if (record.topic().endsWith(Topics.DLT_SUFFIX)) return "DeadLetter";
    try {
      return AvroCodec.get().decode(record.value()).getSchema().getName();
    } catch (AvroCodec.InvalidRecordException e) {
      return "Undecodable";
    }
  }

  /** Rows per "topic record-type" in the audit store, read from its database. */
  static Map<String, Long> audited(EmbeddedSystem system) {
    JdbcTemplate jdbc = new JdbcTemplate(system.bean("audit", DataSource.class));
    Map<String, Long> counts = new TreeMap<>();
    jdbc.query("SELECT topic, record_type, count(*) FROM audit_record GROUP BY topic, record_type",
        row -> {
          counts.put(row.getString(1) + " " + row.getString(2), row.getLong(3));
        });
    return counts;
  }
}

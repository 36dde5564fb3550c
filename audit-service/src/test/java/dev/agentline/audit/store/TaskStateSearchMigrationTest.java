package dev.agentline.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.audit.ingest.IngestBridge;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * V10 on a store that searched the planner's TaskState records: their vectors and queue entries go, the records and
 * every other record's vector stay; and from then on ingest does not queue a TaskState.
 */
class TaskStateSearchMigrationTest {
  private static final String CHANGELOG = "agentline-planner-task-state-changelog";
  private static final Instant T0 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

  @Test
  void v10TakesTheTaskStatesOutOfTheSearchIndexAndItsQueue() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      var dataSource = postgres.getPostgresDatabase();
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("9").load().migrate();
      JdbcTemplate jdbc = new JdbcTemplate(dataSource);
      AuditStore store = new AuditStore(jdbc, new DataSourceTransactionManager(dataSource));
      store.insert(IngestBridge.row(Topics.TASKS, 0, 1, "t1", submitted(), T0));
      store.insert(IngestBridge.row(CHANGELOG, 0, 1, "t1", state(TaskStatus.PLANNING), T0.plusSeconds(1)));
      // what ingest did before V10: every record queued, and indexed
      jdbc.update("INSERT INTO audit_search_pending (record_id) SELECT id FROM audit_record WHERE record_type = 'TaskState'");
      new SearchIndexer(jdbc).indexAll(100);
      store.insert(IngestBridge.row(CHANGELOG, 0, 2, "t1", state(TaskStatus.EXECUTING), T0.plusSeconds(2)));
      jdbc.update("INSERT INTO audit_search_pending (record_id) SELECT max(id) FROM audit_record WHERE record_type = 'TaskState'");
      assertThat(searched(jdbc)).containsExactly("TaskState", "TaskSubmitted");
      assertThat(pending(jdbc)).isEqualTo(1);

      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

      assertThat(searched(jdbc)).containsExactly("TaskSubmitted");
      assertThat(pending(jdbc)).isZero();
      assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_record WHERE record_type = 'TaskState'", Long.class)).isEqualTo(2);
      // a TaskState stored now is not queued; any other record is
      store.insert(IngestBridge.row(CHANGELOG, 0, 3, "t1", state(TaskStatus.DONE), T0.plusSeconds(3)));
      assertThat(pending(jdbc)).isZero();
      store.insert(IngestBridge.row(Topics.TASKS, 0, 2, "t2", submitted(), T0.plusSeconds(4)));
      assertThat(pending(jdbc)).isEqualTo(1);
    }
  }

  private static List<String> searched(JdbcTemplate jdbc) {
    return jdbc.queryForList("SELECT record_type FROM audit_search ORDER BY record_type", String.class);
  }

  private static long pending(JdbcTemplate jdbc) {
    return jdbc.queryForObject("SELECT count(*) FROM audit_search_pending", Long.class);
  }

  private static TaskSubmitted submitted() {
    return TaskSubmitted.newBuilder().setMeta(Meta.of("t1", null, "intake", T0)).setRepository("file:///repos/widgets.git")
        .setTitle("Frobnicate the widgets").setDescription("They need frobnicating.").setTestCommand("sh run-tests.sh").build();
  }

  private static TaskState state(TaskStatus status) {
    return TaskState.newBuilder().setTaskId("t1").setStatus(status).setSubmitted(submitted()).setDeadline(T0.plus(1, ChronoUnit.HOURS))
        .setBranch("agentline/t1").setUpdatedAt(T0).build();
  }
}

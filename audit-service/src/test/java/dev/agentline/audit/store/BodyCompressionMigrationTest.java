package dev.agentline.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.audit.chain.TaskChains;
import dev.agentline.audit.ingest.IngestBridge;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.TaskSubmitted;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * V11: bodies stored from then on are compressed with lz4 where the server has it, and stored uncompressed where it has
 * not (the embedded server); bodies stored before keep pglz; both read back whole and their task's chain still verifies.
 */
class BodyCompressionMigrationTest {
  private static final Instant T0 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
  /** A description of ~6 KB that pglz compresses (it gives up on text that would not shrink by a quarter). */
  private static final String LONG = "The invoice total is wrong when a discount and a coupon apply to the same line. ".repeat(80);

  @Test
  void v11StoresNewBodiesWithLz4WhereTheServerHasItAndUncompressedWhereItHasNot() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      var dataSource = postgres.getPostgresDatabase();
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("10").load().migrate();
      JdbcTemplate jdbc = new JdbcTemplate(dataSource);
      AuditStore store = new AuditStore(jdbc, new DataSourceTransactionManager(dataSource));
      assertThat(store.insert(IngestBridge.row(Topics.TASKS, 0, 1, "t1", submitted("t1"), T0))).isTrue();
      assertThat(compression(jdbc, 1)).isEqualTo("pglz");

      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
      assertThat(store.insert(IngestBridge.row(Topics.TASKS, 0, 2, "t2", submitted("t2"), T0.plusSeconds(1)))).isTrue();

      if (hasLz4(jdbc)) {
        assertThat(compression(jdbc, 2)).isEqualTo("lz4");
      } else {
        assertThat(compression(jdbc, 2)).isEqualTo("uncompressed");
        assertThat(jdbc.queryForObject(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'audit_record'::regclass AND attname = 'body'", String.class))
            .isEqualTo("e");
      }
      assertThat(compression(jdbc, 1)).isEqualTo("pglz");
      for (long offset : new long[] {1, 2}) {
        assertThat(jdbc.queryForObject("SELECT body ->> 'description' FROM audit_record WHERE kafka_offset = ?", String.class, offset))
            .isEqualTo(LONG);
      }
      TaskChains chains = new TaskChains(jdbc);
      assertThat(chains.verify("t1").orElseThrow().valid()).isTrue();
      assertThat(chains.verify("t2").orElseThrow().valid()).isTrue();
    }
  }

  private static String compression(JdbcTemplate jdbc, long offset) {
    return jdbc.queryForObject("SELECT coalesce(pg_column_compression(body), 'uncompressed') FROM audit_record WHERE kafka_offset = ?",
        String.class, offset);
  }

  private static boolean hasLz4(JdbcTemplate jdbc) {
    try {
      jdbc.execute("CREATE TEMP TABLE lz4_probe (b TEXT COMPRESSION lz4)");
      return true;
    } catch (DataAccessException notBuiltWithLz4) {
      return false;
    }
  }

  private static TaskSubmitted submitted(String task) {
    return TaskSubmitted.newBuilder().setMeta(Meta.of(task, null, "intake", T0)).setRepository("file:///repos/shop.git")
        .setTitle("Fix the invoice total").setDescription(LONG).setTestCommand("sh run-tests.sh").build();
  }
}

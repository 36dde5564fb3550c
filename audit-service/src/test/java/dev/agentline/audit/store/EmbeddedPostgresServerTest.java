package dev.agentline.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.audit.bench.SyntheticRecords;
import dev.agentline.audit.bench.SyntheticRecords.Synthetic;
import dev.agentline.audit.ingest.RecordIngest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The audit's embedded PostgreSQL keeps what it committed when the server crashes (ingest has moved its offsets on by then). */
class EmbeddedPostgresServerTest {
  private static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

  @TempDir Path dataDir;

  @Test
  void aBatchWhoseCommitReturnedIsStillThereAfterTheServerCrashedRightAfterIt() throws Exception {
    EmbeddedPostgres crashed = EmbeddedPostgresServer.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).start();
    int port = crashed.getPort();
    DataSource dataSource = crashed.getPostgresDatabase();
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    AuditStore store = new AuditStore(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource));
    List<IngestRecord> batch = new ArrayList<>();
    List<Synthetic> records = new SyntheticRecords(11, T0, 20).next(200);
    for (int i = 0; i < records.size(); i++) {
      Synthetic s = records.get(i);
      batch.add(RecordIngest.of(s.topic(), 0, i, s.key(), s.encoded(), T0, List.of()));
    }

    assertThat(store.insertAll(batch)).isEqualTo(200);
    // at once, as a crash would: SIGQUIT is PostgreSQL's immediate shutdown, which writes nothing more to disk
    long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    assertThat(new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster)).start().waitFor()).isZero();
    ProcessHandle.of(postmaster).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    crashed.close(); // releases the data directory's lock; its stop finds no server and says so

    try (EmbeddedPostgres restarted = EmbeddedPostgresServer.builder().setPort(port).setDataDirectory(dataDir)
        .setCleanDataDirectory(false).setPGStartupWait(Duration.ofSeconds(30)).start()) {
      JdbcTemplate jdbc = new JdbcTemplate(restarted.getPostgresDatabase());
      assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
      assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_record", Long.class)).isEqualTo(200);
      assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_search_pending", Long.class)).isEqualTo(200);
    }
  }
}

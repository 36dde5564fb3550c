package dev.agentline.audit.bench;

import dev.agentline.audit.chain.TaskChains;
import dev.agentline.audit.store.AuditRetention;
import dev.agentline.audit.store.AuditStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** A migrated embedded PostgreSQL with the audit store on it, without Spring Boot or Kafka (tests and benchmarks). */
public final class AuditDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final DataSource dataSource;
  private final JdbcTemplate jdbc;

  public AuditDatabase() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    dataSource = postgres.getPostgresDatabase();
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    jdbc = new JdbcTemplate(dataSource);
  }

  public JdbcTemplate jdbc() {
    return jdbc;
  }

  public AuditStore store() {
    return new AuditStore(jdbc, new DataSourceTransactionManager(dataSource));
  }

  public AuditRetention retention() {
    return new AuditRetention(jdbc, new DataSourceTransactionManager(dataSource));
  }

  public TaskChains chains() {
    return new TaskChains(jdbc);
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}

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
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A migrated PostgreSQL with the audit store on it, without Spring Boot or Kafka (tests and benchmarks): an embedded one, or
 * a running server given by its JDBC URL (the benchmarks, to measure another build or version of PostgreSQL).
 */
public final class AuditDatabase implements AutoCloseable {
  /** Null when the database is a running server's. */
  private final EmbeddedPostgres postgres;
  private final String jdbcUrl;
  private final DataSource dataSource;
  private final JdbcTemplate jdbc;

  public AuditDatabase() throws IOException {
    this(EmbeddedPostgres.builder().start(), null);
  }

  /** The database at {@code jdbcUrl} (user and password in the URL), migrated; it should hold no audit store yet. */
  public static AuditDatabase at(String jdbcUrl) {
    return new AuditDatabase(null, jdbcUrl);
  }

  private AuditDatabase(EmbeddedPostgres postgres, String jdbcUrl) {
    this.postgres = postgres;
    this.jdbcUrl = postgres != null ? postgres.getJdbcUrl("postgres", "postgres") : jdbcUrl;
    dataSource = postgres != null ? postgres.getPostgresDatabase() : new DriverManagerDataSource(jdbcUrl);
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
    return jdbcUrl;
  }

  @Override
  public void close() throws IOException {
    if (postgres != null) postgres.close();
  }
}

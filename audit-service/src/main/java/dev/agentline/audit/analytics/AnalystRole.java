package dev.agentline.audit.analytics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Lets the read-only role {@code agentline_analyst} (created by {@code V4__analyst_views.sql}, allowed
 * to SELECT the analyst views and nothing else) log in with the configured password.
 */
@Component
class AnalystRole implements ApplicationRunner {
  static final String NAME = "agentline_analyst";
  private static final Logger log = LoggerFactory.getLogger(AnalystRole.class);

  private final JdbcClient jdbc;
  private final AnalystProperties properties;

  AnalystRole(JdbcClient jdbc, AnalystProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (properties.password() == null) return;
    boolean exists = jdbc.sql("SELECT count(*) FROM pg_roles WHERE rolname = :name").param("name", NAME).query(Long.class).single() > 0;
    if (!exists) {
      log.warn("agentline.audit.analyst.password is set but the role {} does not exist (the migrating user could not create it)", NAME);
      return;
    }
    // ALTER ROLE takes no bind parameters; the password becomes a quoted literal
    jdbc.sql("ALTER ROLE " + NAME + " WITH LOGIN PASSWORD " + literal(properties.password())).update();
    log.info("the read-only role {} may log in (agentline.audit.analyst.password)", NAME);
  }

  /** An SQL string literal, E'...' with backslashes and quotes escaped, whatever standard_conforming_strings says. */
  static String literal(String text) {
    return "E'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}

package dev.agentline.audit.analytics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The analysts' read-only database role ({@code agentline.audit.analyst.*}).
 *
 * @param password when set, the role {@code agentline_analyst} may log in with it (set at every start);
 *     unset: the role is left as it is (NOLOGIN when the migration created it)
 */
@ConfigurationProperties("agentline.audit.analyst")
public record AnalystProperties(String password) {

  public AnalystProperties {
    if (password != null && (password.isEmpty() || password.indexOf('\0') >= 0)) {
      throw new IllegalArgumentException("agentline.audit.analyst.password must be unset or a non-empty password without NUL");
    }
  }
}

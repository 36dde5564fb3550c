package dev.agentline.toolrunner;

import dev.agentline.toolrunner.pr.CodeHostSettings;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code agentline.code-hosts}: the hosted code hosts OPEN_PR opens pull requests on. A repository
 * URL whose host is {@code github.host} goes to GitHub, {@code gitlab.host} to GitLab; local paths
 * and file:// URLs need neither. Tokens are read from environment variables when a pull request is opened.
 */
@ConfigurationProperties("agentline.code-hosts")
public record CodeHostProperties(Host github, Host gitlab) {

  /**
   * @param apiUrl REST base (GitHub: {@code https://api.github.com} or {@code https://<ghe>/api/v3}; GitLab: the instance URL)
   * @param host host name in repository URLs (default: derived from api-url; {@code api.github.com} gives {@code github.com})
   * @param tokenEnv environment variable holding the token
   * @param labels labels added besides {@code agentline}
   * @param draft open as draft
   */
  public record Host(URI apiUrl, String host, String tokenEnv, List<String> labels, Boolean draft) {}

  public CodeHostProperties {
    github = withDefaults(github, "https://api.github.com", "GITHUB_TOKEN");
    gitlab = withDefaults(gitlab, "https://gitlab.com", "GITLAB_TOKEN");
    settings("github", github);
    settings("gitlab", gitlab);
  }

  private static Host withDefaults(Host h, String apiUrl, String tokenEnv) {
    if (h == null) h = new Host(null, null, null, null, null);
    return new Host(h.apiUrl() == null ? URI.create(apiUrl) : h.apiUrl(), h.host(),
        h.tokenEnv() == null || h.tokenEnv().isBlank() ? tokenEnv : h.tokenEnv(),
        h.labels() == null ? List.of() : h.labels(), h.draft() != null && h.draft());
  }

  public CodeHostSettings githubSettings() {
    return settings("github", github);
  }

  public CodeHostSettings gitlabSettings() {
    return settings("gitlab", gitlab);
  }

  private static CodeHostSettings settings(String name, Host h) {
    try {
      return new CodeHostSettings(h.apiUrl(), h.host(), h.tokenEnv(), h.labels(), h.draft());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("agentline.code-hosts." + name + "." + e.getMessage());
    }
  }
}

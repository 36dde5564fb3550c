package dev.agentline.audit.baseline;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code agentline.audit.baseline.*}: where the pilot report reads human-only pull requests from. Without
 * repositories there is no baseline (the report compares nothing).
 *
 * @param host {@code github} or {@code gitlab}
 * @param apiUrl REST base: GitHub {@code https://api.github.com} (Enterprise: {@code https://<host>/api/v3}), GitLab the
 *     instance URL ({@code https://gitlab.com}; {@code /api/v4} is added); default by host
 * @param tokenEnv the environment variable holding a read-only token (default {@code GITHUB_TOKEN} / {@code GITLAB_TOKEN})
 * @param repositories {@code owner/name} (GitHub) or project paths {@code group/sub/project} (GitLab)
 * @param maxPullRequests at most this many pull requests are read per repository and period (newest first), to
 *     bound the API calls (about six per pull request)
 */
@ConfigurationProperties("agentline.audit.baseline")
public record BaselineProperties(@DefaultValue("github") String host, URI apiUrl, String tokenEnv,
    @DefaultValue List<String> repositories, @DefaultValue("200") int maxPullRequests) {

  public BaselineProperties {
    host = host == null ? "github" : host.strip().toLowerCase(Locale.ROOT);
    if (!host.equals("github") && !host.equals("gitlab")) {
      throw new IllegalArgumentException("agentline.audit.baseline.host must be github or gitlab, was '" + host + "'");
    }
    boolean github = host.equals("github");
    if (apiUrl == null) apiUrl = URI.create(github ? "https://api.github.com" : "https://gitlab.com");
    String scheme = apiUrl.getScheme() == null ? "" : apiUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || apiUrl.getHost() == null) {
      throw new IllegalArgumentException("agentline.audit.baseline.api-url must be an http(s) URL, was '" + apiUrl + "'");
    }
    if (tokenEnv == null || tokenEnv.isBlank()) tokenEnv = github ? "GITHUB_TOKEN" : "GITLAB_TOKEN";
    repositories = repositories == null ? List.of() : repositories.stream().map(String::strip).filter(r -> !r.isEmpty()).toList();
    for (String repository : repositories) {
      if (!repository.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+") || (github && repository.split("/").length != 2)) {
        throw new IllegalArgumentException("agentline.audit.baseline.repositories: '" + repository + "' is not "
            + (github ? "owner/name" : "a project path such as group/project"));
      }
    }
    if (maxPullRequests < 1) {
      throw new IllegalArgumentException("agentline.audit.baseline.max-pull-requests must be at least 1, was " + maxPullRequests);
    }
  }

  /** The base URL without a trailing slash. */
  String api() {
    return apiUrl.toString().replaceAll("/+$", "");
  }
}

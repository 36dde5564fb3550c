package dev.agentline.toolrunner.pr;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * One hosted code host (GitHub, GitHub Enterprise, GitLab).
 *
 * @param apiUrl REST base: {@code https://api.github.com}, {@code https://ghe.example.com/api/v3}, {@code https://gitlab.com}
 * @param host the host name in repository URLs it serves ({@code github.com}, {@code gitlab.com})
 * @param tokenEnv the environment variable that holds the token
 * @param labels labels added to every pull request besides {@code agentline}
 * @param draft open pull requests as drafts
 */
public record CodeHostSettings(URI apiUrl, String host, String tokenEnv, List<String> labels, boolean draft) {
  public static final String LABEL = "agentline";

  public CodeHostSettings {
    if (apiUrl == null || apiUrl.getHost() == null) throw new IllegalArgumentException("api-url must be an absolute http(s) URL, was " + apiUrl);
    String base = apiUrl.toString();
    if (base.endsWith("/")) apiUrl = URI.create(base.substring(0, base.length() - 1));
    if (host == null || host.isBlank()) host = apiUrl.getHost().equals("api.github.com") ? "github.com" : apiUrl.getHost();
    host = host.toLowerCase(Locale.ROOT);
    if (tokenEnv == null || tokenEnv.isBlank()) throw new IllegalArgumentException("token-env must not be blank");
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  /** {@code agentline} first, then the configured labels, without repeats. */
  public List<String> allLabels() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(LABEL), labels.stream())
        .filter(l -> !l.isBlank()).distinct().toList();
  }

  /** True when {@code originUri} is a repository on this host. */
  public boolean serves(String originUri) {
    return RemoteRepository.parse(originUri).filter(r -> r.host().equals(host)).isPresent();
  }
}

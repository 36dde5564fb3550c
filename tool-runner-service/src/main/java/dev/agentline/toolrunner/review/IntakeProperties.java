package dev.agentline.toolrunner.review;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The intake's part of {@code agentline.code-hosts} (the API URLs and tokens are {@code CodeHostProperties}'):
 * {@code github.webhook-secret-env} / {@code gitlab.webhook-secret-env} name the environment variables holding the
 * webhook secrets; {@code poll.*} the polling fallback; {@code ci-log.*} how much of a failed job's log is kept.
 */
@ConfigurationProperties("agentline.code-hosts")
public record IntakeProperties(Hook github, Hook gitlab, Poll poll, CiLog ciLog) {

  /** @param webhookSecretEnv environment variable holding the webhook secret */
  public record Hook(String webhookSecretEnv) {}

  /**
   * @param enabled poll the code hosts (default false: webhooks only)
   * @param interval time between two ticks (default 60s)
   * @param repositories repository URLs, as in {@code ToolRequest.repository}
   * @param lookback how far back the first tick looks for updated pull requests (default 24h)
   */
  public record Poll(Boolean enabled, Duration interval, List<String> repositories, Duration lookback) {}

  /**
   * @param maxLines lines kept from the end of a failed job's log (default 60)
   * @param maxChars characters kept from the end of a failed job's log (default 6000)
   */
  public record CiLog(Integer maxLines, Integer maxChars) {}

  public IntakeProperties {
    github = new Hook(blankOr(github == null ? null : github.webhookSecretEnv(), "GITHUB_WEBHOOK_SECRET"));
    gitlab = new Hook(blankOr(gitlab == null ? null : gitlab.webhookSecretEnv(), "GITLAB_WEBHOOK_SECRET"));
    if (poll == null) poll = new Poll(null, null, null, null);
    poll = new Poll(poll.enabled() != null && poll.enabled(), poll.interval() == null ? Duration.ofSeconds(60) : poll.interval(),
        poll.repositories() == null ? List.of() : List.copyOf(poll.repositories()),
        poll.lookback() == null ? Duration.ofHours(24) : poll.lookback());
    if (poll.interval().isNegative() || poll.interval().isZero()) {
      throw new IllegalArgumentException("agentline.code-hosts.poll.interval must be positive, was " + poll.interval());
    }
    if (ciLog == null) ciLog = new CiLog(null, null);
    ciLog = new CiLog(ciLog.maxLines() == null ? 60 : ciLog.maxLines(), ciLog.maxChars() == null ? 6000 : ciLog.maxChars());
    if (ciLog.maxLines() < 1) throw new IllegalArgumentException("agentline.code-hosts.ci-log.max-lines must be at least 1, was " + ciLog.maxLines());
    if (ciLog.maxChars() < 1) throw new IllegalArgumentException("agentline.code-hosts.ci-log.max-chars must be at least 1, was " + ciLog.maxChars());
  }

  private static String blankOr(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}

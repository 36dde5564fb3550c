package dev.agentline.toolrunner.review;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pull request (GitLab: merge request) as far as a payload tells: what is null must be read from the API before the
 * event can go out. {@code projectId} is GitLab's numeric project id when known (else the path is used); {@code commit}
 * is set when only the commit is known (a GitHub status).
 */
record PrRef(String repository, String projectId, Integer number, String commit, String branch, String body, String url) {
  static final String BRANCH_PREFIX = "agentline/";
  static final String REPLY_MARKER = "<!-- agentline-reply";
  private static final Pattern TASK = Pattern.compile("<!--\\s*agentline-task:\\s*(\\S+?)\\s*-->");

  static PrRef of(String repository, int number, String branch, String body, String url) {
    return new PrRef(repository, null, number, null, branch, body == null ? "" : body, url);
  }

  boolean complete() {
    return number != null && branch != null && body != null && url != null;
  }

  /** Why this pull request is not agentline's, as far as it is known; empty when it may be. */
  Optional<String> notOurs() {
    String name = number == null ? repository : repository + "#" + number;
    if (branch != null && !branch.startsWith(BRANCH_PREFIX)) return Optional.of(name + ": branch " + branch + " is not an agentline branch");
    if (body != null && taskId(body).isEmpty()) return Optional.of(name + " has no agentline-task marker");
    return Optional.empty();
  }

  Optional<String> taskId() {
    return body == null ? Optional.empty() : taskId(body);
  }

  static Optional<String> taskId(String body) {
    Matcher m = TASK.matcher(body);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}

package dev.agentline.toolrunner.pr;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pull request's web address: GitHub's {@code https://github.com/o/r/pull/17} or GitLab's
 * {@code https://gitlab.com/group/sub/r/-/merge_requests/5}, giving the project path and the number.
 */
record PullRequestUrl(String host, String project, long number) {
  private static final Pattern GITHUB = Pattern.compile("/(.+/[^/]+)/pull/(\\d+)/?");
  private static final Pattern GITLAB = Pattern.compile("/(.+/[^/]+)/-/merge_requests/(\\d+)/?");

  static Optional<PullRequestUrl> github(String url) {
    return parse(url, GITHUB);
  }

  static Optional<PullRequestUrl> gitlab(String url) {
    return parse(url, GITLAB);
  }

  private static Optional<PullRequestUrl> parse(String url, Pattern pattern) {
    if (url == null) return Optional.empty();
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (uri.getHost() == null || uri.getPath() == null) return Optional.empty();
    Matcher m = pattern.matcher(uri.getPath());
    if (!m.matches()) return Optional.empty();
    return Optional.of(new PullRequestUrl(uri.getHost(), m.group(1), Long.parseLong(m.group(2))));
  }

  String owner() {
    return project.substring(0, project.lastIndexOf('/'));
  }

  String name() {
    return project.substring(project.lastIndexOf('/') + 1);
  }
}

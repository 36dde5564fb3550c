package dev.agentline.audit.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Human-only pull requests from GitHub (REST v3), newest first per repository: the pulls list sorted by creation
 * (pages followed until one is older than the period), agentline's own branches ({@code agentline/...}) left out,
 * then per pull request its review and conversation comments (its author's and bots' left out), the failed check runs
 * and statuses of its head commit, its commits (the earliest author date) and its timeline (when a draft was marked
 * ready for review). About six calls per pull request; {@code max-pull-requests} caps them per repository.
 */
public final class GitHubBaseline implements BaselineSource {
  private static final Set<String> FAILED_CHECK = Set.of("failure", "timed_out");
  private static final Set<String> FAILED_STATUS = Set.of("failure", "error");

  private final String api;
  private final List<String> repositories;
  private final int maxPullRequests;
  private final String tokenEnv;
  private final Function<String, String> env;
  private final HttpClient client;
  private final Clock clock;

  public GitHubBaseline(String api, List<String> repositories, int maxPullRequests, String tokenEnv, Function<String, String> env,
      HttpClient client, Clock clock) {
    this.api = api;
    this.repositories = List.copyOf(repositories);
    this.maxPullRequests = maxPullRequests;
    this.tokenEnv = tokenEnv;
    this.env = env;
    this.client = client;
    this.clock = clock;
  }

  static GitHubBaseline of(BaselineProperties properties, Function<String, String> env) {
    return new GitHubBaseline(properties.api(), properties.repositories(), properties.maxPullRequests(), properties.tokenEnv(), env,
        HostApi.defaultClient(), Clock.systemUTC());
  }

  @Override
  public List<BaselinePullRequest> humanPullRequests(Instant from, Instant until) {
    HostApi http = new HostApi("GitHub", client, clock, tokenEnv, env.apply(tokenEnv), "Authorization", "Bearer ",
        Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"));
    List<BaselinePullRequest> all = new ArrayList<>();
    for (String repository : repositories) all.addAll(read(http, repository, from, until));
    return all;
  }

  private List<BaselinePullRequest> read(HostApi http, String repository, Instant from, Instant until) {
    String base = api + "/repos/" + repository;
    return http.newestFirst(URI.create(base + "/pulls?state=all&sort=created&direction=desc&per_page=100"), from, until, maxPullRequests,
            pr -> !pr.path("head").path("ref").asText().startsWith("agentline/"))
        .stream().map(pr -> pullRequest(http, base, repository, pr, HostApi.instant(pr.path("created_at")))).toList();
  }

  private BaselinePullRequest pullRequest(HostApi http, String base, String repository, JsonNode pr, Instant created) {
    int number = pr.path("number").asInt();
    String author = pr.path("user").path("login").asText();
    int comments = 0;
    for (String path : List.of("/pulls/" + number + "/comments", "/issues/" + number + "/comments")) {
      for (JsonNode comment : http.all(URI.create(base + path + "?per_page=100"))) {
        if (byReviewer(comment.path("user"), author)) comments++;
      }
    }
    String sha = pr.path("head").path("sha").asText();
    int failures = 0;
    for (JsonNode run : http.get(URI.create(base + "/commits/" + sha + "/check-runs?per_page=100")).path("check_runs")) {
      if (FAILED_CHECK.contains(run.path("conclusion").asText())) failures++;
    }
    for (JsonNode status : http.get(URI.create(base + "/commits/" + sha + "/status?per_page=100")).path("statuses")) {
      if (FAILED_STATUS.contains(status.path("state").asText())) failures++;
    }
    Instant firstCommit = HostApi.earliest(http.all(URI.create(base + "/pulls/" + number + "/commits?per_page=100")),
        commit -> commit.path("commit").path("author").path("date"));
    Instant ready = readyForReview(http, base, pr, created);
    return new BaselinePullRequest(repository, number, pr.path("html_url").asText(), author, created,
        HostApi.instant(pr.path("closed_at")), HostApi.instant(pr.path("merged_at")), comments, failures, between(firstCommit, ready));
  }

  /**
   * When it was first ready for review: its creation, unless it was opened as a draft (its timeline's first
   * {@code ready_for_review} comes before any {@code convert_to_draft}), then that event; null while it is a draft.
   */
  private static Instant readyForReview(HostApi http, String base, JsonNode pr, Instant created) {
    if (pr.path("draft").asBoolean(false)) return null;
    for (JsonNode event : http.all(URI.create(base + "/issues/" + pr.path("number").asInt() + "/timeline?per_page=100"))) {
      String type = event.path("event").asText();
      if (type.equals("convert_to_draft")) return created;
      if (type.equals("ready_for_review")) return HostApi.instant(event.path("created_at"));
    }
    return created;
  }

  static Duration between(Instant firstCommit, Instant ready) {
    if (firstCommit == null || ready == null) return null;
    Duration d = Duration.between(firstCommit, ready);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** A comment counts when a person other than the pull request's author wrote it (apps and bots do not count). */
  private static boolean byReviewer(JsonNode user, String author) {
    String login = user.path("login").asText();
    return !login.isEmpty() && !login.equals(author) && !user.path("type").asText().equals("Bot")
        && !login.toLowerCase(Locale.ROOT).endsWith("[bot]");
  }
}

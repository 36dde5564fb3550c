package dev.agentline.audit.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Human-only merge requests from GitLab (REST v4), newest first per project: the merge requests created in the
 * period, agentline's own source branches ({@code agentline/...}) left out, then per merge request its notes (system
 * notes, its author's and bot users' left out), its failed pipelines and its commits (the earliest authored date).
 * The system notes also say when a draft was marked ready. Three calls per merge request;
 * {@code max-pull-requests} caps them per project.
 */
public final class GitLabBaseline implements BaselineSource {
  /** Project and group access tokens act as bot users named project_ID_bot_... / group_ID_bot_... */
  private static final Pattern BOT = Pattern.compile("(project|group)_\\d+_bot.*|.*[-_]bot|.*\\[bot\\]");
  private static final Pattern READY = Pattern.compile("(?i)marked (this merge request )?as \\**ready\\**|unmarked as (a )?\\**work in progress\\**");
  private static final Pattern DRAFT = Pattern.compile("(?i)marked (this merge request )?as (a )?\\**(draft|work in progress)\\**");

  private final String api;
  private final List<String> projects;
  private final int maxPullRequests;
  private final String tokenEnv;
  private final Function<String, String> env;
  private final HttpClient client;
  private final Clock clock;

  /** @param api the instance URL ({@code https://gitlab.com}); {@code /api/v4} is added */
  public GitLabBaseline(String api, List<String> projects, int maxPullRequests, String tokenEnv, Function<String, String> env,
      HttpClient client, Clock clock) {
    this.api = api.replaceAll("/+$", "").replaceAll("/api/v4$", "") + "/api/v4";
    this.projects = List.copyOf(projects);
    this.maxPullRequests = maxPullRequests;
    this.tokenEnv = tokenEnv;
    this.env = env;
    this.client = client;
    this.clock = clock;
  }

  static GitLabBaseline of(BaselineProperties properties, Function<String, String> env) {
    return new GitLabBaseline(properties.api(), properties.repositories(), properties.maxPullRequests(), properties.tokenEnv(), env,
        HostApi.defaultClient(), Clock.systemUTC());
  }

  @Override
  public List<BaselinePullRequest> humanPullRequests(Instant from, Instant until) {
    HostApi http = new HostApi("GitLab", client, clock, tokenEnv, env.apply(tokenEnv), "PRIVATE-TOKEN", "", Map.of("Accept", "application/json"));
    List<BaselinePullRequest> all = new ArrayList<>();
    for (String project : projects) all.addAll(read(http, project, from, until));
    return all;
  }

  private List<BaselinePullRequest> read(HostApi http, String project, Instant from, Instant until) {
    String base = api + "/projects/" + URLEncoder.encode(project, StandardCharsets.UTF_8);
    URI list = URI.create(base + "/merge_requests?scope=all&state=all&order_by=created_at&sort=desc&per_page=100"
        + "&created_after=" + from + "&created_before=" + until);
    return http.newestFirst(list, from, until, maxPullRequests, mr -> !mr.path("source_branch").asText().startsWith("agentline/"))
        .stream().map(mr -> mergeRequest(http, base, project, mr, HostApi.instant(mr.path("created_at")))).toList();
  }

  private BaselinePullRequest mergeRequest(HostApi http, String base, String project, JsonNode mr, Instant created) {
    int iid = mr.path("iid").asInt();
    String path = base + "/merge_requests/" + iid;
    String author = mr.path("author").path("username").asText();
    int comments = 0;
    Instant ready = mr.path("draft").asBoolean(mr.path("work_in_progress").asBoolean(false)) ? null : created;
    boolean readySeen = false;
    for (JsonNode note : http.all(URI.create(path + "/notes?sort=asc&order_by=created_at&per_page=100"))) {
      if (note.path("system").asBoolean(false)) {
        // the first draft/ready change says whether it was opened as a draft
        String body = note.path("body").asText();
        if (!readySeen && ready != null && DRAFT.matcher(body).find()) readySeen = true;
        else if (!readySeen && ready != null && READY.matcher(body).find()) {
          ready = HostApi.instant(note.path("created_at"));
          readySeen = true;
        }
        continue;
      }
      String username = note.path("author").path("username").asText();
      if (!username.isEmpty() && !username.equals(author) && !note.path("author").path("bot").asBoolean(false) && !BOT.matcher(username).matches()) {
        comments++;
      }
    }
    int failures = 0;
    for (JsonNode pipeline : http.all(URI.create(path + "/pipelines?per_page=100"))) {
      if (pipeline.path("status").asText().equals("failed")) failures++;
    }
    // GitLab lists them newest first
    Instant firstCommit = HostApi.earliest(http.all(URI.create(path + "/commits?per_page=100")), commit -> commit.path("authored_date"));
    Instant merged = HostApi.instant(mr.path("merged_at"));
    Instant closed = HostApi.instant(mr.path("closed_at"));
    // GitLab leaves closed_at empty on a merged merge request; merging closes it
    return new BaselinePullRequest(project, iid, mr.path("web_url").asText(), author, created, closed == null ? merged : closed, merged, comments, failures, GitHubBaseline.between(firstCommit, ready));
  }
}

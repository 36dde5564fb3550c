package dev.agentline.toolrunner.pr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.schemas.CommentReply;
import dev.agentline.schemas.PullRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Pull requests on GitHub or GitHub Enterprise (REST v3). Opening is idempotent: when GitHub says a
 * pull request already exists for the head branch (422), the open one is found and its title and
 * body are updated. Every pull request gets the label {@code agentline} plus the configured ones.
 */
public final class GitHubCodeHost implements CodeHost {
  private final CodeHostSettings settings;
  private final HttpClient client;
  private final Function<String, String> env;
  private final Clock clock;

  public GitHubCodeHost(CodeHostSettings settings, Function<String, String> env) {
    this(settings, env, defaultClient(), Clock.systemUTC());
  }

  public GitHubCodeHost(CodeHostSettings settings, Function<String, String> env, HttpClient client, Clock clock) {
    this.settings = settings;
    this.env = env;
    this.client = client;
    this.clock = clock;
  }

  static HttpClient defaultClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10)).build();
  }

  @Override
  public boolean serves(String originUri) {
    return settings.serves(originUri);
  }

  @Override
  public PullRequest open(PullRequestDraft draft) {
    RemoteRepository repo = RemoteRepository.parse(draft.originUri())
        .orElseThrow(() -> new CodeHostException("not a GitHub repository URL: " + draft.originUri()));
    HttpJson http = http();
    String base = settings.apiUrl() + "/repos/" + repo.owner() + "/" + repo.name();

    Map<String, Object> create = new LinkedHashMap<>();
    create.put("title", draft.title());
    create.put("head", draft.branch());
    create.put("base", draft.baseBranch());
    create.put("body", draft.body());
    create.put("draft", settings.draft());
    URI pulls = URI.create(base + "/pulls");
    HttpJson.Response created = http.send("POST", pulls, create);
    JsonNode pr;
    if (created.status() / 100 == 2) {
      pr = created.body();
    } else if (created.status() == 422 && HttpJson.message(created).contains("already exists")) {
      pr = updateExisting(http, base, repo, draft);
    } else {
      throw http.unexpected("POST", pulls, created);
    }
    long number = pr.path("number").asLong();
    http.expectOk("POST", URI.create(base + "/issues/" + number + "/labels"), Map.of("labels", settings.allLabels()));
    return PullRequest.newBuilder()
        .setBranch(draft.branch())
        .setTitle(draft.title())
        .setBody(draft.body())
        .setUrl(pr.path("html_url").asText())
        .setHeadCommit(draft.headCommit())
        .build();
  }

  private HttpJson http() {
    return new HttpJson("GitHub", client, clock, settings.tokenEnv(), env, "Authorization", "Bearer ",
        Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"));
  }

  /**
   * Review comments are answered in their thread ({@code POST …/pulls/{n}/comments/{id}/replies}, to the thread's
   * first comment); everything else (comments, reviews, CI runs) with a new comment on the conversation that quotes
   * it and mentions its author. {@code resolve} resolves a review thread through GraphQL.
   */
  @Override
  public List<ReplyOutcome> reply(String originUri, String pullRequestUrl, List<CommentReply> replies) {
    PullRequestUrl pr = PullRequestUrl.github(pullRequestUrl).orElseThrow(() -> new CodeHostException(
        "not a GitHub pull request URL (https://<host>/<owner>/<repo>/pull/<number>): " + pullRequestUrl));
    return new GitHubReplies(http(), settings.apiUrl(), pr).post(replies);
  }

  private JsonNode updateExisting(HttpJson http, String base, RemoteRepository repo, PullRequestDraft draft) {
    String head = URLEncoder.encode(repo.owner() + ":" + draft.branch(), StandardCharsets.UTF_8);
    URI find = URI.create(base + "/pulls?head=" + head + "&state=open");
    JsonNode open = http.expectOk("GET", find, null).body();
    if (open == null || !open.isArray() || open.isEmpty()) {
      throw new CodeHostException("GitHub says a pull request for " + draft.branch() + " already exists, but none is open in " + repo.path());
    }
    long number = open.get(0).path("number").asLong();
    return http.expectOk("PATCH", URI.create(base + "/pulls/" + number), Map.of("title", draft.title(), "body", draft.body())).body();
  }
}

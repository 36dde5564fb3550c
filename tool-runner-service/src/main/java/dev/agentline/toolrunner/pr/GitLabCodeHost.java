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
 * Merge requests on gitlab.com or a self-managed GitLab (REST v4). Opening is idempotent: on 409
 * (an open merge request exists for the source branch) that one is found and updated. Drafts are
 * marked with the {@code Draft: } title prefix; labels are {@code agentline} plus the configured ones.
 */
public final class GitLabCodeHost implements CodeHost {
  private final CodeHostSettings settings;
  private final HttpClient client;
  private final Function<String, String> env;
  private final Clock clock;

  public GitLabCodeHost(CodeHostSettings settings, Function<String, String> env) {
    this(settings, env, GitHubCodeHost.defaultClient(), Clock.systemUTC());
  }

  public GitLabCodeHost(CodeHostSettings settings, Function<String, String> env, HttpClient client, Clock clock) {
    this.settings = settings;
    this.env = env;
    this.client = client;
    this.clock = clock;
  }

  @Override
  public boolean serves(String originUri) {
    return settings.serves(originUri);
  }

  @Override
  public PullRequest open(PullRequestDraft draft) {
    RemoteRepository repo = RemoteRepository.parse(draft.originUri())
        .orElseThrow(() -> new CodeHostException("not a GitLab repository URL: " + draft.originUri()));
    HttpJson http = http();
    String base = settings.apiUrl() + "/api/v4/projects/" + URLEncoder.encode(repo.path(), StandardCharsets.UTF_8) + "/merge_requests";
    String title = settings.draft() && !draft.title().startsWith("Draft: ") ? "Draft: " + draft.title() : draft.title();
    String labels = String.join(",", settings.allLabels());

    Map<String, Object> create = new LinkedHashMap<>();
    create.put("source_branch", draft.branch());
    create.put("target_branch", draft.baseBranch());
    create.put("title", title);
    create.put("description", draft.body());
    create.put("labels", labels);
    URI mergeRequests = URI.create(base);
    HttpJson.Response created = http.send("POST", mergeRequests, create);
    JsonNode mr;
    if (created.status() / 100 == 2) {
      mr = created.body();
    } else if (created.status() == 409) {
      URI find = URI.create(base + "?source_branch=" + URLEncoder.encode(draft.branch(), StandardCharsets.UTF_8) + "&state=opened");
      JsonNode open = http.expectOk("GET", find, null).body();
      if (open == null || !open.isArray() || open.isEmpty()) {
        throw new CodeHostException("GitLab says a merge request for " + draft.branch() + " already exists, but none is open in "
            + repo.path() + ": " + HttpJson.message(created));
      }
      long iid = open.get(0).path("iid").asLong();
      mr = http.expectOk("PUT", URI.create(base + "/" + iid), Map.of("title", title, "description", draft.body(), "labels", labels)).body();
    } else {
      throw http.unexpected("POST", mergeRequests, created);
    }
    return PullRequest.newBuilder()
        .setBranch(draft.branch())
        .setTitle(title)
        .setBody(draft.body())
        .setUrl(mr.path("web_url").asText())
        .setHeadCommit(draft.headCommit())
        .build();
  }

  private HttpJson http() {
    return new HttpJson("GitLab", client, clock, settings.tokenEnv(), env, "PRIVATE-TOKEN", "", Map.of("Accept", "application/json"));
  }

  /**
   * Feedback with a discussion ({@code threadId}) is answered in it ({@code POST …/discussions/:id/notes}) and,
   * with {@code resolve}, the discussion is resolved ({@code PUT …/discussions/:id?resolved=true}); anything else
   * gets a new note on the merge request that quotes it and mentions its author.
   */
  @Override
  public List<ReplyOutcome> reply(String originUri, String pullRequestUrl, List<CommentReply> replies) {
    PullRequestUrl mr = PullRequestUrl.gitlab(pullRequestUrl).orElseThrow(() -> new CodeHostException(
        "not a GitLab merge request URL (https://<host>/<group>/<project>/-/merge_requests/<iid>): " + pullRequestUrl));
    return new GitLabReplies(http(), settings.apiUrl() + "/api/v4/projects/" + URLEncoder.encode(mr.project(), StandardCharsets.UTF_8)
        + "/merge_requests/" + mr.number()).post(replies);
  }
}

package dev.agentline.toolrunner.pr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.schemas.CommentReply;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.PullRequestFeedback;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The replies of one REPLY_COMMENTS request on one GitHub pull request. */
final class GitHubReplies {
  private static final String THREADS = """
      query($owner: String!, $name: String!, $number: Int!) {
        repository(owner: $owner, name: $name) {
          pullRequest(number: $number) {
            reviewThreads(first: 100) { nodes { id isResolved comments(first: 100) { nodes { databaseId } } } }
          }
        }
      }""";
  private static final String RESOLVE = """
      mutation($threadId: ID!) { resolveReviewThread(input: {threadId: $threadId}) { thread { id isResolved } } }""";

  private final HttpJson http;
  private final URI graphql;
  private final PullRequestUrl pr;
  private final String repo;
  private Map<Long, ReviewThread> threads;

  private record ReviewThread(String id, boolean resolved) {}

  GitHubReplies(HttpJson http, URI apiUrl, PullRequestUrl pr) {
    this.http = http;
    this.pr = pr;
    this.repo = apiUrl + "/repos/" + pr.owner() + "/" + pr.name();
    String api = apiUrl.toString();
    // GitHub.com: https://api.github.com/graphql; Enterprise: https://<host>/api/v3 -> https://<host>/api/graphql
    this.graphql = URI.create(api.endsWith("/api/v3") ? api.substring(0, api.length() - "v3".length()) + "graphql" : api + "/graphql");
  }

  List<ReplyOutcome> post(List<CommentReply> replies) {
    List<String> reviewComments = replies.stream().anyMatch(r -> inThread(r.getTo()))
        ? bodies(repo + "/pulls/" + pr.number() + "/comments") : new ArrayList<>();
    List<String> comments = replies.stream().anyMatch(r -> !inThread(r.getTo()))
        ? bodies(repo + "/issues/" + pr.number() + "/comments") : new ArrayList<>();
    List<ReplyOutcome> outcomes = new ArrayList<>();
    for (CommentReply reply : replies) {
      String key = reply.getTo().getKey();
      try {
        outcomes.add(inThread(reply.getTo()) ? inThread(reply, reviewComments) : onConversation(reply, comments));
      } catch (CodeHostException e) {
        outcomes.add(ReplyOutcome.failed(key, e.getMessage()));
      }
    }
    return outcomes;
  }

  /** A review comment with an id is answered in its thread; anything else on the conversation. */
  private static boolean inThread(PullRequestFeedback to) {
    return to.getType() == PullRequestEventType.REVIEW_COMMENT && threadRoot(to) != null;
  }

  private static String threadRoot(PullRequestFeedback to) {
    String root = to.getThreadId() != null && !to.getThreadId().isBlank() ? to.getThreadId() : to.getCommentId();
    return root == null || root.isBlank() ? null : root.strip();
  }

  private ReplyOutcome inThread(CommentReply reply, List<String> posted) {
    String key = reply.getTo().getKey();
    String root = threadRoot(reply.getTo());
    ReplyOutcome.Status status;
    String detail;
    if (posted.stream().anyMatch(b -> Replies.answers(b, key))) {
      status = ReplyOutcome.Status.ALREADY_POSTED;
      detail = "in the thread of review comment " + root;
    } else {
      String body = Replies.threaded(reply);
      JsonNode created = http.expectOk("POST", URI.create(repo + "/pulls/" + pr.number() + "/comments/" + root + "/replies"),
          Map.of("body", body)).body();
      posted.add(body);
      status = ReplyOutcome.Status.POSTED;
      detail = "review comment " + id(created) + " in the thread of " + root;
    }
    if (!reply.getResolve()) return new ReplyOutcome(key, status, detail, false);
    Optional<String> notResolved;
    try {
      notResolved = resolve(root, reply.getTo().getCommentId());
    } catch (CodeHostException e) {
      notResolved = Optional.of(e.getMessage());
    }
    return new ReplyOutcome(key, status, detail + notResolved.map(why -> "; not resolved: " + why).orElse(""), notResolved.isEmpty());
  }

  private ReplyOutcome onConversation(CommentReply reply, List<String> posted) {
    String key = reply.getTo().getKey();
    if (posted.stream().anyMatch(b -> Replies.answers(b, key))) {
      return new ReplyOutcome(key, ReplyOutcome.Status.ALREADY_POSTED, "a comment on the conversation", false);
    }
    String body = Replies.standalone(reply);
    JsonNode created = http.expectOk("POST", URI.create(repo + "/issues/" + pr.number() + "/comments"), Map.of("body", body)).body();
    posted.add(body);
    return new ReplyOutcome(key, ReplyOutcome.Status.POSTED, "comment " + id(created) + " on the conversation", false);
  }

  /** Resolves the review thread holding comment {@code root} (or {@code commentId}); empty when done, else why not. */
  private Optional<String> resolve(String root, String commentId) {
    if (threads == null) threads = threads();
    ReviewThread thread = Optional.ofNullable(number(root)).map(threads::get)
        .or(() -> Optional.ofNullable(number(commentId)).map(threads::get)).orElse(null);
    if (thread == null) return Optional.of("no review thread holds comment " + root + " (first 100 threads looked at)");
    if (thread.resolved()) return Optional.empty();
    graphql("resolveReviewThread", RESOLVE, Map.of("threadId", thread.id()));
    threads.replaceAll((comment, t) -> t.id().equals(thread.id()) ? new ReviewThread(t.id(), true) : t);
    return Optional.empty();
  }

  private Map<Long, ReviewThread> threads() {
    JsonNode data = graphql("reviewThreads", THREADS, Map.of("owner", pr.owner(), "name", pr.name(), "number", pr.number()));
    Map<Long, ReviewThread> byComment = new HashMap<>();
    for (JsonNode node : data.path("repository").path("pullRequest").path("reviewThreads").path("nodes")) {
      ReviewThread thread = new ReviewThread(node.path("id").asText(), node.path("isResolved").asBoolean());
      for (JsonNode comment : node.path("comments").path("nodes")) byComment.put(comment.path("databaseId").asLong(), thread);
    }
    return byComment;
  }

  /** GraphQL answers 200 with {@code errors} when a query fails: that is an error here too. */
  private JsonNode graphql(String what, String query, Map<String, Object> variables) {
    HttpJson.Response response = http.expectOk("POST", graphql, Map.of("query", query, "variables", variables));
    JsonNode body = response.body();
    if (body == null) throw new CodeHostException("GitHub POST " + graphql.getPath() + " (" + what + ") answered without JSON");
    if (body.path("errors").isArray() && !body.path("errors").isEmpty()) {
      throw new CodeHostException("GitHub POST " + graphql.getPath() + " (" + what + ") failed: " + HttpJson.message(response));
    }
    return body.path("data");
  }

  private List<String> bodies(String url) {
    List<String> bodies = new ArrayList<>();
    http.allPages(url).forEach(c -> bodies.add(c.path("body").asText("")));
    return bodies;
  }

  private static String id(JsonNode created) {
    return created == null ? "?" : created.path("id").asText("?");
  }

  private static Long number(String id) {
    try {
      return id == null ? null : Long.valueOf(id.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

package dev.agentline.toolrunner.pr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.schemas.CommentReply;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The replies of one REPLY_COMMENTS request on one GitLab merge request ({@code mergeRequest} = its API URL). */
final class GitLabReplies {

  private final HttpJson http;
  private final String mergeRequest;
  private List<String> notes;

  GitLabReplies(HttpJson http, String mergeRequest) {
    this.http = http;
    this.mergeRequest = mergeRequest;
  }

  List<ReplyOutcome> post(List<CommentReply> replies) {
    List<ReplyOutcome> outcomes = new ArrayList<>();
    for (CommentReply reply : replies) {
      String discussion = reply.getTo().getThreadId();
      try {
        outcomes.add(discussion == null || discussion.isBlank() ? onMergeRequest(reply) : inDiscussion(reply, discussion.strip()));
      } catch (CodeHostException e) {
        outcomes.add(ReplyOutcome.failed(reply.getTo().getKey(), e.getMessage()));
      }
    }
    return outcomes;
  }

  private ReplyOutcome inDiscussion(CommentReply reply, String id) {
    String key = reply.getTo().getKey();
    String discussion = mergeRequest + "/discussions/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    JsonNode found = http.expectOk("GET", URI.create(discussion), null).body();
    boolean resolvable = false;
    boolean resolved = true;
    boolean answered = false;
    for (JsonNode note : found == null ? List.<JsonNode>of() : found.path("notes")) {
      answered |= Replies.answers(note.path("body").asText(""), key);
      if (note.path("resolvable").asBoolean()) {
        resolvable = true;
        resolved &= note.path("resolved").asBoolean();
      }
    }
    ReplyOutcome.Status status;
    String detail;
    if (answered) {
      status = ReplyOutcome.Status.ALREADY_POSTED;
      detail = "in discussion " + id;
    } else {
      JsonNode note = http.expectOk("POST", URI.create(discussion + "/notes"), Map.of("body", Replies.threaded(reply))).body();
      status = ReplyOutcome.Status.POSTED;
      detail = "note " + id(note) + " in discussion " + id;
    }
    if (!reply.getResolve()) return new ReplyOutcome(key, status, detail, false);
    if (!resolvable) return new ReplyOutcome(key, status, detail + "; not resolved: the discussion is not resolvable", false);
    if (!resolved) http.expectOk("PUT", URI.create(discussion + "?resolved=true"), null);
    return new ReplyOutcome(key, status, detail, true);
  }

  private ReplyOutcome onMergeRequest(CommentReply reply) {
    String key = reply.getTo().getKey();
    if (notes == null) notes = notes();
    if (notes.stream().anyMatch(b -> Replies.answers(b, key))) {
      return new ReplyOutcome(key, ReplyOutcome.Status.ALREADY_POSTED, "a note on the merge request", false);
    }
    String body = Replies.standalone(reply);
    JsonNode note = http.expectOk("POST", URI.create(mergeRequest + "/notes"), Map.of("body", body)).body();
    notes.add(body);
    return new ReplyOutcome(key, ReplyOutcome.Status.POSTED, "note " + id(note) + " on the merge request", false);
  }

  private List<String> notes() {
    List<String> bodies = new ArrayList<>();
    http.allPages(mergeRequest + "/notes").forEach(n -> bodies.add(n.path("body").asText("")));
    return bodies;
  }

  private static String id(JsonNode created) {
    return created == null ? "?" : created.path("id").asText("?");
  }
}

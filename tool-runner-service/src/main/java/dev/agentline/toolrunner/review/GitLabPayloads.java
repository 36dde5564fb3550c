package dev.agentline.toolrunner.review;

import static dev.agentline.toolrunner.review.Json.at;
import static dev.agentline.toolrunner.review.Json.node;
import static dev.agentline.toolrunner.review.Json.number;
import static dev.agentline.toolrunner.review.Json.text;
import static dev.agentline.toolrunner.review.Json.textOr;
import static dev.agentline.toolrunner.review.Json.time;
import static dev.agentline.toolrunner.review.Json.timeOr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.schemas.CiConclusion;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.ReviewState;
import dev.agentline.toolrunner.review.Pending.Mapped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * GitLab webhook payloads ({@code X-Gitlab-Event}) to pending events. Notes and pipelines are mapped from the REST
 * shape too (the poller), with the same item keys.
 */
final class GitLabPayloads {
  private static final CodeHostKind HOST = CodeHostKind.GITLAB;

  private GitLabPayloads() {}

  static Mapped map(String event, JsonNode p, Instant now) {
    return switch (event) {
      case "Merge Request Hook" -> mergeRequest(p, now);
      case "Note Hook" -> note(p, now);
      case "Pipeline Hook" -> pipeline(p, now);
      default -> Mapped.ignored("GitLab event " + event + " is not used");
    };
  }

  private static String project(JsonNode p) {
    return text(p, "project.path_with_namespace");
  }

  /** A merge request object (hook {@code object_attributes} or {@code merge_request}, REST) as a reference. */
  static PrRef mr(String project, String projectId, JsonNode mr) {
    return new PrRef(project, projectId, (int) number(mr, "iid"), textOr(mr, "last_commit.id", textOr(mr, "sha", null)),
        text(mr, "source_branch"), textOr(mr, "description", ""), textOr(mr, "url", textOr(mr, "web_url", null)));
  }

  private static Mapped mergeRequest(JsonNode p, Instant now) {
    String project = project(p);
    JsonNode mr = node(p, "object_attributes");
    PrRef ref = Json.within("object_attributes", () -> mr(project, textOr(p, "project.id", null), mr));
    String action = textOr(mr, "action", "");
    String user = textOr(p, "user.username", null);
    Instant at = timeOr(now, time(mr, "updated_at"));
    String head = textOr(mr, "last_commit.id", null);
    PullRequestEvent.Builder event = switch (action) {
      case "merge" -> Pending.event(HOST, PullRequestEventType.MERGED, "gitlab:mr:" + ref.number() + ":merged", user, at);
      case "close" -> Pending.event(HOST, PullRequestEventType.CLOSED, "gitlab:mr:" + ref.number() + ":closed", user, at);
      case "reopen" -> Pending.event(HOST, PullRequestEventType.REOPENED,
          "gitlab:mr:" + ref.number() + ":reopened:" + textOr(mr, "updated_at", ""), user, at);
      case "update" -> at(mr, "oldrev") == null ? null
          : Pending.event(HOST, PullRequestEventType.PUSHED, "gitlab:push:" + ref.number() + ":" + Json.within("object_attributes", () -> text(mr, "last_commit.id")), user, at);
      case "approved" -> Pending.event(HOST, PullRequestEventType.REVIEW_SUBMITTED,
          "gitlab:approval:" + ref.number() + ":" + user + ":" + textOr(mr, "updated_at", ""), user, at).setReviewState(ReviewState.APPROVED);
      default -> null;
    };
    if (event == null) return Mapped.ignored("merge request action " + (action.isEmpty() ? "(none)" : action) + " is not used");
    return Mapped.of(new Pending(event.setHeadCommit(head), ref));
  }

  private static Mapped note(JsonNode p, Instant now) {
    JsonNode note = node(p, "object_attributes");
    String type = Json.within("object_attributes", () -> text(note, "noteable_type"));
    if (!type.equals("MergeRequest")) return Mapped.ignored("note on a " + type + ", not on a merge request");
    if (note.path("system").asBoolean(false)) return Mapped.ignored("system note");
    String project = project(p);
    JsonNode mr = node(p, "merge_request");
    PrRef ref = Json.within("merge_request", () -> mr(project, textOr(p, "project.id", null), mr));
    PullRequestEvent.Builder event = Json.within("object_attributes",
        () -> note(note, textOr(note, "note", null), textOr(p, "user.username", null), textOr(note, "discussion_id", null), now));
    return Mapped.of(new Pending(event.setHeadCommit(textOr(mr, "last_commit.id", null)), ref));
  }

  /** A note (hook: {@code note}, REST: {@code body}); on a diff line a REVIEW_COMMENT, else a COMMENT. */
  static PullRequestEvent.Builder note(JsonNode note, String body, String author, String discussionId, Instant now) {
    String id = String.valueOf(number(note, "id"));
    JsonNode position = at(note, "position");
    String path = position == null ? null : textOr(position, "new_path", textOr(position, "old_path", null));
    Integer line = position == null ? null : Json.intOr(position, "new_line");
    if (line == null && position != null) line = Json.intOr(position, "old_line");
    boolean onDiff = path != null;
    return Pending.event(HOST, onDiff ? PullRequestEventType.REVIEW_COMMENT : PullRequestEventType.COMMENT, "gitlab:note:" + id, author,
            timeOr(now, time(note, "created_at")))
        .setBody(body == null ? "" : body)
        .setCommentId(id)
        .setThreadId(discussionId)
        .setPath(path)
        .setLine(onDiff ? line : null);
  }

  private static Mapped pipeline(JsonNode p, Instant now) {
    JsonNode pipeline = node(p, "object_attributes");
    String status = Json.within("object_attributes", () -> text(pipeline, "status"));
    CiConclusion conclusion = conclusion(status);
    if (conclusion == null) return Mapped.ignored("pipeline status " + status + " is not a finished one");
    JsonNode mr = at(p, "merge_request");
    if (mr == null) return Mapped.ignored("pipeline " + textOr(pipeline, "id", "?") + " is not on a merge request");
    String project = project(p);
    String projectId = textOr(p, "project.id", null);
    PrRef ref = new PrRef(project, projectId, (int) Json.within("merge_request", () -> number(mr, "iid")).longValue(),
        textOr(pipeline, "sha", null), textOr(mr, "source_branch", null), null, textOr(mr, "url", null));
    List<LogSource.Job> failed = new ArrayList<>();
    for (JsonNode build : p.path("builds")) {
      if (build.path("status").asText().equals("failed") && build.has("id")) failed.add(new LogSource.Job(build.path("id").asLong(), build.path("name").asText("job")));
    }
    String url = textOr(pipeline, "url", textOr(p, "project.web_url", "") + "/-/pipelines/" + textOr(pipeline, "id", ""));
    PullRequestEvent.Builder event = Json.within("object_attributes", () -> pipelineEvent(pipeline, conclusion, url, textOr(p, "user.username", null), now));
    return Mapped.of(new Pending(event, ref, new LogSource.GitLabJobs(projectId == null ? project : projectId, failed)));
  }

  /** A finished pipeline (hook {@code object_attributes} or REST); keyed by its status too, as a retried pipeline keeps its id. */
  static PullRequestEvent.Builder pipelineEvent(JsonNode pipeline, CiConclusion conclusion, String url, String user, Instant now) {
    String id = String.valueOf(number(pipeline, "id"));
    String status = text(pipeline, "status");
    return Pending.event(HOST, PullRequestEventType.CI_COMPLETED, "gitlab:pipeline:" + id + ":" + status, user,
            timeOr(now, time(pipeline, "finished_at"), time(pipeline, "updated_at")))
        .setCiName(textOr(pipeline, "name", "pipeline"))
        .setCiConclusion(conclusion)
        .setCiUrl(url)
        .setHeadCommit(textOr(pipeline, "sha", null));
  }

  static CiConclusion conclusion(String status) {
    return switch (status) {
      case "success" -> CiConclusion.SUCCESS;
      case "failed" -> CiConclusion.FAILURE;
      case "canceled", "cancelled" -> CiConclusion.CANCELLED;
      case "skipped" -> CiConclusion.SKIPPED;
      default -> null;
    };
  }
}

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
import java.util.Locale;

/**
 * GitHub webhook payloads ({@code X-GitHub-Event}) to pending events. The objects inside a payload (review, review
 * comment, issue comment, check run, pull request) have the REST API's shape, so the poller maps what it lists with the
 * same methods and gets the same item keys.
 */
final class GitHubPayloads {
  private static final CodeHostKind HOST = CodeHostKind.GITHUB;

  private GitHubPayloads() {}

  static Mapped map(String event, JsonNode p, Instant now) {
    return switch (event) {
      case "pull_request" -> pullRequest(p, now);
      case "pull_request_review" -> review(p, now);
      case "pull_request_review_comment" -> reviewCommentHook(p, now);
      case "issue_comment" -> issueCommentHook(p, now);
      case "check_run" -> checkRun(p, now);
      case "check_suite" -> checkSuite(p, now);
      case "status" -> status(p, now);
      default -> Mapped.ignored("GitHub event " + event + " is not used");
    };
  }

  private static String repository(JsonNode p) {
    return text(p, "repository.full_name");
  }

  /** A pull request object (webhook {@code pull_request}, REST pulls) as a complete reference. */
  static PrRef pr(String repository, JsonNode pr) {
    return PrRef.of(repository, (int) number(pr, "number"), text(pr, "head.ref"), textOr(pr, "body", ""), text(pr, "html_url"));
  }

  private static PrRef pr(JsonNode p) {
    String repository = repository(p);
    JsonNode pr = node(p, "pull_request");
    return Json.within("pull_request", () -> pr(repository, pr));
  }

  private static Mapped pullRequest(JsonNode p, Instant now) {
    String action = text(p, "action");
    PrRef ref = pr(p);
    JsonNode pr = node(p, "pull_request");
    String sender = textOr(p, "sender.login", null);
    return switch (action) {
      case "closed" -> Mapped.of(new Pending(closed(pr, ref.number(), sender, now), ref));
      case "reopened" -> Mapped.of(new Pending(Pending.event(HOST, PullRequestEventType.REOPENED,
          "github:pr:" + ref.number() + ":reopened:" + textOr(pr, "updated_at", ""), sender, timeOr(now, time(pr, "updated_at")))
          .setHeadCommit(textOr(pr, "head.sha", null)), ref));
      case "synchronize" -> {
        String after = text(p, "after");
        yield Mapped.of(new Pending(Pending.event(HOST, PullRequestEventType.PUSHED, "github:push:" + ref.number() + ":" + after, sender,
            timeOr(now, time(pr, "updated_at"))).setHeadCommit(after), ref));
      }
      default -> Mapped.ignored("pull_request action " + action + " is not used");
    };
  }

  /** A closed pull request (webhook or REST): MERGED when merged, else CLOSED (keyed by when, as it may be reopened). */
  static PullRequestEvent.Builder closed(JsonNode pr, int number, String sender, Instant now) {
    boolean merged = pr.path("merged").asBoolean(false) || at(pr, "merged_at") != null;
    if (merged) {
      return Pending.event(HOST, PullRequestEventType.MERGED, "github:pr:" + number + ":merged",
          textOr(pr, "merged_by.login", sender), timeOr(now, time(pr, "merged_at"))).setHeadCommit(textOr(pr, "merge_commit_sha", null));
    }
    Instant closedAt = time(pr, "closed_at");
    return Pending.event(HOST, PullRequestEventType.CLOSED, "github:pr:" + number + ":closed" + (closedAt == null ? "" : ":" + closedAt.getEpochSecond()),
        sender, timeOr(now, closedAt)).setHeadCommit(textOr(pr, "head.sha", null));
  }

  private static Mapped review(JsonNode p, Instant now) {
    String action = text(p, "action");
    if (!action.equals("submitted") && !action.equals("dismissed")) return Mapped.ignored("pull_request_review action " + action + " is not used");
    JsonNode review = node(p, "review");
    PullRequestEvent.Builder event = Json.within("review", () -> review(review, action.equals("dismissed"), now));
    if (event == null) return Mapped.ignored("review state " + textOr(p, "review.state", "") + " is not used");
    return Mapped.of(new Pending(event, pr(p)));
  }

  /** A review (webhook: state lower case; REST: upper case); null for a pending one. */
  static PullRequestEvent.Builder review(JsonNode review, boolean dismissed, Instant now) {
    String state = textOr(review, "state", "").toUpperCase(Locale.ROOT);
    ReviewState reviewState = switch (state) {
      case "APPROVED" -> ReviewState.APPROVED;
      case "CHANGES_REQUESTED" -> ReviewState.CHANGES_REQUESTED;
      case "COMMENTED" -> ReviewState.COMMENTED;
      case "DISMISSED" -> ReviewState.DISMISSED;
      default -> null;
    };
    if (reviewState == null) return null;
    if (reviewState == ReviewState.DISMISSED) dismissed = true;
    String id = String.valueOf(number(review, "id"));
    return Pending.event(HOST, PullRequestEventType.REVIEW_SUBMITTED, "github:review:" + id + (dismissed ? ":dismissed" : ""),
            textOr(review, "user.login", null), timeOr(now, time(review, "submitted_at")))
        .setReviewState(dismissed ? ReviewState.DISMISSED : reviewState)
        .setBody(textOr(review, "body", null))
        .setCommentId(id)
        .setHeadCommit(textOr(review, "commit_id", null));
  }

  private static Mapped reviewCommentHook(JsonNode p, Instant now) {
    String action = text(p, "action");
    if (!action.equals("created")) return Mapped.ignored("pull_request_review_comment action " + action + " is not used");
    JsonNode comment = node(p, "comment");
    return Mapped.of(new Pending(Json.within("comment", () -> reviewComment(comment, now)), pr(p)));
  }

  /** A comment on a line of the diff; its thread is the comment it answers, or itself. */
  static PullRequestEvent.Builder reviewComment(JsonNode c, Instant now) {
    String id = String.valueOf(number(c, "id"));
    Integer line = Json.intOr(c, "line");
    if (line == null) line = Json.intOr(c, "original_line");
    return Pending.event(HOST, PullRequestEventType.REVIEW_COMMENT, "github:review-comment:" + id, textOr(c, "user.login", null),
            timeOr(now, time(c, "created_at")))
        .setBody(textOr(c, "body", ""))
        .setCommentId(id)
        .setThreadId(textOr(c, "in_reply_to_id", id))
        .setPath(textOr(c, "path", null))
        .setLine(line)
        .setHeadCommit(textOr(c, "commit_id", null));
  }

  private static Mapped issueCommentHook(JsonNode p, Instant now) {
    String action = text(p, "action");
    if (!action.equals("created")) return Mapped.ignored("issue_comment action " + action + " is not used");
    JsonNode issue = node(p, "issue");
    if (at(issue, "pull_request") == null) return Mapped.ignored("comment on issue #" + textOr(issue, "number", "?") + ", not on a pull request");
    // the issue is the pull request's conversation: its body is the pull request's, its branch is not there
    PrRef ref = new PrRef(repository(p), null, (int) number(p, "issue.number"), null, null, textOr(issue, "body", ""), textOr(issue, "html_url", null));
    JsonNode comment = node(p, "comment");
    return Mapped.of(new Pending(Json.within("comment", () -> issueComment(comment, now)), ref));
  }

  /** A comment on the conversation. */
  static PullRequestEvent.Builder issueComment(JsonNode c, Instant now) {
    String id = String.valueOf(number(c, "id"));
    return Pending.event(HOST, PullRequestEventType.COMMENT, "github:comment:" + id, textOr(c, "user.login", null), timeOr(now, time(c, "created_at")))
        .setBody(textOr(c, "body", ""))
        .setCommentId(id);
  }

  private static Mapped checkRun(JsonNode p, Instant now) {
    String action = text(p, "action");
    if (!action.equals("completed")) return Mapped.ignored("check_run action " + action + " is not used");
    JsonNode run = node(p, "check_run");
    String repository = repository(p);
    List<Pending> out = new ArrayList<>();
    for (JsonNode pr : run.path("pull_requests")) {
      PrRef ref = new PrRef(repository, null, (int) Json.within("check_run.pull_requests[]", () -> number(pr, "number")).longValue(), null,
          textOr(pr, "head.ref", null), null, null);
      out.add(Json.within("check_run", () -> checkRun(run, ref, now)));
    }
    return out.isEmpty() ? Mapped.ignored("check run " + textOr(run, "name", "") + " is not on a pull request") : Mapped.of(out);
  }

  /** A completed check run; a failed GitHub Actions job's log is fetched later. */
  static Pending checkRun(JsonNode run, PrRef ref, Instant now) {
    String id = String.valueOf(number(run, "id"));
    CiConclusion conclusion = conclusion(text(run, "conclusion"));
    String app = textOr(run, "app.slug", "github");
    PullRequestEvent.Builder event = Pending.event(HOST, PullRequestEventType.CI_COMPLETED, "github:check-run:" + id, app,
            timeOr(now, time(run, "completed_at")))
        .setCiName(textOr(run, "name", app))
        .setCiConclusion(conclusion)
        .setCiUrl(textOr(run, "html_url", null))
        .setHeadCommit(textOr(run, "head_sha", null));
    String output = String.join("\n", List.of(textOr(run, "output.title", ""), textOr(run, "output.summary", ""), textOr(run, "output.text", "")))
        .strip();
    return new Pending(event, ref, new LogSource.GitHubJob(app.equals("github-actions") ? Long.valueOf(id) : null, output));
  }

  private static Mapped checkSuite(JsonNode p, Instant now) {
    String action = text(p, "action");
    if (!action.equals("completed")) return Mapped.ignored("check_suite action " + action + " is not used");
    JsonNode suite = node(p, "check_suite");
    String repository = repository(p);
    String id = String.valueOf(number(p, "check_suite.id"));
    CiConclusion conclusion = conclusion(text(p, "check_suite.conclusion"));
    String headSha = textOr(suite, "head_sha", null);
    String app = textOr(suite, "app.name", textOr(suite, "app.slug", "checks"));
    String url = headSha == null ? null : textOr(p, "repository.html_url", "") + "/commit/" + headSha + "/checks";
    List<Pending> out = new ArrayList<>();
    for (JsonNode pr : suite.path("pull_requests")) {
      PrRef ref = new PrRef(repository, null, (int) Json.within("check_suite.pull_requests[]", () -> number(pr, "number")).longValue(), null,
          textOr(pr, "head.ref", null), null, null);
      out.add(new Pending(Pending.event(HOST, PullRequestEventType.CI_COMPLETED, "github:check-suite:" + id, textOr(suite, "app.slug", app),
              timeOr(now, time(suite, "updated_at")))
          .setCiName(app).setCiConclusion(conclusion).setCiUrl(url).setHeadCommit(headSha), ref));
    }
    return out.isEmpty() ? Mapped.ignored("check suite " + id + " is not on a pull request") : Mapped.of(out);
  }

  private static Mapped status(JsonNode p, Instant now) {
    String state = text(p, "state");
    CiConclusion conclusion = switch (state) {
      case "success" -> CiConclusion.SUCCESS;
      case "failure", "error" -> CiConclusion.FAILURE;
      default -> null;
    };
    if (conclusion == null) return Mapped.ignored("status " + state + " is not a finished one");
    String sha = text(p, "sha");
    String context = text(p, "context");
    PrRef ref = new PrRef(repository(p), null, null, sha, null, null, null);
    String description = textOr(p, "description", "");
    return Mapped.of(new Pending(Pending.event(HOST, PullRequestEventType.CI_COMPLETED, "github:status:" + sha + ":" + context + ":" + state,
            textOr(p, "sender.login", null), timeOr(now, time(p, "updated_at")))
        .setCiName(context).setCiConclusion(conclusion).setCiUrl(textOr(p, "target_url", null)).setHeadCommit(sha),
        ref, description.isBlank() ? null : new LogSource.Text(description)));
  }

  static CiConclusion conclusion(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "success" -> CiConclusion.SUCCESS;
      case "failure", "startup_failure" -> CiConclusion.FAILURE;
      case "cancelled" -> CiConclusion.CANCELLED;
      case "timed_out" -> CiConclusion.TIMED_OUT;
      case "skipped" -> CiConclusion.SKIPPED;
      case "action_required" -> CiConclusion.ACTION_REQUIRED;
      default -> CiConclusion.NEUTRAL;
    };
  }
}

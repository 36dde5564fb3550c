package dev.agentline.planner.workflow;

import dev.agentline.schemas.CiConclusion;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.PullRequestFeedback;
import dev.agentline.schemas.ReviewState;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What happens on a task's pull request after it is opened: which review activity starts another
 * iteration of work, how many iterations a task may have, and whether a failed CI run starts one.
 *
 * @param trigger the mention that asks agentline to act on a comment ({@code @agentline})
 * @param maxIterations rounds of review or CI feedback after the first iteration (the ticket's)
 * @param ciFixIterations iterations a failed CI run may start on its own (0: CI failures are only recorded)
 */
public record ReviewPolicy(String trigger, int maxIterations, int ciFixIterations) {
  public static final ReviewPolicy DEFAULT = new ReviewPolicy("@agentline", 3, 1);
  /** How many handled itemKeys a task remembers for dedupe. */
  static final int SEEN_WINDOW = 500;

  public ReviewPolicy {
    if (trigger == null || trigger.isBlank()) throw new IllegalArgumentException("agentline.planner.review.trigger must not be blank");
    if (maxIterations < 0) throw new IllegalArgumentException("agentline.planner.review.max-iterations must be >= 0, was " + maxIterations);
    if (ciFixIterations < 0) throw new IllegalArgumentException("agentline.planner.review.ci-fix-iterations must be >= 0, was " + ciFixIterations);
  }

  /** What one pull request event asks of the task. */
  sealed interface Meaning {}

  /** Nothing to do but record it. */
  record Recorded(String what) implements Meaning {}

  /** Review feedback: kept for the next iteration, which it starts when {@code starts}. */
  record Feedback(PullRequestFeedback item, boolean starts, String what) implements Meaning {}

  record CiFinished(boolean passed, PullRequestFeedback failure, String what) implements Meaning {}

  record Takeover(String actor) implements Meaning {}

  record Handback(String actor, String note) implements Meaning {}

  record Merged(String actor) implements Meaning {}

  record Closed(String actor) implements Meaning {}

  record Reopened(String actor) implements Meaning {}

  Meaning meaningOf(PullRequestEvent event) {
    String actor = event.getActor();
    String body = event.getBody() == null ? "" : event.getBody().strip();
    return switch (event.getType()) {
      case MERGED -> new Merged(actor);
      case CLOSED -> new Closed(actor);
      case REOPENED -> new Reopened(actor);
      case PUSHED -> new Recorded(actor + " pushed" + (event.getHeadCommit() == null ? "" : " " + TaskWorkflow.shortCommit(event.getHeadCommit())));
      case CI_COMPLETED -> {
        CiConclusion conclusion = event.getCiConclusion();
        String name = event.getCiName() == null ? "CI" : event.getCiName();
        boolean failed = conclusion == CiConclusion.FAILURE || conclusion == CiConclusion.TIMED_OUT;
        String what = name + " " + (conclusion == null ? "finished" : conclusion.name().toLowerCase(Locale.ROOT).replace('_', ' '))
            + (event.getHeadCommit() == null ? "" : " on " + TaskWorkflow.shortCommit(event.getHeadCommit()));
        if (conclusion == CiConclusion.SUCCESS) yield new CiFinished(true, null, what);
        if (!failed) yield new Recorded(what);
        String excerpt = event.getLogExcerpt() == null || event.getLogExcerpt().isBlank() ? "(no log excerpt)" : event.getLogExcerpt();
        yield new CiFinished(false, feedback(event, "CI run " + name + " failed" + (event.getCiUrl() == null ? "" : " (" + event.getCiUrl() + ")")
            + ". End of the failing job's log:\n" + excerpt), what);
      }
      case REVIEW_SUBMITTED -> {
        ReviewState state = event.getReviewState();
        String what = actor + " reviewed: " + (state == null ? "commented" : state.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (state == ReviewState.CHANGES_REQUESTED) {
          yield new Feedback(feedback(event, body.isEmpty() ? "(changes requested; see the line comments)" : body), true, what);
        }
        if (mentions(body)) yield new Feedback(feedback(event, body), true, what);
        yield new Recorded(what);
      }
      case REVIEW_COMMENT -> {
        String where = event.getPath() == null ? "" : " on " + event.getPath() + (event.getLine() == null ? "" : ":" + event.getLine());
        yield new Feedback(feedback(event, body), mentions(body), actor + " commented" + where);
      }
      case COMMENT -> {
        String command = command(body);
        if ("takeover".equals(command)) yield new Takeover(actor);
        if ("handback".equals(command)) yield new Handback(actor, afterCommand(body));
        if (mentions(body)) yield new Feedback(feedback(event, body), true, actor + " asked agentline");
        yield new Recorded(actor + " commented");
      }
    };
  }

  boolean mentions(String body) {
    return Pattern.compile("(?<![\\w@])" + Pattern.quote(trigger) + "(?![\\w-])", Pattern.CASE_INSENSITIVE).matcher(body).find();
  }

  /** "takeover" or "handback" when the comment starts with the trigger and that word; else null. */
  private String command(String body) {
    String lower = body.toLowerCase(Locale.ROOT);
    String prefix = trigger.toLowerCase(Locale.ROOT);
    if (!lower.startsWith(prefix)) return null;
    String rest = lower.substring(prefix.length()).strip();
    for (String word : new String[] {"takeover", "take over", "handback", "hand back"}) {
      if (rest.equals(word) || rest.startsWith(word + " ") || rest.startsWith(word + "\n") || rest.startsWith(word + ":")) {
        return word.replace(" ", "");
      }
    }
    return null;
  }

  private String afterCommand(String body) {
    String rest = body.substring(trigger.length()).strip().replaceFirst("(?i)^hand\\s?back[:\\s]*", "").strip();
    return rest.isEmpty() ? null : rest;
  }

  private static PullRequestFeedback feedback(PullRequestEvent event, String body) {
    return PullRequestFeedback.newBuilder()
        .setKey(event.getItemKey())
        .setType(event.getType())
        .setAuthor(event.getActor())
        .setBody(body)
        .setPath(event.getPath())
        .setLine(event.getLine())
        .setCommentId(event.getCommentId())
        .setThreadId(event.getThreadId())
        .build();
  }
}

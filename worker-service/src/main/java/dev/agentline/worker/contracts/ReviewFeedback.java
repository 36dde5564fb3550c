package dev.agentline.worker.contracts;

import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.PullRequestFeedback;
import dev.agentline.schemas.StepRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The "## Review feedback" section of a review iteration (iteration 2 and up): the reviewers' comments and failed CI
 * runs the iteration addresses. They come from the code host, written by anyone who can comment, so they are
 * untrusted material like the ticket and the repository: each body sits inside a fence it cannot close, the one-line
 * fields (author, path) lose their line breaks, and the section is capped ({@value #MAX_ITEMS} items, each body
 * {@value #MAX_BODY_CHARS} characters, then the role's context budget), every cut marked.
 */
final class ReviewFeedback {
  static final int MAX_ITEMS = 20;
  static final int MAX_BODY_CHARS = 4_000;
  private static final int MAX_FIELD_CHARS = 200;

  private ReviewFeedback() {}

  /** Iteration 2 and up: the pull request is open and its feedback is being addressed. */
  static boolean inReview(StepRequest request) {
    return request.getIteration() >= 2;
  }

  /**
   * The section, or "" in the first iteration.
   *
   * @param firstPaths paths whose items are listed first (a step's files), in their given order otherwise
   */
  static String section(StepRequest request, Set<String> firstPaths, ContextBudget budget) {
    if (!inReview(request)) return "";
    List<PullRequestFeedback> items = new ArrayList<>(request.getReviewFeedback());
    items.sort(Comparator.comparing(item -> onPaths(item, firstPaths) ? 0 : 1));
    StringBuilder text = new StringBuilder("## Review feedback (iteration ").append(request.getIteration()).append(")\n");
    if (items.isEmpty()) return text.append("(no review comments or CI failures in this iteration)\n").toString();
    text.append("The pull request is in review. This iteration addresses ").append(items.size() == 1 ? "1 item" : items.size() + " items");
    if (onPaths(items.get(0), firstPaths)) {
      text.append(" (those on this step's files first)");
    }
    text.append(":\n");
    for (int i = 0; i < Math.min(items.size(), MAX_ITEMS); i++) {
      text.append('\n').append(item(i + 1, items.get(i), budget));
    }
    if (items.size() > MAX_ITEMS) {
      text.append("\n[... agentline: ").append(items.size() - MAX_ITEMS).append(" more feedback items not shown; only the first ")
          .append(MAX_ITEMS).append(" are listed ...]\n");
    }
    return text.toString();
  }

  private static boolean onPaths(PullRequestFeedback item, Set<String> paths) {
    return item.getPath() != null && paths.contains(item.getPath());
  }

  private static String item(int number, PullRequestFeedback item, ContextBudget budget) {
    boolean ci = item.getType() == PullRequestEventType.CI_COMPLETED;
    StringBuilder text = new StringBuilder("### ").append(number).append(". ").append(heading(item)).append('\n');
    if (ci) text.append("Log excerpt:\n");
    String body = budget.fit(capped(item.getBody(), ci));
    String fence = fence(body);
    text.append(fence).append('\n').append(body);
    if (!body.endsWith("\n")) text.append('\n');
    return text.append(fence).append('\n').toString();
  }

  private static String heading(PullRequestFeedback item) {
    String author = oneLine(item.getAuthor());
    String where = item.getPath() == null ? "" : " on " + oneLine(item.getPath()) + (item.getLine() == null ? "" : ":" + item.getLine());
    return switch (item.getType()) {
      case REVIEW_SUBMITTED -> "Review by " + author + where;
      case REVIEW_COMMENT -> "Review comment by " + author + where;
      case COMMENT -> "Comment by " + author + where;
      case CI_COMPLETED -> "CI run failed" + (author.isEmpty() ? "" : " (" + author + ")") + where;
      default -> item.getType().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " by " + author + where;
    };
  }

  /**
   * At most {@value #MAX_BODY_CHARS} characters: a comment keeps its start, a CI log excerpt its end (where the
   * failure is); the cut is marked.
   */
  private static String capped(String body, boolean keepEnd) {
    String text = body == null || body.isBlank() ? "(empty)" : body.strip();
    if (text.length() <= MAX_BODY_CHARS) return text + "\n";
    String marker = "[... agentline: " + (text.length() - MAX_BODY_CHARS) + " of " + text.length() + " characters of this "
        + (keepEnd ? "log excerpt cut, the last " : "comment cut, the first ") + MAX_BODY_CHARS + " kept ...]\n";
    return keepEnd
        ? marker + text.substring(text.length() - MAX_BODY_CHARS) + "\n"
        : text.substring(0, MAX_BODY_CHARS) + "\n" + marker;
  }

  /** A fence of backticks longer than any run of backticks in the text, so the text cannot close it. */
  static String fence(String text) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return "`".repeat(Math.max(3, longest + 1));
  }

  /** Author names and paths come from the code host too: one line, no control characters, bounded. */
  private static String oneLine(String field) {
    if (field == null) return "";
    String flat = field.replaceAll("\\p{Cntrl}+", " ").strip();
    return flat.length() <= MAX_FIELD_CHARS ? flat : flat.substring(0, MAX_FIELD_CHARS) + "…";
  }
}

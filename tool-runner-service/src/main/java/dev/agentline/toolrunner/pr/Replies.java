package dev.agentline.toolrunner.pr;

import dev.agentline.schemas.CommentReply;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.PullRequestFeedback;

/**
 * The text of the replies agentline posts. Every body ends with {@code <!-- agentline-reply: <key> -->}:
 * the webhook intake ignores comments carrying {@code <!-- agentline-reply}, and a retried request finds
 * the reply it already posted by it.
 */
public final class Replies {
  static final int QUOTE_CHARS = 200;

  private Replies() {}

  public static String marker(String key) {
    return "<!-- agentline-reply: " + key + " -->";
  }

  /** True when {@code body} (a comment on the host) is the reply to {@code key}. */
  static boolean answers(String body, String key) {
    return body != null && body.contains(marker(key));
  }

  /** A reply posted in the answered thread: the answer and the marker. */
  static String threaded(CommentReply reply) {
    return reply.getBody().strip() + "\n\n" + marker(reply.getTo().getKey());
  }

  /**
   * A reply posted as a new comment on the conversation: a short quote of what is answered, an
   * {@code @mention} of its author (not of bots, such as a CI app), the answer and the marker.
   */
  static String standalone(CommentReply reply) {
    PullRequestFeedback to = reply.getTo();
    StringBuilder text = new StringBuilder();
    String quote = quote(to);
    if (!quote.isEmpty()) text.append(quote).append("\n\n");
    String author = to.getAuthor() == null ? "" : to.getAuthor().strip();
    if (!author.isEmpty() && !author.endsWith("[bot]") && to.getType() != PullRequestEventType.CI_COMPLETED) {
      text.append('@').append(author).append(' ');
    }
    return text.append(reply.getBody().strip()).append("\n\n").append(marker(to.getKey())).toString();
  }

  /** The first lines of what is answered, at most {@value #QUOTE_CHARS} characters, as a Markdown quote. */
  static String quote(PullRequestFeedback to) {
    String body = to.getBody() == null ? "" : to.getBody().strip();
    if (body.isEmpty()) return "";
    String cut = body.length() <= QUOTE_CHARS ? body : body.substring(0, QUOTE_CHARS).stripTrailing() + " …";
    StringBuilder out = new StringBuilder();
    cut.lines().limit(4).forEach(line -> out.append(out.isEmpty() ? "" : "\n").append("> ").append(line));
    if (cut.lines().count() > 4) out.append("\n> …");
    return out.toString();
  }
}

package dev.agentline.toolrunner.pr;

/**
 * What became of one reply: posted now, found already posted (an earlier delivery of the same request
 * posted it: its body carries the reply marker for the key), or not posted, with the host's reason.
 *
 * @param key the answered feedback's key ({@code PullRequestFeedback.key})
 * @param detail where it went ("reply in thread 456", "comment 789", ...) or why it failed
 * @param resolved the thread was resolved (or already was)
 */
public record ReplyOutcome(String key, Status status, String detail, boolean resolved) {
  public enum Status { POSTED, ALREADY_POSTED, FAILED }

  public boolean replied() {
    return status != Status.FAILED;
  }

  static ReplyOutcome failed(String key, String why) {
    return new ReplyOutcome(key, Status.FAILED, why, false);
  }

  /** One line for the tool's output. */
  public String line() {
    return key + ": " + switch (status) {
      case POSTED -> "replied (" + detail + ")";
      case ALREADY_POSTED -> "already replied (" + detail + ")";
      case FAILED -> "NOT replied: " + detail;
    } + (resolved ? ", resolved" : "");
  }
}

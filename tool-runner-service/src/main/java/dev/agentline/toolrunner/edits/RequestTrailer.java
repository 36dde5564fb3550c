package dev.agentline.toolrunner.edits;

import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The commit trailer that records which request made a commit: {@code Agentline-Request: <requestId>}.
 * It is what makes APPLY_EDITS idempotent: a branch head carrying it means the request is done.
 */
public final class RequestTrailer {
  public static final String KEY = "Agentline-Request";

  private RequestTrailer() {}

  /** The commit message: the title (or a default naming the request), a blank line, the trailer. */
  public static String message(String title, String requestId) {
    String subject = title == null || title.isBlank() ? "agentline: apply " + requestId : title.strip();
    return subject + "\n\n" + KEY + ": " + requestId + "\n";
  }

  public static boolean carries(RevCommit commit, String requestId) {
    return commit.getFooterLines(KEY).stream().anyMatch(value -> value.strip().equals(requestId));
  }
}

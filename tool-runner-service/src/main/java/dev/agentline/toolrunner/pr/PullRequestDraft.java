package dev.agentline.toolrunner.pr;

/** A pull request to open: the task branch (pushed at headCommit) against the base branch of the origin. */
public record PullRequestDraft(String originUri, String baseBranch, String branch, String headCommit, String title, String body) {
  public PullRequestDraft {
    if (title == null || title.isBlank()) throw new IllegalArgumentException("title must not be blank");
    if (body == null) body = "";
  }
}

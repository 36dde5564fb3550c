package dev.agentline.audit.baseline;

import java.time.Duration;
import java.time.Instant;

/**
 * A pull request people made without agentline, read from the code host: the pilot report's baseline.
 *
 * @param repository owner/name (GitHub) or the project path (GitLab)
 * @param mergedAt null when it was closed without merging or is still open
 * @param closedAt null while it is open
 * @param reviewComments comments reviewers left on it (line comments and conversation comments, its author's excluded)
 * @param ciFailures failed CI runs (check runs, statuses, pipelines) on its commits
 * @param firstCommitToReady from its first commit to the moment it was opened ready for review: the nearest thing a
 *     human pull request has to the ticket-to-PR time; null when the host does not say
 */
public record BaselinePullRequest(String repository, int number, String url, String author, Instant createdAt,
    Instant closedAt, Instant mergedAt, int reviewComments, int ciFailures, Duration firstCommitToReady) {

  public boolean merged() {
    return mergedAt != null;
  }
}

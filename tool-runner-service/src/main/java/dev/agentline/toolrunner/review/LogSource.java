package dev.agentline.toolrunner.review;

import java.util.List;

/** Where a failed CI run's log is: a GitHub Actions job, GitLab jobs, or only the text the payload carries. */
sealed interface LogSource {
  /** {@code jobId} null when the check run is not a GitHub Actions job; {@code fallback} the check run's output. */
  record GitHubJob(Long jobId, String fallback) implements LogSource {}

  /** The failed jobs of a GitLab pipeline ({@code projectId} numeric id or path). */
  record GitLabJobs(String projectId, List<Job> jobs) implements LogSource {}

  record Job(long id, String name) {}

  /** Only text (a commit status description). */
  record Text(String text) implements LogSource {}
}

package dev.agentline.audit.baseline;

import java.time.Instant;
import java.util.List;

/** Where the pilot report reads human-only pull requests from (a code host), for a period to compare with. */
public interface BaselineSource {
  /** A source for when no code host is configured: no baseline. */
  BaselineSource NONE = (from, until) -> List.of();

  /** Pull requests opened in [from, until) whose head branch is not an agentline branch ({@code agentline/...}). */
  List<BaselinePullRequest> humanPullRequests(Instant from, Instant until);
}

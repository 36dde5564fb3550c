package dev.agentline.toolrunner.pr;

import dev.agentline.schemas.PullRequest;

/**
 * Where pull requests are opened. The branch is already pushed at {@link PullRequestDraft#headCommit()}
 * when {@link #open} is called. Opening the same draft twice returns the same pull request.
 */
public interface CodeHost {
  /** True when this host serves the repository at {@code originUri}. */
  boolean serves(String originUri);

  PullRequest open(PullRequestDraft draft);
}

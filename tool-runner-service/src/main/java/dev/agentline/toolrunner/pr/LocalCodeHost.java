package dev.agentline.toolrunner.pr;

import dev.agentline.schemas.PullRequest;

/**
 * A repository on this machine (a path or a file:// URL) has no pull requests: the pushed task
 * branch is the pull request, addressed as {@code <origin URI>#<branch>}.
 */
public final class LocalCodeHost implements CodeHost {
  @Override
  public boolean serves(String originUri) {
    return originUri.startsWith("file:") || originUri.startsWith("/");
  }

  @Override
  public PullRequest open(PullRequestDraft draft) {
    return PullRequest.newBuilder()
        .setBranch(draft.branch())
        .setTitle(draft.title())
        .setBody(draft.body())
        .setUrl(draft.originUri() + "#" + draft.branch())
        .setHeadCommit(draft.headCommit())
        .build();
  }
}

package dev.agentline.toolrunner.pr;

import dev.agentline.schemas.CommentReply;
import dev.agentline.schemas.PullRequest;
import java.util.List;

/**
 * Where pull requests are opened. The branch is already pushed at {@link PullRequestDraft#headCommit()}
 * when {@link #open} is called. Opening the same draft twice returns the same pull request.
 */
public interface CodeHost {
  /** True when this host serves the repository at {@code originUri}. */
  boolean serves(String originUri);

  PullRequest open(PullRequestDraft draft);

  /**
   * Posts the replies on the pull request at {@code pullRequestUrl} (of the repository at {@code originUri}),
   * one outcome per reply, in order. Idempotent: a reply whose marker ({@link Replies#marker}) is already on
   * the pull request is not posted again but counted as replied. A reply the host refuses is a FAILED outcome
   * and the others are still tried; a pull request that cannot be answered at all (not this host's URL, no
   * token, the listing fails) is a {@link CodeHostException}.
   */
  default List<ReplyOutcome> reply(String originUri, String pullRequestUrl, List<CommentReply> replies) {
    throw new CodeHostException(getClass().getSimpleName() + " cannot answer comments");
  }
}

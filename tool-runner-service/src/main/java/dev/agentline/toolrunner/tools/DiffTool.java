package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.workspace.Diff;
import dev.agentline.toolrunner.workspace.Workspace;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * DIFF: the unified diff (git format) from {@code diffBase} to the request's commit, which the
 * runner has reset the task branch to, or else to the branch head. {@code output} is
 * {@code N files changed, +A -D}; the diff is cut at the diff cap with a marker saying so.
 */
final class DiffTool implements Tool {
  private final int maxDiffChars;

  DiffTool(int maxDiffChars) {
    this.maxDiffChars = maxDiffChars;
  }

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) {
    String base = request.getDiffBase();
    if (base == null || base.isBlank()) throw new ToolFailure("DIFF needs a diffBase (the commit to diff from)");
    RevCommit from = workspace.commitOf(base.strip());
    RevCommit to = workspace.headCommit();
    Diff diff = workspace.diff(from, to, maxDiffChars);
    return ApplyEditsTool.withDiff(Tool.ok(summary(diff)), diff).setCommit(to.name());
  }

  /** {@code N files changed, +A -D}, and when the diff was cut, at what. */
  static String summary(Diff diff) {
    return diff.summary() + (diff.capped() ? " (diff capped at " + diff.text().length() + " characters)" : "");
  }
}

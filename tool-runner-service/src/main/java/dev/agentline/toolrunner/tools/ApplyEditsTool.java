package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.edits.EditApplier;
import dev.agentline.toolrunner.edits.RequestTrailer;
import dev.agentline.toolrunner.edits.SecretPlaceholders;
import dev.agentline.toolrunner.sandbox.ChangePolicy;
import dev.agentline.toolrunner.workspace.Diff;
import dev.agentline.toolrunner.workspace.Workspace;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * APPLY_EDITS: applies the edits and/or the unified diff all or nothing, commits them on the task
 * branch with the trailer {@code Agentline-Request: <requestId>} and force-pushes the branch.
 *
 * <p>Idempotent per requestId: when the branch head, here or on origin, already carries the
 * request's trailer, the result is that commit and nothing changes (a local commit whose push was
 * lost is pushed now). So a redelivered request never applies a patch twice.
 *
 * <p>The {@link ChangePolicy} (the request's globs and limits with the configured ones) is
 * enforced here, whatever the planner asked: protected and not-allowed paths are refused before
 * anything is written; the files and diff-lines limits are checked on the staged change before it
 * is committed. A refusal resets the workspace to where it was, commits and pushes nothing, and
 * fails with the policy's {@code errorCode}.
 *
 * <p>The result's {@code diff} is what the commit changed (against its parent), cut at the diff
 * cap, with {@code changedFiles} and {@code diffLines}; a replay returns the same, and "no
 * changes" an empty diff and no files.
 */
final class ApplyEditsTool implements Tool {
  private final EditApplier applier;
  private final int maxOutputChars;
  private final int maxDiffChars;
  private final ChangePolicy configured;

  ApplyEditsTool(int maxOutputChars, int maxDiffChars, ChangePolicy configured, SecretPlaceholders secrets) {
    this.applier = new EditApplier(secrets);
    this.maxOutputChars = maxOutputChars;
    this.maxDiffChars = maxDiffChars;
    this.configured = configured;
  }

  @Override
  public Optional<ToolResult.Builder> alreadyDone(Workspace workspace, ToolRequest request) {
    RevCommit local = workspace.headCommit();
    if (RequestTrailer.carries(local, request.getRequestId())) {
      workspace.push();
      return Optional.of(alreadyApplied(workspace, local));
    }
    return workspace.originHead()
        .filter(origin -> RequestTrailer.carries(origin, request.getRequestId()))
        .map(origin -> alreadyApplied(workspace, origin));
  }

  private ToolResult.Builder alreadyApplied(Workspace workspace, RevCommit commit) {
    Diff diff = workspace.diff(commit.getParentCount() == 0 ? null : commit.getParent(0), commit, maxDiffChars);
    return withDiff(Tool.ok("already applied in " + commit.abbreviate(12).name() + " (redelivered request); nothing changed"), diff)
        .setCommit(commit.name());
  }

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) {
    ChangePolicy policy = policyOf(request);
    RevCommit before = workspace.headCommit();
    SortedSet<String> touched = applier.apply(workspace, request.getEdits(), request.getUnifiedDiff(), policy);
    RevCommit commit;
    Diff diff;
    try {
      Optional<ObjectId> staged = workspace.stage(touched);
      if (staged.isEmpty()) {
        return Tool.ok("no changes: the edits leave every file as it was; nothing committed").setCommit(before.name()).setDiff("");
      }
      diff = workspace.diff(before, staged.get(), maxDiffChars);
      policy.check(diff.changedFiles(), diff.additions(), diff.deletions());
      policy.checkFileSizes(workspace.dir(), diff.changedFiles());
      commit = workspace.commitStaged(RequestTrailer.message(request.getTitle(), request.getRequestId()));
    } catch (RuntimeException e) {
      workspace.resetHard(before);
      throw e;
    }
    workspace.push();
    List<String> changes = workspace.changes(before, commit);
    String output = "committed " + commit.abbreviate(12).name() + " on " + workspace.branch() + ": "
        + changes.size() + (changes.size() == 1 ? " file" : " files") + " changed\n" + String.join("\n", changes);
    return withDiff(Tool.ok(Text.cap(output, maxOutputChars)), diff).setCommit(commit.name());
  }

  /** The request's globs and limits, together with the configured ones (which always apply). */
  private ChangePolicy policyOf(ToolRequest request) {
    try {
      return configured.and(ChangePolicy.of(request.getAllowedPaths(), request.getProtectedPaths(),
          request.getMaxFilesChanged(), request.getMaxDiffLines()));
    } catch (IllegalArgumentException e) {
      throw new ToolFailure("the request's change policy is not valid: " + e.getMessage(), e);
    }
  }

  /** {@code diff}, {@code changedFiles} and {@code diffLines} of a result (DIFF fills them the same way). */
  static ToolResult.Builder withDiff(ToolResult.Builder result, Diff diff) {
    return result.setDiff(diff.text()).setChangedFiles(diff.changedFiles()).setDiffLines(diff.lines());
  }
}

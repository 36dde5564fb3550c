package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.edits.EditApplier;
import dev.agentline.toolrunner.edits.RequestTrailer;
import dev.agentline.toolrunner.workspace.Diff;
import dev.agentline.toolrunner.workspace.Workspace;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * APPLY_EDITS: applies the edits and/or the unified diff all or nothing, commits them on the task
 * branch with the trailer {@code Agentline-Request: <requestId>} and force-pushes the branch.
 *
 * <p>Idempotent per requestId: when the branch head, here or on origin, already carries the
 * request's trailer, the result is that commit and nothing changes (a local commit whose push was
 * lost is pushed now). So a redelivered request never applies a patch twice.
 *
 * <p>The result's {@code diff} is what the commit changed (against its parent), cut at the diff
 * cap; a replay returns the same diff, and "no changes" an empty one.
 */
final class ApplyEditsTool implements Tool {
  private final EditApplier applier = new EditApplier();
  private final int maxOutputChars;
  private final int maxDiffChars;

  ApplyEditsTool(int maxOutputChars, int maxDiffChars) {
    this.maxOutputChars = maxOutputChars;
    this.maxDiffChars = maxDiffChars;
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
    return Tool.ok("already applied in " + commit.abbreviate(12).name() + " (redelivered request); nothing changed")
        .setCommit(commit.name())
        .setDiff(diffWithParent(workspace, commit).text());
  }

  /** What the commit changed: the diff against its first parent (the empty tree for a root commit). */
  private Diff diffWithParent(Workspace workspace, RevCommit commit) {
    return workspace.diff(commit.getParentCount() == 0 ? null : commit.getParent(0), commit, maxDiffChars);
  }

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) {
    RevCommit before = workspace.headCommit();
    SortedSet<String> touched = applier.apply(workspace, request.getEdits(), request.getUnifiedDiff());
    Optional<RevCommit> commit = workspace.commit(RequestTrailer.message(request.getTitle(), request.getRequestId()), touched);
    if (commit.isEmpty()) {
      return Tool.ok("no changes: the edits leave every file as it was; nothing committed").setCommit(before.name()).setDiff("");
    }
    workspace.push();
    List<String> changes = workspace.changes(before, commit.get());
    String output = "committed " + commit.get().abbreviate(12).name() + " on " + workspace.branch() + ": "
        + changes.size() + (changes.size() == 1 ? " file" : " files") + " changed\n" + String.join("\n", changes);
    return Tool.ok(Text.cap(output, maxOutputChars)).setCommit(commit.get().name()).setDiff(diffWithParent(workspace, commit.get()).text());
  }
}

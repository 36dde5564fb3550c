package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.workspace.Workspace;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * PREPARE_WORKSPACE: the workspace is cloned (or rebuilt) and on the task branch once it is open;
 * this pushes the branch so origin has it from the start, and lists the tracked files. With
 * {@code fromRemoteBranch} the task branch is first reset hard to its head on origin (as fetched when
 * the workspace opened), whatever the local branch or the request's commit held: a person pushed to it
 * (takeover and handback, a reviewer's commit) and the next iteration starts from there.
 */
final class PrepareWorkspaceTool implements Tool {
  static final int MAX_FILES = 2000;

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) {
    String from = request.getBaseBranch();
    if (request.getFromRemoteBranch()) {
      RevCommit remote = workspace.resetToOrigin().orElseThrow(() -> new ToolFailure("the task branch " + workspace.branch()
          + " is not on origin (" + workspace.task().repository() + "): it was deleted or never pushed, so there is nothing to resume from"));
      int others = workspace.commitsByOthers(remote).size();
      from = "origin/" + workspace.branch() + " at " + remote.name().substring(0, 12) + ", " + others
          + (others == 1 ? " commit" : " commits") + " not made by agentline";
    }
    workspace.push();
    List<String> files = workspace.trackedFiles();
    List<String> listed = files.size() > MAX_FILES ? files.subList(0, MAX_FILES) : files;
    String head = workspace.head();
    String summary = "workspace ready: " + workspace.branch() + " at " + head.substring(0, 12) + " (from "
        + from + "), " + files.size() + " tracked files"
        + (listed.size() < files.size() ? " (first " + MAX_FILES + " listed)" : "");
    return Tool.ok(summary).setRepositoryFiles(List.copyOf(listed)).setCommit(head);
  }
}

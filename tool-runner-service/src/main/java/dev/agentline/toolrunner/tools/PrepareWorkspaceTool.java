package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.workspace.Workspace;
import java.util.List;

/**
 * PREPARE_WORKSPACE: the workspace is cloned (or rebuilt) and on the task branch once it is open;
 * this pushes the branch so origin has it from the start, and lists the tracked files.
 */
final class PrepareWorkspaceTool implements Tool {
  static final int MAX_FILES = 2000;

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) {
    workspace.push();
    List<String> files = workspace.trackedFiles();
    List<String> listed = files.size() > MAX_FILES ? files.subList(0, MAX_FILES) : files;
    String head = workspace.head();
    String summary = "workspace ready: " + workspace.branch() + " at " + head.substring(0, 12) + " (from "
        + request.getBaseBranch() + "), " + files.size() + " tracked files"
        + (listed.size() < files.size() ? " (first " + MAX_FILES + " listed)" : "");
    return Tool.ok(summary).setRepositoryFiles(List.copyOf(listed)).setCommit(head);
  }
}

package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.workspace.Workspace;
import dev.agentline.toolrunner.pr.CodeHost;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One tool, run in an open workspace on the task branch. A tool returns the result's payload
 * (ok, output, files, tests, commit, pull request); the runner adds metadata, ids and timing. A
 * failure is thrown with a message meant for the planner and turned into ok=false by the runner.
 */
interface Tool {
  /**
   * The result an earlier delivery of this request already produced, found in the workspace's
   * git state, before the workspace is reset to the request's commit. Empty when the tool must run.
   */
  default Optional<ToolResult.Builder> alreadyDone(Workspace workspace, ToolRequest request) {
    return Optional.empty();
  }

  ToolResult.Builder run(Workspace workspace, ToolRequest request) throws IOException;

  /** The first of {@code hosts} that serves {@code origin}; a {@link ToolFailure} naming it when none does. */
  static CodeHost servingHost(List<CodeHost> hosts, String origin) {
    return hosts.stream()
        .filter(h -> h.serves(origin))
        .findFirst()
        .orElseThrow(() -> new ToolFailure("no code host serves " + origin + " (local paths and file:// URLs, and the configured GitHub and GitLab hosts, are served)"));
  }

  static ToolResult.Builder ok(String output) {
    return ToolResult.newBuilder().setOk(true).setOutput(output);
  }
}

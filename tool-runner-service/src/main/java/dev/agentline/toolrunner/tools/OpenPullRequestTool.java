package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.edits.SecretPlaceholders;
import dev.agentline.toolrunner.pr.CodeHost;
import dev.agentline.toolrunner.pr.CodeHostException;
import dev.agentline.toolrunner.pr.PullRequestDraft;
import dev.agentline.toolrunner.workspace.Workspace;
import java.util.List;

/**
 * OPEN_PR: pushes the task branch at the request's commit (or its head) and opens a pull request
 * on the code host that serves the origin. Title defaults to "agentline: &lt;branch&gt;". Title and body reach the host
 * with their secrets as placeholders: the body quotes the ticket's test command, which may set a password.
 */
final class OpenPullRequestTool implements Tool {
  private final List<CodeHost> hosts;
  private final SecretPlaceholders secrets;

  OpenPullRequestTool(List<CodeHost> hosts, SecretPlaceholders secrets) {
    this.hosts = List.copyOf(hosts);
    this.secrets = secrets;
  }

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) {
    String origin = workspace.originUri();
    CodeHost host = Tool.servingHost(hosts, origin);
    workspace.push();
    String head = workspace.head();
    String title = request.getTitle() == null || request.getTitle().isBlank() ? "agentline: " + workspace.branch() : request.getTitle();
    PullRequest pr;
    try {
      pr = host.open(new PullRequestDraft(origin, request.getBaseBranch(), workspace.branch(), head, secrets.hide(title),
          secrets.hide(request.getBody())));
    } catch (CodeHostException e) {
      throw new ToolFailure("branch pushed at " + head.substring(0, 12) + ", but the pull request was not opened: " + e.getMessage(), e);
    }
    return Tool.ok("pull request: " + pr.getUrl() + " at " + head.substring(0, 12)).setPullRequest(pr).setCommit(head);
  }
}

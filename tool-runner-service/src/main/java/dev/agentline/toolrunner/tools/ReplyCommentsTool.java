package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.CommentReply;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.edits.SecretPlaceholders;
import dev.agentline.toolrunner.pr.CodeHost;
import dev.agentline.toolrunner.pr.CodeHostException;
import dev.agentline.toolrunner.pr.ReplyOutcome;
import dev.agentline.toolrunner.workspace.Workspace;
import java.util.List;

/**
 * REPLY_COMMENTS: answers review feedback on the pull request {@code pullRequestUrl} through the code host
 * that serves the origin. {@code repliedKeys} = the keys answered, now or by an earlier delivery (the
 * host finds its own replies by their marker, so a retried request posts nothing twice). When some replies
 * fail the result is ok=false naming them, and {@code repliedKeys} still lists those that were posted. A reply reaches
 * the host with its secrets as placeholders.
 */
final class ReplyCommentsTool implements Tool {
  private final List<CodeHost> hosts;
  private final SecretPlaceholders secrets;

  ReplyCommentsTool(List<CodeHost> hosts, SecretPlaceholders secrets) {
    this.hosts = List.copyOf(hosts);
    this.secrets = secrets;
  }

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) {
    String url = request.getPullRequestUrl();
    if (url == null || url.isBlank()) throw new ToolFailure("REPLY_COMMENTS needs pullRequestUrl (the pull request to answer on)");
    List<CommentReply> replies = request.getReplies();
    if (replies.isEmpty()) return Tool.ok("nothing to answer on " + url).setRepliedKeys(List.of());
    for (int i = 0; i < replies.size(); i++) {
      CommentReply reply = replies.get(i);
      if (reply.getTo().getKey().isBlank()) throw new ToolFailure("reply " + (i + 1) + "/" + replies.size() + " has no to.key");
      if (reply.getBody().isBlank()) throw new ToolFailure("reply " + (i + 1) + "/" + replies.size() + " (" + reply.getTo().getKey() + ") has an empty body");
    }
    String origin = workspace.originUri();
    CodeHost host = Tool.servingHost(hosts, origin);
    List<ReplyOutcome> outcomes;
    try {
      outcomes = host.reply(origin, url, replies.stream()
          .map(reply -> CommentReply.newBuilder(reply).setBody(secrets.hide(reply.getBody())).build()).toList());
    } catch (CodeHostException e) {
      throw new ToolFailure("no reply posted on " + url + ": " + e.getMessage(), e);
    }
    List<String> replied = outcomes.stream().filter(ReplyOutcome::replied).map(ReplyOutcome::key).distinct().toList();
    List<ReplyOutcome> failed = outcomes.stream().filter(o -> !o.replied()).toList();
    StringBuilder output = new StringBuilder(replied.size() + " of " + replies.size() + " replies on " + url + ":");
    outcomes.forEach(o -> output.append('\n').append(o.line()));
    ToolResult.Builder result = ToolResult.newBuilder().setOk(failed.isEmpty()).setOutput(output.toString()).setRepliedKeys(replied);
    if (!failed.isEmpty()) {
      result.setError(failed.size() + " of " + replies.size() + " replies not posted on " + url + ": "
          + String.join("; ", failed.stream().map(o -> o.key() + ": " + o.detail()).toList()));
    }
    return result;
  }
}

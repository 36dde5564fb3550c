package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.CommentReply;
import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.PullRequestFeedback;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.pr.CodeHost;
import dev.agentline.toolrunner.pr.CodeHostException;
import dev.agentline.toolrunner.pr.LocalCodeHost;
import dev.agentline.toolrunner.pr.PullRequestDraft;
import dev.agentline.toolrunner.pr.ReplyOutcome;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class ReplyCommentsToolTest extends ToolTestSupport {

  static CommentReply reply(String key, PullRequestEventType type, String body) {
    PullRequestFeedback to = PullRequestFeedback.newBuilder().setKey(key).setType(type).setAuthor("ada")
        .setBody("please also handle null input").build();
    return CommentReply.newBuilder().setTo(to).setBody(body).setResolve(true).build();
  }

  ToolRequest.Builder replies(String url, CommentReply... replies) {
    return request(ToolName.REPLY_COMMENTS).setPullRequestUrl(url).setReplies(List.of(replies));
  }

  /** A runner whose one code host serves every origin and answers replies with {@code reply}. */
  void answeringWith(BiFunction<String, List<CommentReply>, List<ReplyOutcome>> reply) {
    CodeHost host = new CodeHost() {
      @Override
      public boolean serves(String originUri) {
        return true;
      }

      @Override
      public PullRequest open(PullRequestDraft draft) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<ReplyOutcome> reply(String originUri, String pullRequestUrl, List<CommentReply> replies) {
        return reply.apply(pullRequestUrl, replies);
      }
    };
    runner = new ToolRunner(workspaces, List.of(host), new ToolLimits(4000, Duration.ofSeconds(30), Duration.ofSeconds(60)));
  }

  @Test
  void answersOnALocalPullRequestOnceEvenWhenTheRequestIsRetried() throws Exception {
    String url = runOk(request(ToolName.OPEN_PR).setTitle("Greet")).getPullRequest().getUrl();
    ToolRequest.Builder request = replies(url,
        reply("local:review-comment:1", PullRequestEventType.REVIEW_COMMENT, "Handled: greet(null) returns \"hello\"."),
        reply("local:comment:2", PullRequestEventType.COMMENT, "Added the test."));

    ToolResult first = runOk(request);
    ToolResult retried = runOk(request);

    assertThat(first.getRepliedKeys()).containsExactly("local:review-comment:1", "local:comment:2");
    assertThat(first.getOutput()).startsWith("2 of 2 replies on " + url + ":\nlocal:review-comment:1: replied (appended to ");
    assertThat(retried.getRepliedKeys()).containsExactly("local:review-comment:1", "local:comment:2");
    assertThat(retried.getOutput()).contains("local:comment:2: already replied");
    List<String> lines = Files.readAllLines(LocalCodeHost.repliesFile(origin.toString()));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("<!-- agentline-reply: local:review-comment:1 -->");
    assertThat(first.getCommit()).isEqualTo(runOk(request(ToolName.PREPARE_WORKSPACE)).getCommit());
  }

  @Test
  void withoutAPullRequestUrlNothingIsAnswered() {
    ToolResult result = run(request(ToolName.REPLY_COMMENTS)
        .setReplies(List.of(reply("k", PullRequestEventType.COMMENT, "ok"))));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("REPLY_COMMENTS needs pullRequestUrl (the pull request to answer on)");
    assertThat(result.getRepliedKeys()).isEmpty();
  }

  @Test
  void anEmptyReplyBodyIsRefusedBeforeAnythingIsPosted() {
    ToolResult result = run(replies("pr", reply("k1", PullRequestEventType.COMMENT, "fine"), reply("k2", PullRequestEventType.COMMENT, " ")));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("reply 2/2 (k2) has an empty body");
    assertThat(Files.exists(LocalCodeHost.repliesFile(origin.toString()))).isFalse();
  }

  @Test
  void someRepliesFailingIsAFailedResultThatStillListsThePostedOnes() {
    List<String> asked = new ArrayList<>();
    answeringWith((url, replies) -> {
      asked.add(url);
      return List.of(
          new ReplyOutcome("github:review-comment:456", ReplyOutcome.Status.POSTED, "review comment 457 in the thread of 456", true),
          new ReplyOutcome("github:comment:789", ReplyOutcome.Status.FAILED,
              "GitHub POST /repos/acme/shop/issues/17/comments answered 403: Resource not accessible by integration", false));
    });

    ToolResult result = run(replies("https://github.com/acme/shop/pull/17",
        reply("github:review-comment:456", PullRequestEventType.REVIEW_COMMENT, "done"),
        reply("github:comment:789", PullRequestEventType.COMMENT, "done")));

    assertThat(asked).containsExactly("https://github.com/acme/shop/pull/17");
    assertThat(result.getOk()).isFalse();
    assertThat(result.getRepliedKeys()).containsExactly("github:review-comment:456");
    assertThat(result.getError()).isEqualTo("1 of 2 replies not posted on https://github.com/acme/shop/pull/17: github:comment:789:"
        + " GitHub POST /repos/acme/shop/issues/17/comments answered 403: Resource not accessible by integration");
    assertThat(result.getOutput()).contains("github:review-comment:456: replied (review comment 457 in the thread of 456), resolved");
  }

  @Test
  void aPullRequestTheHostCannotAnswerIsAFailureNamingIt() {
    answeringWith((url, replies) -> {
      throw new CodeHostException("not a GitHub pull request URL (https://<host>/<owner>/<repo>/pull/<number>): " + url);
    });

    ToolResult result = run(replies("https://github.com/acme/shop/issues/17", reply("k", PullRequestEventType.COMMENT, "ok")));

    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("no reply posted on https://github.com/acme/shop/issues/17: not a GitHub pull request URL"
        + " (https://<host>/<owner>/<repo>/pull/<number>): https://github.com/acme/shop/issues/17");
  }

  @Test
  void aReplyReachesTheCodeHostWithItsSecretsAsPlaceholders() {
    List<CommentReply> posted = new ArrayList<>();
    answeringWith((url, replies) -> {
      posted.addAll(replies);
      return List.of(new ReplyOutcome("github:comment:789", ReplyOutcome.Status.POSTED, "comment 790", true));
    });

    runOk(replies("https://github.com/acme/shop/pull/17",
        reply("github:comment:789", PullRequestEventType.COMMENT, "Ran it with DB_PASSWORD=hunter2-Pa55: all green.")));

    assertThat(posted).singleElement().satisfies(reply -> {
      assertThat(reply.getBody()).doesNotContain("hunter2-Pa55").matches("Ran it with DB_PASSWORD=\\[REDACTED:secret-assignment#[0-9a-f]{12}] all green\\.");
      assertThat(reply.getTo().getKey()).isEqualTo("github:comment:789");
    });
  }
}

package dev.agentline.toolrunner.pr;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static dev.agentline.toolrunner.pr.Fixtures.feedback;
import static dev.agentline.toolrunner.pr.Fixtures.json;
import static dev.agentline.toolrunner.pr.Fixtures.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.CommentReply;
import dev.agentline.schemas.PullRequestEventType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitLabRepliesTest extends WireMockSupport {
  static final String ORIGIN = "https://gitlab.com/acme/web/shop.git";
  static final String MR = "https://gitlab.com/acme/web/shop/-/merge_requests/5";
  static final String DISCUSSION_ID = "6a9c1750b37d513a43987b574953fceb50b03ce7";
  static final String BASE = "/api/v4/projects/acme%2Fweb%2Fshop/merge_requests/5";
  static final String DISCUSSION = BASE + "/discussions/" + DISCUSSION_ID;

  @BeforeEach
  void reset() {
    wm.stubFor(get(urlPathEqualTo(DISCUSSION)).willReturn(okJson(json("gitlab/discussion.json"))));
    wm.stubFor(post(urlPathEqualTo(DISCUSSION + "/notes")).willReturn(jsonResponse(json("gitlab/note-created.json"), 201)));
    wm.stubFor(put(urlPathEqualTo(DISCUSSION)).withQueryParam("resolved", equalTo("true")).willReturn(okJson(json("gitlab/discussion-answered.json"))));
    wm.stubFor(get(urlPathEqualTo(BASE + "/notes")).willReturn(okJson(json("gitlab/notes.json"))));
    wm.stubFor(post(urlPathEqualTo(BASE + "/notes")).willReturn(jsonResponse(json("gitlab/note-created.json"), 201)));
  }

  GitLabCodeHost host() {
    return new GitLabCodeHost(new CodeHostSettings(URI.create(wm.baseUrl()), "gitlab.com", "GL_TOKEN", List.of(), false),
        Map.of("GL_TOKEN", "glpat-secret")::get);
  }

  static CommentReply diffNoteReply(boolean resolve) {
    return reply(feedback("gitlab:note:1126", PullRequestEventType.REVIEW_COMMENT, "pipin", "Please also handle null input.")
        .setCommentId("1126").setThreadId(DISCUSSION_ID).setPath("src/Greeter.java").setLine(3), "Done: greet(null) now returns \"hello\".", resolve);
  }

  static CommentReply noteReply() {
    return reply(feedback("gitlab:note:302", PullRequestEventType.COMMENT, "pipin", "@agentline the greeting should end with a full stop.")
        .setCommentId("302"), "Added the full stop.", false);
  }

  @Test
  void answersInTheDiscussionAndResolvesIt() {
    ReplyOutcome outcome = host().reply(ORIGIN, MR, List.of(diffNoteReply(true))).get(0);

    assertThat(outcome.status()).isEqualTo(ReplyOutcome.Status.POSTED);
    assertThat(outcome.resolved()).isTrue();
    assertThat(outcome.line()).isEqualTo("gitlab:note:1126: replied (note 1127 in discussion " + DISCUSSION_ID + "), resolved");
    wm.verify(postRequestedFor(urlPathEqualTo(DISCUSSION + "/notes"))
        .withHeader("PRIVATE-TOKEN", equalTo("glpat-secret"))
        .withRequestBody(equalToJson("""
            {"body": "Done: greet(null) now returns \\"hello\\".\\n\\n<!-- agentline-reply: gitlab:note:1126 -->"}""")));
    wm.verify(putRequestedFor(urlPathEqualTo(DISCUSSION)).withQueryParam("resolved", equalTo("true")));
  }

  @Test
  void withoutResolveTheDiscussionStaysOpen() {
    ReplyOutcome outcome = host().reply(ORIGIN, MR, List.of(diffNoteReply(false))).get(0);

    assertThat(outcome.resolved()).isFalse();
    wm.verify(0, putRequestedFor(anyUrl()));
  }

  @Test
  void aNoteWithoutADiscussionGetsANewNoteQuotingItAndMentioningItsAuthor() {
    ReplyOutcome outcome = host().reply(ORIGIN, MR, List.of(noteReply())).get(0);

    assertThat(outcome.line()).isEqualTo("gitlab:note:302: replied (note 1127 on the merge request)");
    wm.verify(postRequestedFor(urlPathEqualTo(BASE + "/notes")).withRequestBody(equalToJson("""
        {"body": "> @agentline the greeting should end with a full stop.\\n\\n@pipin Added the full stop.\\n\\n<!-- agentline-reply: gitlab:note:302 -->"}""")));
  }

  @Test
  void aRetriedRequestPostsAndResolvesNothingTwice() {
    wm.stubFor(get(urlPathEqualTo(DISCUSSION)).willReturn(okJson(json("gitlab/discussion-answered.json"))));
    wm.stubFor(get(urlPathEqualTo(BASE + "/notes")).willReturn(okJson(json("gitlab/notes.json").replace(
        "\"body\": \"added 1 commit", "\"body\": \"Added the full stop.\\n\\n<!-- agentline-reply: gitlab:note:302 -->\\nadded 1 commit"))));

    List<ReplyOutcome> outcomes = host().reply(ORIGIN, MR, List.of(diffNoteReply(true), noteReply()));

    assertThat(outcomes).extracting(ReplyOutcome::status).containsOnly(ReplyOutcome.Status.ALREADY_POSTED);
    assertThat(outcomes.get(0).resolved()).isTrue();
    wm.verify(0, postRequestedFor(anyUrl()));
    wm.verify(0, putRequestedFor(anyUrl()));
  }

  @Test
  void anAnswerPostedBeforeTheResolveFailedIsResolvedOnRetry() {
    wm.stubFor(get(urlPathEqualTo(DISCUSSION)).willReturn(okJson(json("gitlab/discussion-answered.json")
        .replace("\"resolved\": true", "\"resolved\": false"))));

    ReplyOutcome outcome = host().reply(ORIGIN, MR, List.of(diffNoteReply(true))).get(0);

    assertThat(outcome.status()).isEqualTo(ReplyOutcome.Status.ALREADY_POSTED);
    assertThat(outcome.resolved()).isTrue();
    wm.verify(0, postRequestedFor(anyUrl()));
    wm.verify(1, putRequestedFor(urlPathEqualTo(DISCUSSION)));
  }

  @Test
  void anUnknownDiscussionIsAFailedReplyNamingTheCall() {
    wm.stubFor(get(urlPathEqualTo(DISCUSSION)).willReturn(jsonResponse("{\"message\": \"404 Not found\"}", 404)));

    List<ReplyOutcome> outcomes = host().reply(ORIGIN, MR, List.of(diffNoteReply(true), noteReply()));

    assertThat(outcomes.get(0).status()).isEqualTo(ReplyOutcome.Status.FAILED);
    assertThat(outcomes.get(0).detail()).isEqualTo("GitLab GET /api/v4/projects/acme/web/shop/merge_requests/5/discussions/"
        + DISCUSSION_ID + " answered 404: 404 Not found");
    assertThat(outcomes.get(1).status()).isEqualTo(ReplyOutcome.Status.POSTED);
  }

  @Test
  void aUrlThatIsNotAMergeRequestIsRefusedNamingIt() {
    assertThatThrownBy(() -> host().reply(ORIGIN, "https://github.com/acme/shop/pull/17", List.of(noteReply())))
        .isInstanceOf(CodeHostException.class)
        .hasMessageContaining("not a GitLab merge request URL")
        .hasMessageEndingWith(": https://github.com/acme/shop/pull/17");
  }
}

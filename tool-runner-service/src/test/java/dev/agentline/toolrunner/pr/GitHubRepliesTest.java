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

class GitHubRepliesTest extends WireMockSupport {
  static final String ORIGIN = "https://github.com/acme/shop.git";
  static final String PR = "https://github.com/acme/shop/pull/17";
  static final String REVIEW_COMMENTS = "/repos/acme/shop/pulls/17/comments";
  static final String ISSUE_COMMENTS = "/repos/acme/shop/issues/17/comments";

  @BeforeEach
  void reset() {
    wm.stubFor(get(urlPathEqualTo(REVIEW_COMMENTS)).willReturn(okJson(json("github/review-comments.json"))));
    wm.stubFor(get(urlPathEqualTo(ISSUE_COMMENTS)).willReturn(okJson(json("github/issue-comments.json"))));
    wm.stubFor(post(urlPathEqualTo(REVIEW_COMMENTS + "/456/replies")).willReturn(jsonResponse(json("github/review-comment-reply.json"), 201)));
    wm.stubFor(post(urlPathEqualTo(ISSUE_COMMENTS)).willReturn(jsonResponse(json("github/issue-comment-created.json"), 201)));
  }

  GitHubCodeHost host() {
    return new GitHubCodeHost(new CodeHostSettings(URI.create(wm.baseUrl()), "github.com", "GH_TOKEN", List.of(), false),
        Map.of("GH_TOKEN", "ghp_secret")::get);
  }

  static CommentReply reviewCommentReply(boolean resolve) {
    return reply(feedback("github:review-comment:456", PullRequestEventType.REVIEW_COMMENT, "octocat", "Please also handle null input.")
        .setPath("src/Greeter.java").setLine(3).setCommentId("456").setThreadId("456"), "Done: greet(null) now returns \"hello\".", resolve);
  }

  static CommentReply conversationReply() {
    return reply(feedback("github:comment:789", PullRequestEventType.COMMENT, "hubot", "@agentline the greeting should end with a full stop.")
        .setCommentId("789"), "Added the full stop.", false);
  }

  @Test
  void answersAReviewCommentInItsThreadAndAConversationCommentWithAQuoteAndAMention() {
    List<ReplyOutcome> outcomes = host().reply(ORIGIN, PR, List.of(reviewCommentReply(false), conversationReply()));

    assertThat(outcomes).extracting(ReplyOutcome::key, ReplyOutcome::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("github:review-comment:456", ReplyOutcome.Status.POSTED),
        org.assertj.core.groups.Tuple.tuple("github:comment:789", ReplyOutcome.Status.POSTED));
    assertThat(outcomes.get(0).line()).isEqualTo("github:review-comment:456: replied (review comment 457 in the thread of 456)");
    wm.verify(postRequestedFor(urlPathEqualTo(REVIEW_COMMENTS + "/456/replies"))
        .withHeader("Authorization", equalTo("Bearer ghp_secret"))
        .withRequestBody(equalToJson("""
            {"body": "Done: greet(null) now returns \\"hello\\".\\n\\n<!-- agentline-reply: github:review-comment:456 -->"}""")));
    wm.verify(postRequestedFor(urlPathEqualTo(ISSUE_COMMENTS)).withRequestBody(equalToJson("""
        {"body": "> @agentline the greeting should end with a full stop.\\n\\n@hubot Added the full stop.\\n\\n<!-- agentline-reply: github:comment:789 -->"}""")));
    wm.verify(getRequestedFor(urlPathEqualTo(REVIEW_COMMENTS)).withQueryParam("per_page", equalTo("100")).withQueryParam("page", equalTo("1")));
  }

  @Test
  void aRetriedRequestFindsItsRepliesByTheMarkerAndPostsNothing() {
    wm.stubFor(get(urlPathEqualTo(REVIEW_COMMENTS)).willReturn(okJson(
        "[" + json("github/review-comments.json").strip().replaceAll("^\\[|\\]$", "") + "," + json("github/review-comment-reply.json") + "]")));
    wm.stubFor(get(urlPathEqualTo(ISSUE_COMMENTS)).willReturn(okJson(json("github/issue-comments.json").replace(
        "\"body\": \"@agentline the greeting should end with a full stop.\"",
        "\"body\": \"Added the full stop.\\n\\n<!-- agentline-reply: github:comment:789 -->\""))));

    List<ReplyOutcome> outcomes = host().reply(ORIGIN, PR, List.of(reviewCommentReply(false), conversationReply()));

    assertThat(outcomes).extracting(ReplyOutcome::status).containsOnly(ReplyOutcome.Status.ALREADY_POSTED);
    assertThat(outcomes).allMatch(ReplyOutcome::replied);
    wm.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void theMarkerIsFoundOnALaterPageOfComments() {
    StringBuilder page1 = new StringBuilder("[");
    for (int i = 0; i < 100; i++) page1.append(i == 0 ? "" : ",").append("{\"id\": ").append(2000 + i).append(", \"body\": \"+1\"}");
    wm.stubFor(get(urlPathEqualTo(ISSUE_COMMENTS)).withQueryParam("page", equalTo("1")).willReturn(okJson(page1.append("]").toString())));
    wm.stubFor(get(urlPathEqualTo(ISSUE_COMMENTS)).withQueryParam("page", equalTo("2")).willReturn(okJson(
        "[{\"id\": 3000, \"body\": \"ok\\n\\n<!-- agentline-reply: github:comment:789 -->\"}]")));

    List<ReplyOutcome> outcomes = host().reply(ORIGIN, PR, List.of(conversationReply()));

    assertThat(outcomes.get(0).status()).isEqualTo(ReplyOutcome.Status.ALREADY_POSTED);
    wm.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void resolvesTheReviewThreadThroughGraphQl() {
    wm.stubFor(post(urlPathEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.query", containing("reviewThreads")))
        .willReturn(okJson(json("github/review-threads.json"))));
    wm.stubFor(post(urlPathEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.query", containing("resolveReviewThread")))
        .willReturn(okJson(json("github/resolve-review-thread.json"))));

    ReplyOutcome outcome = host().reply(ORIGIN, PR, List.of(reviewCommentReply(true))).get(0);

    assertThat(outcome.resolved()).isTrue();
    assertThat(outcome.line()).endsWith(", resolved");
    wm.verify(postRequestedFor(urlPathEqualTo("/graphql"))
        .withRequestBody(matchingJsonPath("$.variables.owner", equalTo("acme")))
        .withRequestBody(matchingJsonPath("$.variables.number", equalTo("17"))));
    wm.verify(postRequestedFor(urlPathEqualTo("/graphql"))
        .withRequestBody(matchingJsonPath("$.variables.threadId", equalTo("PRRT_kwDOAbCdEf5Bq0a1"))));
  }

  @Test
  void onGitHubEnterpriseGraphQlIsBesideTheRestApi() {
    wm.stubFor(get(urlPathEqualTo("/api/v3" + REVIEW_COMMENTS)).willReturn(okJson(json("github/review-comments.json"))));
    wm.stubFor(post(urlPathEqualTo("/api/v3" + REVIEW_COMMENTS + "/456/replies")).willReturn(jsonResponse(json("github/review-comment-reply.json"), 201)));
    wm.stubFor(post(urlPathEqualTo("/api/graphql")).withRequestBody(matchingJsonPath("$.query", containing("reviewThreads")))
        .willReturn(okJson(json("github/review-threads.json"))));
    wm.stubFor(post(urlPathEqualTo("/api/graphql")).withRequestBody(matchingJsonPath("$.query", containing("resolveReviewThread")))
        .willReturn(okJson(json("github/resolve-review-thread.json"))));
    GitHubCodeHost enterprise = new GitHubCodeHost(new CodeHostSettings(URI.create(wm.baseUrl() + "/api/v3"), "ghe.example.com", "GH_TOKEN",
        List.of(), false), Map.of("GH_TOKEN", "ghp_secret")::get);

    ReplyOutcome outcome = enterprise.reply("https://ghe.example.com/acme/shop.git", "https://ghe.example.com/acme/shop/pull/17",
        List.of(reviewCommentReply(true))).get(0);

    assertThat(outcome.resolved()).as(outcome.line()).isTrue();
    wm.verify(2, postRequestedFor(urlPathEqualTo("/api/graphql")));
  }

  @Test
  void aGraphQlErrorLeavesTheReplyPostedButNotResolved() {
    wm.stubFor(post(urlPathEqualTo("/graphql")).willReturn(okJson("""
        {"data": null, "errors": [{"type": "FORBIDDEN", "path": ["repository"], "message": "Resource not accessible by integration"}]}""")));

    ReplyOutcome outcome = host().reply(ORIGIN, PR, List.of(reviewCommentReply(true))).get(0);

    assertThat(outcome.status()).isEqualTo(ReplyOutcome.Status.POSTED);
    assertThat(outcome.resolved()).isFalse();
    assertThat(outcome.detail()).isEqualTo("review comment 457 in the thread of 456;"
        + " not resolved: GitHub POST /graphql (reviewThreads) failed: Resource not accessible by integration");
    wm.verify(postRequestedFor(urlPathEqualTo(REVIEW_COMMENTS + "/456/replies")));
  }

  @Test
  void aRefusedReplyIsNamedAndTheOthersArePosted() {
    wm.stubFor(post(urlPathEqualTo(REVIEW_COMMENTS + "/456/replies")).willReturn(jsonResponse(
        "{\"message\": \"Not Found\", \"documentation_url\": \"https://docs.github.com/rest/pulls/comments#create-a-reply-for-a-review-comment\", \"status\": \"404\"}", 404)));

    List<ReplyOutcome> outcomes = host().reply(ORIGIN, PR, List.of(reviewCommentReply(false), conversationReply()));

    assertThat(outcomes.get(0).status()).isEqualTo(ReplyOutcome.Status.FAILED);
    assertThat(outcomes.get(0).detail()).isEqualTo("GitHub POST /repos/acme/shop/pulls/17/comments/456/replies answered 404: Not Found");
    assertThat(outcomes.get(1).status()).isEqualTo(ReplyOutcome.Status.POSTED);
  }

  @Test
  void aUrlThatIsNotAPullRequestIsRefusedNamingIt() {
    assertThatThrownBy(() -> host().reply(ORIGIN, "https://github.com/acme/shop/issues/17", List.of(conversationReply())))
        .isInstanceOf(CodeHostException.class)
        .hasMessage("not a GitHub pull request URL (https://<host>/<owner>/<repo>/pull/<number>): https://github.com/acme/shop/issues/17");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void aReviewWithoutACommentIdIsAnsweredOnTheConversation() {
    CommentReply review = reply(feedback("github:review:80", PullRequestEventType.REVIEW_SUBMITTED, "octocat",
        "Looks close. Two things:\nnull input\nand the docs"), "Both handled in abc123.", true);

    ReplyOutcome outcome = host().reply(ORIGIN, PR, List.of(review)).get(0);

    assertThat(outcome.status()).isEqualTo(ReplyOutcome.Status.POSTED);
    assertThat(outcome.resolved()).isFalse();
    wm.verify(postRequestedFor(urlPathEqualTo(ISSUE_COMMENTS)).withRequestBody(matchingJsonPath("$.body",
        equalTo("> Looks close. Two things:\n> null input\n> and the docs\n\n@octocat Both handled in abc123.\n\n<!-- agentline-reply: github:review:80 -->"))));
    wm.verify(0, getRequestedFor(urlPathEqualTo(REVIEW_COMMENTS)));
  }
}

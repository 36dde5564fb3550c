package dev.agentline.toolrunner.review;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static dev.agentline.toolrunner.review.ReviewFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentline.schemas.CiConclusion;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.ReviewState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GitHub deliveries through {@link PullRequestIntake}: real payload shapes, the REST API on WireMock, a list as the topic. */
class GitHubWebhookTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(WireMockConfiguration.options().dynamicPort()).build();

  ListSink sink;
  Map<String, String> env;
  PullRequestIntake intake;

  @BeforeEach
  void setUp() {
    wm.stubFor(get("/repos/acme/orders/pulls/17").willReturn(okJson(text("github/rest-pull.json"))));
    sink = new ListSink();
    env = new HashMap<>(env());
    intake = intake(wm.baseUrl(), env, sink);
  }

  Outcome deliver(String event, String delivery, Object payload) {
    byte[] body = bytes(payload);
    return intake.receive(CodeHostKind.GITHUB, github(event, delivery, body), body);
  }

  PullRequestEvent only() {
    assertThat(sink.sent).hasSize(1);
    assertThat(sink.sent.get(0).getKey()).isEqualTo("ORD-42");
    return sink.sent.get(0).getValue();
  }

  @Test
  void aChangesRequestedReviewIsOneReviewSubmittedForTheTaskInThePrBody() {
    Outcome outcome = deliver("pull_request_review", "d-1", json("github/pull_request_review.submitted.json"));

    PullRequestEvent e = only();
    assertThat(outcome).isEqualTo(new Outcome.Accepted(java.util.List.of(e.getMeta().getEventId())));
    assertThat(e.getType()).isEqualTo(PullRequestEventType.REVIEW_SUBMITTED);
    assertThat(e.getReviewState()).isEqualTo(ReviewState.CHANGES_REQUESTED);
    assertThat(e.getItemKey()).isEqualTo("github:review:80");
    assertThat(e.getDeliveryId()).isEqualTo("d-1");
    assertThat(e.getVia()).isEqualTo("webhook");
    assertThat(e.getHost()).isEqualTo(CodeHostKind.GITHUB);
    assertThat(e.getRepository()).isEqualTo("acme/orders");
    assertThat(e.getNumber()).isEqualTo(17);
    assertThat(e.getUrl()).isEqualTo("https://github.com/acme/orders/pull/17");
    assertThat(e.getBranch()).isEqualTo("agentline/ORD-42-validate-order-input");
    assertThat(e.getActor()).isEqualTo("octocat");
    assertThat(e.getBody()).isEqualTo("Please also handle null input.");
    assertThat(e.getCommentId()).isEqualTo("80");
    assertThat(e.getHappenedAt()).isEqualTo(Instant.parse("2026-11-26T05:42:03Z"));
    assertThat(e.getMeta().getTaskId()).isEqualTo("ORD-42");
    assertThat(e.getMeta().getProducer()).isEqualTo("tool-runner");
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void aTokenPastedIntoAReviewIsRedactedBeforeTheEventIsWritten() {
    ObjectNode payload = json("github/pull_request_review.submitted.json");
    ((ObjectNode) payload.get("review")).put("body", "Use ghp_16C7e42F292c6912E7710c838347Ae178B4a to read the fixtures bucket.");

    deliver("pull_request_review", "d-secret", payload);

    assertThat(only().getBody()).isEqualTo("Use [REDACTED:github-token] to read the fixtures bucket.");
  }

  @Test
  void aDismissedReviewIsReviewSubmittedDismissedWithItsOwnKey() {
    ObjectNode payload = json("github/pull_request_review.submitted.json");
    payload.put("action", "dismissed");
    ((ObjectNode) payload.get("review")).put("state", "dismissed");
    deliver("pull_request_review", "d-2", payload);

    PullRequestEvent e = only();
    assertThat(e.getReviewState()).isEqualTo(ReviewState.DISMISSED);
    assertThat(e.getItemKey()).isEqualTo("github:review:80:dismissed");
  }

  @Test
  void aLineCommentIsAReviewCommentWithPathLineAndThread() {
    deliver("pull_request_review_comment", "d-3", json("github/pull_request_review_comment.created.json"));

    PullRequestEvent e = only();
    assertThat(e.getType()).isEqualTo(PullRequestEventType.REVIEW_COMMENT);
    assertThat(e.getItemKey()).isEqualTo("github:review-comment:2001");
    assertThat(e.getPath()).isEqualTo("src/main/java/com/acme/orders/OrderService.java");
    assertThat(e.getLine()).isEqualTo(14);
    assertThat(e.getCommentId()).isEqualTo("2001");
    assertThat(e.getThreadId()).isEqualTo("2001");
    assertThat(e.getBody()).isEqualTo("What happens when `request` is null here?");
  }

  @Test
  void aReplyInAThreadKeepsTheThreadOfTheCommentItAnswers() {
    ObjectNode payload = json("github/pull_request_review_comment.created.json");
    ((ObjectNode) payload.get("comment")).put("id", 2002).put("in_reply_to_id", 2001);
    deliver("pull_request_review_comment", "d-4", payload);

    assertThat(only().getThreadId()).isEqualTo("2001");
  }

  @Test
  void aConversationCommentReadsThePullRequestFromTheApiForItsBranch() {
    deliver("issue_comment", "d-5", json("github/issue_comment.created.json"));

    PullRequestEvent e = only();
    assertThat(e.getType()).isEqualTo(PullRequestEventType.COMMENT);
    assertThat(e.getItemKey()).isEqualTo("github:comment:3001");
    assertThat(e.getBody()).isEqualTo("@agentline please also add a test for the empty list");
    assertThat(e.getBranch()).isEqualTo("agentline/ORD-42-validate-order-input");
    wm.verify(getRequestedFor(urlEqualTo("/repos/acme/orders/pulls/17")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void aCommentOnAPlainIssueIsIgnored() {
    ObjectNode payload = json("github/issue_comment.created.json");
    ((ObjectNode) payload.get("issue")).remove("pull_request");
    Outcome outcome = deliver("issue_comment", "d-6", payload);

    assertThat(outcome).isInstanceOf(Outcome.Ignored.class);
    assertThat(((Outcome.Ignored) outcome).reason()).contains("not on a pull request");
    assertThat(sink.sent).isEmpty();
  }

  @Test
  void ourOwnReplyIsIgnored() {
    ObjectNode payload = json("github/issue_comment.created.json");
    ((ObjectNode) payload.get("comment")).put("body", "<!-- agentline-reply: github:comment:3000 -->\nDone in 0d1a26e.");
    Outcome outcome = deliver("issue_comment", "d-7", payload);

    assertThat(outcome).isEqualTo(new Outcome.Ignored("a reply agentline posted"));
    assertThat(sink.sent).isEmpty();
  }

  @Test
  void mergedClosedReopenedAndSynchronizeMapToTheirTypes() {
    deliver("pull_request", "d-8", json("github/pull_request.closed.json"));
    ObjectNode closed = json("github/pull_request.closed.json");
    ((ObjectNode) closed.get("pull_request")).put("merged", false).putNull("merged_at").putNull("merged_by");
    deliver("pull_request", "d-9", closed);
    ObjectNode reopened = json("github/pull_request.closed.json");
    reopened.put("action", "reopened");
    deliver("pull_request", "d-10", reopened);
    deliver("pull_request", "d-11", json("github/pull_request.synchronize.json"));

    assertThat(sink.events()).extracting(PullRequestEvent::getType).containsExactly(
        PullRequestEventType.MERGED, PullRequestEventType.CLOSED, PullRequestEventType.REOPENED, PullRequestEventType.PUSHED);
    assertThat(sink.events()).extracting(PullRequestEvent::getItemKey).containsExactly(
        "github:pr:17:merged", "github:pr:17:closed:" + Instant.parse("2026-11-26T05:50:12Z").getEpochSecond(),
        "github:pr:17:reopened:2026-11-26T05:50:12Z", "github:push:17:0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
    assertThat(sink.events().get(0).getActor()).isEqualTo("octocat");
    assertThat(sink.events().get(3).getHeadCommit()).isEqualTo("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
  }

  @Test
  void aReviewDeliveredAfterTheMergeStillMaps() {
    deliver("pull_request", "d-12", json("github/pull_request.closed.json"));
    deliver("pull_request_review", "d-13", json("github/pull_request_review.submitted.json"));

    assertThat(sink.events()).extracting(PullRequestEvent::getType)
        .containsExactly(PullRequestEventType.MERGED, PullRequestEventType.REVIEW_SUBMITTED);
  }

  @Test
  void aFailedActionsCheckRunCarriesTheEndOfTheJobLogFollowingTheRedirectWithoutTheToken() {
    StringBuilder log = new StringBuilder();
    for (int i = 1; i <= 100; i++) log.append("2026-11-26T05:44:").append(String.format("%02d", i % 60)).append(".1234567Z line ").append(i).append("\n");
    log.append("2026-11-26T05:45:29.0000000Z \u001B[31m[ERROR] OrderServiceTest.rejectsNull:31 expected exception\u001B[0m\n");
    wm.stubFor(get("/repos/acme/orders/actions/jobs/42/logs")
        .willReturn(aResponse().withStatus(302).withHeader("Location", wm.baseUrl() + "/download/job-logs/42.txt?sig=abc")));
    wm.stubFor(get(urlPathEqualTo("/download/job-logs/42.txt")).willReturn(ok(log.toString())));

    deliver("check_run", "d-14", json("github/check_run.completed.json"));

    PullRequestEvent e = only();
    assertThat(e.getType()).isEqualTo(PullRequestEventType.CI_COMPLETED);
    assertThat(e.getItemKey()).isEqualTo("github:check-run:42");
    assertThat(e.getCiName()).isEqualTo("build");
    assertThat(e.getCiConclusion()).isEqualTo(CiConclusion.FAILURE);
    assertThat(e.getCiUrl()).isEqualTo("https://github.com/acme/orders/actions/runs/9000/job/42");
    assertThat(e.getHeadCommit()).isEqualTo("6dcb09b5b57875f334f61aebed695e2e4193db5e");
    assertThat(e.getLogExcerpt()).endsWith("[ERROR] OrderServiceTest.rejectsNull:31 expected exception")
        .doesNotContain("\u001B").doesNotContain("2026-11-26T").doesNotContain("line 41\n").startsWith("line 42\n");
    assertThat(e.getLogExcerpt().lines()).hasSize(60);
    wm.verify(getRequestedFor(urlEqualTo("/repos/acme/orders/actions/jobs/42/logs")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    wm.verify(getRequestedFor(urlPathEqualTo("/download/job-logs/42.txt")).withoutHeader("Authorization"));
  }

  @Test
  void aLogThatCannotBeReadGivesANoteAndTheCheckRunsOutput() {
    wm.stubFor(get("/repos/acme/orders/actions/jobs/42/logs").willReturn(aResponse().withStatus(410)));

    deliver("check_run", "d-15", json("github/check_run.completed.json"));

    assertThat(only().getLogExcerpt()).startsWith("(the job's log could not be read:")
        .contains("Process completed with exit code 1.").contains("There is 1 failure in OrderServiceTest");
  }

  @Test
  void aPassingCheckRunHasNoExcerptAndReadsNoLog() {
    ObjectNode payload = json("github/check_run.completed.json");
    ((ObjectNode) payload.get("check_run")).put("conclusion", "success");
    deliver("check_run", "d-16", payload);

    assertThat(only().getCiConclusion()).isEqualTo(CiConclusion.SUCCESS);
    assertThat(only().getLogExcerpt()).isNull();
    wm.verify(0, getRequestedFor(urlPathMatching(".*/logs")));
  }

  @Test
  void aCheckSuiteIsOneCiCompleted() {
    deliver("check_suite", "d-17", json("github/check_suite.completed.json"));

    PullRequestEvent e = only();
    assertThat(e.getItemKey()).isEqualTo("github:check-suite:5500");
    assertThat(e.getCiName()).isEqualTo("GitHub Actions");
    assertThat(e.getCiConclusion()).isEqualTo(CiConclusion.FAILURE);
  }

  @Test
  void aFailedStatusFindsItsPullRequestsByCommitAndAPendingOneIsIgnored() {
    wm.stubFor(get("/repos/acme/orders/commits/6dcb09b5b57875f334f61aebed695e2e4193db5e/pulls").willReturn(okJson(text("github/rest-commit-pulls.json"))));
    ObjectNode pending = json("github/status.failure.json");
    pending.put("state", "pending");

    assertThat(deliver("status", "d-18", pending)).isInstanceOf(Outcome.Ignored.class);
    deliver("status", "d-19", json("github/status.failure.json"));

    PullRequestEvent e = only();
    assertThat(e.getItemKey()).isEqualTo("github:status:6dcb09b5b57875f334f61aebed695e2e4193db5e:ci/jenkins:failure");
    assertThat(e.getCiName()).isEqualTo("ci/jenkins");
    assertThat(e.getCiUrl()).isEqualTo("https://ci.acme.example/job/orders/1234/");
    assertThat(e.getNumber()).isEqualTo(17);
    assertThat(e.getLogExcerpt()).isEqualTo("Build #1234 failed: 2 tests failed");
  }

  @Test
  void pingIsAnsweredAndUnusedEventsAreIgnored() {
    assertThat(deliver("ping", "d-20", json("github/ping.json"))).isInstanceOf(Outcome.Pong.class);
    assertThat(deliver("push", "d-21", "{\"ref\":\"refs/heads/main\"}")).isEqualTo(new Outcome.Ignored("GitHub event push is not used"));
    ObjectNode labeled = json("github/pull_request.synchronize.json");
    labeled.put("action", "labeled");
    assertThat(deliver("pull_request", "d-22", labeled)).isEqualTo(new Outcome.Ignored("pull_request action labeled is not used"));
    assertThat(sink.sent).isEmpty();
  }

  @Test
  void aWrongOrMissingSignatureIsRefused() {
    byte[] body = bytes(json("github/pull_request_review.submitted.json"));
    Map<String, String> headers = new HashMap<>(github("pull_request_review", "d-23", body));
    headers.put("X-Hub-Signature-256", Signatures.github("another secret", body));
    assertThat(intake.receive(CodeHostKind.GITHUB, headers, body)).isInstanceOf(Outcome.Unauthorized.class);
    headers.remove("X-Hub-Signature-256");
    assertThat(intake.receive(CodeHostKind.GITHUB, headers, body)).isInstanceOf(Outcome.Unauthorized.class);
    // the body changed after signing
    Map<String, String> signed = github("pull_request_review", "d-23", body);
    byte[] tampered = bytes(new String(body, java.nio.charset.StandardCharsets.UTF_8).replace("changes_requested", "approved"));
    assertThat(intake.receive(CodeHostKind.GITHUB, signed, tampered)).isInstanceOf(Outcome.Unauthorized.class);
    assertThat(sink.sent).isEmpty();
  }

  @Test
  void withoutAConfiguredSecretEveryDeliveryIsRefused() {
    env.remove("GITHUB_WEBHOOK_SECRET");
    Outcome outcome = deliver("pull_request_review", "d-24", json("github/pull_request_review.submitted.json"));

    assertThat(outcome).isInstanceOf(Outcome.Unauthorized.class);
    assertThat(((Outcome.Unauthorized) outcome).reason()).contains("not configured").contains("GITHUB_WEBHOOK_SECRET");
  }

  @Test
  void aPayloadWithoutWhatItsEventNeedsIsInvalidNamingTheField() {
    ObjectNode payload = json("github/pull_request_review.submitted.json");
    ((ObjectNode) payload.get("review")).remove("id");
    assertThat(deliver("pull_request_review", "d-25", payload)).isEqualTo(new Outcome.Invalid("review.id",
        "pull_request_review: the payload has no review.id"));
    ObjectNode noHead = json("github/pull_request_review_comment.created.json");
    ((ObjectNode) noHead.get("pull_request")).remove("head");
    assertThat(deliver("pull_request_review_comment", "d-26", noHead)).extracting(o -> ((Outcome.Invalid) o).field()).isEqualTo("pull_request.head.ref");
    assertThat(deliver("pull_request_review", "d-27", "not json")).extracting(o -> ((Outcome.Invalid) o).field()).isEqualTo("body");
    // an invalid delivery is not remembered: the corrected redelivery is handled
    assertThat(deliver("pull_request_review", "d-25", json("github/pull_request_review.submitted.json"))).isInstanceOf(Outcome.Accepted.class);
  }

  @Test
  void aPullRequestWithoutTheMarkerOrOnAnotherBranchIsNotAgentlines() {
    ObjectNode noMarker = json("github/pull_request_review.submitted.json");
    ((ObjectNode) noMarker.get("pull_request")).put("body", "A human's change");
    Outcome outcome = deliver("pull_request_review", "d-28", noMarker);
    assertThat(((Outcome.Ignored) outcome).reason()).isEqualTo("acme/orders#17 has no agentline-task marker");

    ObjectNode otherBranch = json("github/pull_request_review.submitted.json");
    ((ObjectNode) otherBranch.get("pull_request").get("head")).put("ref", "feature/ORD-42");
    outcome = deliver("pull_request_review", "d-29", otherBranch);
    assertThat(((Outcome.Ignored) outcome).reason()).contains("branch feature/ORD-42 is not an agentline branch");
    assertThat(sink.sent).isEmpty();
  }

  @Test
  void aDuplicateDeliveryIsIgnored() {
    deliver("pull_request_review", "d-30", json("github/pull_request_review.submitted.json"));
    Outcome again = deliver("pull_request_review", "d-30", json("github/pull_request_review.submitted.json"));

    assertThat(again).isEqualTo(new Outcome.Ignored("delivery d-30 was handled already"));
    assertThat(sink.sent).hasSize(1);
  }

  @Test
  void aFailedWriteIsUnavailableAndTheRedeliveryIsHandled() {
    sink.failing = true;
    Outcome outcome = deliver("pull_request_review", "d-31", json("github/pull_request_review.submitted.json"));
    assertThat(outcome).isInstanceOf(Outcome.Unavailable.class);
    assertThat(((Outcome.Unavailable) outcome).detail()).contains("broker unreachable");

    sink.failing = false;
    assertThat(deliver("pull_request_review", "d-31", json("github/pull_request_review.submitted.json"))).isInstanceOf(Outcome.Accepted.class);
    assertThat(sink.sent).hasSize(1);
  }

  @Test
  void anApiThatCannotBeReachedIsUnavailable() {
    wm.stubFor(get("/repos/acme/orders/pulls/17").willReturn(aResponse().withStatus(502)));
    Outcome outcome = deliver("issue_comment", "d-32", json("github/issue_comment.created.json"));

    assertThat(outcome).isInstanceOf(Outcome.Unavailable.class);
    assertThat(((Outcome.Unavailable) outcome).detail()).contains("502");
  }
}

package dev.agentline.toolrunner.review;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static dev.agentline.toolrunner.review.ReviewFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.PullRequestEventType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The polling fallback against GitHub's and GitLab's REST APIs on WireMock: each item once, with the webhook's item key. */
class PullRequestPollerTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(WireMockConfiguration.options().dynamicPort()).build();

  ListSink sink;
  PullRequestIntake intake;

  @BeforeEach
  void setUp() {
    sink = new ListSink();
    intake = intake(wm.baseUrl(), env(), sink);
  }

  PullRequestPoller poller(String repository) {
    return new PullRequestPoller(List.of(repository), apis(wm.baseUrl(), env()), intake, clock(), Duration.ofHours(24));
  }

  void stubGitHub() {
    String head = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    wm.stubFor(get(urlPathEqualTo("/repos/acme/orders/pulls")).withQueryParam("state", equalTo("all")).withQueryParam("sort", equalTo("updated"))
        .willReturn(okJson(text("github/rest-pulls.json"))));
    wm.stubFor(get(urlPathEqualTo("/repos/acme/orders/pulls/17/reviews")).willReturn(okJson(text("github/rest-reviews.json"))));
    wm.stubFor(get(urlPathEqualTo("/repos/acme/orders/pulls/17/comments")).willReturn(okJson(text("github/rest-review-comments.json"))));
    wm.stubFor(get(urlPathEqualTo("/repos/acme/orders/issues/17/comments")).willReturn(okJson(text("github/rest-issue-comments.json"))));
    wm.stubFor(get(urlPathEqualTo("/repos/acme/orders/commits/" + head + "/check-runs")).willReturn(okJson(text("github/rest-check-runs.json"))));
    wm.stubFor(get("/repos/acme/orders/actions/jobs/42/logs").willReturn(ok("[ERROR] OrderServiceTest.rejectsNull:31\n")));
  }

  @Test
  void gitHubItemsAreEmittedOnceAcrossTicksWithTheWebhooksItemKeys() {
    stubGitHub();
    PullRequestPoller poller = poller("https://github.com/acme/orders.git");

    assertThat(poller.tick()).isEqualTo(4);
    assertThat(poller.tick()).isZero();

    List<PullRequestEvent> events = sink.events();
    assertThat(events).extracting(PullRequestEvent::getItemKey).containsExactly(
        "github:review:80", "github:review-comment:2001", "github:comment:3001", "github:check-run:42");
    assertThat(events).extracting(PullRequestEvent::getType).containsExactly(PullRequestEventType.REVIEW_SUBMITTED,
        PullRequestEventType.REVIEW_COMMENT, PullRequestEventType.COMMENT, PullRequestEventType.CI_COMPLETED);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getVia()).isEqualTo("poll");
      assertThat(e.getDeliveryId()).isEqualTo("poll:" + e.getItemKey());
      assertThat(e.getMeta().getTaskId()).isEqualTo("ORD-42");
      assertThat(e.getNumber()).isEqualTo(17);
    });
    assertThat(events.get(3).getLogExcerpt()).isEqualTo("[ERROR] OrderServiceTest.rejectsNull:31");
    assertThat(sink.sent).extracting(Map.Entry::getKey).containsOnly("ORD-42");
    // pull request 18 (a human's branch) is never looked into; the agentline reply (comment 3002) is not emitted
    wm.verify(0, getRequestedFor(urlPathMatching("/repos/acme/orders/(pulls|issues)/18/.*")));

    // the same things by webhook carry the same keys
    ListSink hooks = new ListSink();
    PullRequestIntake webhooks = intake(wm.baseUrl(), env(), hooks);
    wm.stubFor(get("/repos/acme/orders/pulls/17").willReturn(okJson(text("github/rest-pull.json"))));
    for (String[] hook : new String[][] {{"pull_request_review", "pull_request_review.submitted.json"},
        {"pull_request_review_comment", "pull_request_review_comment.created.json"}, {"issue_comment", "issue_comment.created.json"},
        {"check_run", "check_run.completed.json"}}) {
      byte[] body = bytes(json("github/" + hook[1]));
      webhooks.receive(CodeHostKind.GITHUB, github(hook[0], "h-" + hook[0], body), body);
    }
    assertThat(hooks.events()).extracting(PullRequestEvent::getItemKey).containsExactlyElementsOf(events.stream().map(PullRequestEvent::getItemKey).toList());
  }

  @Test
  void aLongPullRequestsCommentsAreReadPageByPageSinceTheLastTick() {
    stubGitHub();
    ArrayNode first = JSON.createArrayNode();
    for (int id = 5000; id < 5100; id++) first.add(comment(id));
    String comments = "/repos/acme/orders/pulls/17/comments";
    wm.stubFor(get(urlPathEqualTo(comments)).withQueryParam("page", equalTo("1")).willReturn(okJson(first.toString())));
    wm.stubFor(get(urlPathEqualTo(comments)).withQueryParam("page", equalTo("2")).willReturn(okJson("[" + comment(6000) + "]")));
    PullRequestPoller poller = poller("https://github.com/acme/orders.git");

    assertThat(poller.tick()).isEqualTo(3 + 101);

    assertThat(sink.events()).extracting(PullRequestEvent::getItemKey)
        .contains("github:review-comment:5000", "github:review-comment:5099", "github:review-comment:6000");
    // the first tick looks back 24 hours; a short page is the last one
    wm.verify(getRequestedFor(urlPathEqualTo(comments)).withQueryParam("since", equalTo("2026-11-25T06:00:00Z"))
        .withQueryParam("per_page", equalTo("100")).withQueryParam("page", equalTo("2")));
    wm.verify(0, getRequestedFor(urlPathEqualTo(comments)).withQueryParam("page", equalTo("3")));
  }

  @Test
  void pullRequestsArePagedUntilTheFirstOneUpdatedBeforeTheLastTick() {
    stubGitHub();
    ArrayNode others = JSON.createArrayNode();
    ArrayNode rest = JSON.createArrayNode();
    for (int n = 100; n < 200; n++) others.add(element("github/rest-pulls.json", 1).put("number", n));
    rest.add(element("github/rest-pulls.json", 0));
    rest.add(element("github/rest-pulls.json", 1).put("number", 19).put("updated_at", "2026-11-24T09:00:00Z"));
    String pulls = "/repos/acme/orders/pulls";
    wm.stubFor(get(urlPathEqualTo(pulls)).withQueryParam("page", equalTo("1")).willReturn(okJson(others.toString())));
    wm.stubFor(get(urlPathEqualTo(pulls)).withQueryParam("page", equalTo("2")).willReturn(okJson(rest.toString())));
    wm.stubFor(get(urlPathEqualTo(pulls)).withQueryParam("page", equalTo("3")).willReturn(okJson(others.toString())));
    PullRequestPoller poller = poller("https://github.com/acme/orders.git");

    // pull request 17, on the second page, is read; the list stops at 19, updated before the look-back
    assertThat(poller.tick()).isEqualTo(4);
    assertThat(sink.events()).allSatisfy(e -> assertThat(e.getNumber()).isEqualTo(17));
    wm.verify(0, getRequestedFor(urlPathEqualTo(pulls)).withQueryParam("page", equalTo("3")));
  }

  static ObjectNode comment(int id) {
    return element("github/rest-review-comments.json", 0).put("id", id);
  }

  @Test
  void aMergedPullRequestIsEmittedOnceWithWhoMergedIt() {
    stubGitHub();
    wm.stubFor(get(urlPathEqualTo("/repos/acme/orders/pulls")).willReturn(okJson("[" + json("github/rest-pull.json")
        .put("state", "closed").put("merged_at", "2026-11-26T05:50:12Z").put("closed_at", "2026-11-26T05:50:12Z") + "]")));
    wm.stubFor(get("/repos/acme/orders/pulls/17").willReturn(okJson(json("github/pull_request.closed.json").get("pull_request").toString())));
    PullRequestPoller poller = poller("https://github.com/acme/orders");

    poller.tick();
    poller.tick();

    List<PullRequestEvent> merged = sink.events().stream().filter(e -> e.getType() == PullRequestEventType.MERGED).toList();
    assertThat(merged).hasSize(1);
    assertThat(merged.get(0).getItemKey()).isEqualTo("github:pr:17:merged");
    assertThat(merged.get(0).getActor()).isEqualTo("octocat");
  }

  @Test
  void aFailedWriteLeavesTheItemForTheNextTick() {
    stubGitHub();
    PullRequestPoller poller = poller("https://github.com/acme/orders.git");
    sink.failing = true;

    assertThat(poller.tick()).isZero();
    sink.failing = false;
    assertThat(poller.tick()).isEqualTo(4);
  }

  @Test
  void gitLabNotesAndFinishedPipelinesAreEmittedOnceWithTheWebhooksItemKeys() {
    String project = "/api/v4/projects/acme%2Forders";
    wm.stubFor(get(urlPathEqualTo(project + "/merge_requests")).withQueryParam("updated_after", matching("2026-11-25T06:00:00Z"))
        .willReturn(okJson(text("gitlab/rest-merge-requests.json"))));
    wm.stubFor(get(urlPathEqualTo(project + "/merge_requests/5/discussions")).willReturn(okJson(text("gitlab/rest-discussions.json"))));
    wm.stubFor(get(urlPathEqualTo(project + "/merge_requests/5/pipelines")).willReturn(okJson(text("gitlab/rest-pipelines.json"))));
    wm.stubFor(get(urlPathEqualTo(project + "/pipelines/7/jobs")).willReturn(okJson(text("gitlab/rest-pipeline-jobs.json"))));
    wm.stubFor(get(project + "/jobs/381/trace").willReturn(ok("[ERROR] OrderServiceTest.rejectsNull:31\n")));
    PullRequestPoller poller = poller("git@gitlab.acme.example:acme/orders.git");

    assertThat(poller.tick()).isEqualTo(3);
    assertThat(poller.tick()).isZero();

    List<PullRequestEvent> events = sink.events();
    assertThat(events).extracting(PullRequestEvent::getItemKey).containsExactly("gitlab:note:1244", "gitlab:note:1251", "gitlab:pipeline:7:failed");
    assertThat(events.get(0).getType()).isEqualTo(PullRequestEventType.REVIEW_COMMENT);
    assertThat(events.get(0).getThreadId()).isEqualTo("6a9c1750b37d513a43987b574953fceb50b03ce7");
    assertThat(events.get(0).getLine()).isEqualTo(14);
    assertThat(events.get(1).getType()).isEqualTo(PullRequestEventType.COMMENT);
    assertThat(events.get(2).getLogExcerpt()).isEqualTo("== job unit-tests (381) ==\n[ERROR] OrderServiceTest.rejectsNull:31");
    assertThat(events).allSatisfy(e -> assertThat(e.getDeliveryId()).isEqualTo("poll:" + e.getItemKey()));

    // the webhook's keys for the same note and pipeline
    ListSink hooks = new ListSink();
    PullRequestIntake webhooks = intake(wm.baseUrl(), env(), hooks);
    wm.stubFor(get("/api/v4/projects/15/merge_requests/5").willReturn(okJson(text("gitlab/rest-merge-request.json"))));
    wm.stubFor(get("/api/v4/projects/15/jobs/381/trace").willReturn(ok("x")));
    webhooks.receive(CodeHostKind.GITLAB, gitlab("Note Hook", "g-1"), bytes(json("gitlab/note.diff.json")));
    webhooks.receive(CodeHostKind.GITLAB, gitlab("Pipeline Hook", "g-2"), bytes(json("gitlab/pipeline.failed.json")));
    assertThat(hooks.events()).extracting(PullRequestEvent::getItemKey).containsExactly("gitlab:note:1244", "gitlab:pipeline:7:failed");
    assertThat(hooks.events().get(0).getThreadId()).isEqualTo(events.get(0).getThreadId());
  }

  @Test
  void aRepositoryOnNoConfiguredHostIsSkippedAndTheOthersArePolled() {
    stubGitHub();
    PullRequestPoller poller = new PullRequestPoller(List.of("https://bitbucket.org/acme/orders.git", "https://github.com/acme/orders.git"),
        apis(wm.baseUrl(), env()), intake, clock(), Duration.ofHours(24));

    assertThat(poller.tick()).isEqualTo(4);
  }
}

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

/** GitLab deliveries through {@link PullRequestIntake}: merge request, note and pipeline hooks, the REST API on WireMock. */
class GitLabWebhookTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(WireMockConfiguration.options().dynamicPort()).build();

  ListSink sink;
  Map<String, String> env;
  PullRequestIntake intake;

  @BeforeEach
  void setUp() {
    wm.stubFor(get("/api/v4/projects/15/merge_requests/5").willReturn(okJson(text("gitlab/rest-merge-request.json"))));
    sink = new ListSink();
    env = new HashMap<>(env());
    intake = intake(wm.baseUrl(), env, sink);
  }

  Outcome deliver(String event, String delivery, Object payload) {
    return intake.receive(CodeHostKind.GITLAB, gitlab(event, delivery), bytes(payload));
  }

  PullRequestEvent only() {
    assertThat(sink.sent).hasSize(1);
    assertThat(sink.sent.get(0).getKey()).isEqualTo("ORD-42");
    return sink.sent.get(0).getValue();
  }

  @Test
  void aMergeIsMergedForTheTaskInTheDescription() {
    deliver("Merge Request Hook", "u-1", json("gitlab/merge_request.merge.json"));

    PullRequestEvent e = only();
    assertThat(e.getType()).isEqualTo(PullRequestEventType.MERGED);
    assertThat(e.getItemKey()).isEqualTo("gitlab:mr:5:merged");
    assertThat(e.getHost()).isEqualTo(CodeHostKind.GITLAB);
    assertThat(e.getDeliveryId()).isEqualTo("u-1");
    assertThat(e.getRepository()).isEqualTo("acme/orders");
    assertThat(e.getNumber()).isEqualTo(5);
    assertThat(e.getUrl()).isEqualTo("https://gitlab.acme.example/acme/orders/-/merge_requests/5");
    assertThat(e.getBranch()).isEqualTo("agentline/ORD-42-validate-order-input");
    assertThat(e.getActor()).isEqualTo("ada");
    assertThat(e.getHappenedAt()).isEqualTo(Instant.parse("2026-11-26T05:50:12Z"));
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void closeReopenApprovedAndAPushMapToTheirTypes() {
    for (String action : new String[] {"close", "reopen", "approved"}) {
      ObjectNode payload = json("gitlab/merge_request.merge.json");
      ((ObjectNode) payload.get("object_attributes")).put("action", action);
      deliver("Merge Request Hook", "u-" + action, payload);
    }
    deliver("Merge Request Hook", "u-push", json("gitlab/merge_request.update.json"));

    assertThat(sink.events()).extracting(PullRequestEvent::getType).containsExactly(PullRequestEventType.CLOSED,
        PullRequestEventType.REOPENED, PullRequestEventType.REVIEW_SUBMITTED, PullRequestEventType.PUSHED);
    assertThat(sink.events().get(2).getReviewState()).isEqualTo(ReviewState.APPROVED);
    assertThat(sink.events().get(3).getItemKey()).isEqualTo("gitlab:push:5:da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
    assertThat(sink.events().get(3).getHeadCommit()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
  }

  @Test
  void anUpdateWithoutNewCommitsIsIgnored() {
    ObjectNode payload = json("gitlab/merge_request.update.json");
    ((ObjectNode) payload.get("object_attributes")).remove("oldrev");

    assertThat(deliver("Merge Request Hook", "u-2", payload)).isEqualTo(new Outcome.Ignored("merge request action update is not used"));
  }

  @Test
  void aDiffNoteIsAReviewCommentInItsDiscussion() {
    deliver("Note Hook", "u-3", json("gitlab/note.diff.json"));

    PullRequestEvent e = only();
    assertThat(e.getType()).isEqualTo(PullRequestEventType.REVIEW_COMMENT);
    assertThat(e.getItemKey()).isEqualTo("gitlab:note:1244");
    assertThat(e.getPath()).isEqualTo("src/main/java/com/acme/orders/OrderService.java");
    assertThat(e.getLine()).isEqualTo(14);
    assertThat(e.getThreadId()).isEqualTo("6a9c1750b37d513a43987b574953fceb50b03ce7");
    assertThat(e.getCommentId()).isEqualTo("1244");
    assertThat(e.getBody()).isEqualTo("What happens when `request` is null here?");
    assertThat(e.getHappenedAt()).isEqualTo(Instant.parse("2026-11-26T05:41:40Z"));
  }

  @Test
  void aNoteWithoutPositionIsAComment_andOneOnAnIssueOrOurReplyIsIgnored() {
    ObjectNode plain = json("gitlab/note.diff.json");
    ObjectNode attrs = (ObjectNode) plain.get("object_attributes");
    attrs.remove("position");
    attrs.put("type", (String) null).put("note", "@agentline please add a test");
    deliver("Note Hook", "u-4", plain);
    assertThat(only().getType()).isEqualTo(PullRequestEventType.COMMENT);
    assertThat(only().getPath()).isNull();

    ObjectNode onIssue = json("gitlab/note.diff.json");
    ((ObjectNode) onIssue.get("object_attributes")).put("noteable_type", "Issue");
    assertThat(deliver("Note Hook", "u-5", onIssue)).isEqualTo(new Outcome.Ignored("note on a Issue, not on a merge request"));

    ObjectNode reply = json("gitlab/note.diff.json");
    ((ObjectNode) reply.get("object_attributes")).put("note", "<!-- agentline-reply: gitlab:note:1244 -->\nNow rejected with a message.");
    assertThat(deliver("Note Hook", "u-6", reply)).isEqualTo(new Outcome.Ignored("a reply agentline posted"));
    assertThat(sink.sent).hasSize(1);
  }

  @Test
  void aFailedPipelineReadsTheMergeRequestAndTheFailedJobsTrace() {
    wm.stubFor(get("/api/v4/projects/15/jobs/381/trace").willReturn(ok(
        "\u001B[0Ksection_start:1764135610:step_script\r\u001B[0K\u001B[0K\u001B[36;1mExecuting \"step_script\" stage\u001B[0;m\n"
            + "$ mvn -B test\n[ERROR] Tests run: 12, Failures: 1\n[ERROR] OrderServiceTest.rejectsNull:31\n"
            + "section_end:1764135930:step_script\r\u001B[0K\n\u001B[31;1mERROR: Job failed: exit code 1\n\u001B[0;m\n")));

    deliver("Pipeline Hook", "u-7", json("gitlab/pipeline.failed.json"));

    PullRequestEvent e = only();
    assertThat(e.getType()).isEqualTo(PullRequestEventType.CI_COMPLETED);
    assertThat(e.getItemKey()).isEqualTo("gitlab:pipeline:7:failed");
    assertThat(e.getCiConclusion()).isEqualTo(CiConclusion.FAILURE);
    assertThat(e.getCiUrl()).isEqualTo("https://gitlab.acme.example/acme/orders/-/pipelines/7");
    assertThat(e.getHeadCommit()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
    assertThat(e.getLogExcerpt()).isEqualTo("== job unit-tests (381) ==\nExecuting \"step_script\" stage\n$ mvn -B test\n"
        + "[ERROR] Tests run: 12, Failures: 1\n[ERROR] OrderServiceTest.rejectsNull:31\n\nERROR: Job failed: exit code 1");
    wm.verify(getRequestedFor(urlEqualTo("/api/v4/projects/15/merge_requests/5")).withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
  }

  @Test
  void pipelineStatusesMapAndUnfinishedOnesAreIgnored() {
    Map<String, CiConclusion> finished = Map.of("success", CiConclusion.SUCCESS, "canceled", CiConclusion.CANCELLED, "skipped", CiConclusion.SKIPPED);
    finished.forEach((status, conclusion) -> {
      ObjectNode payload = json("gitlab/pipeline.failed.json");
      ((ObjectNode) payload.get("object_attributes")).put("status", status);
      deliver("Pipeline Hook", "u-" + status, payload);
      assertThat(sink.events().get(sink.sent.size() - 1).getCiConclusion()).isEqualTo(conclusion);
      assertThat(sink.events().get(sink.sent.size() - 1).getLogExcerpt()).isNull();
    });
    ObjectNode running = json("gitlab/pipeline.failed.json");
    ((ObjectNode) running.get("object_attributes")).put("status", "running");
    assertThat(deliver("Pipeline Hook", "u-running", running)).isEqualTo(new Outcome.Ignored("pipeline status running is not a finished one"));
    ObjectNode branchOnly = json("gitlab/pipeline.failed.json");
    branchOnly.putNull("merge_request");
    assertThat(deliver("Pipeline Hook", "u-branch", branchOnly)).isEqualTo(new Outcome.Ignored("pipeline 7 is not on a merge request"));
  }

  @Test
  void aTraceThatCannotBeReadIsANote() {
    wm.stubFor(get("/api/v4/projects/15/jobs/381/trace").willReturn(aResponse().withStatus(404)));
    deliver("Pipeline Hook", "u-8", json("gitlab/pipeline.failed.json"));

    assertThat(only().getLogExcerpt()).startsWith("== job unit-tests (381) ==\n(the job's log could not be read: ").contains("404");
  }

  @Test
  void aWrongOrMissingTokenAndAMissingSecretAreRefused() {
    byte[] body = bytes(json("gitlab/note.diff.json"));
    Map<String, String> headers = new HashMap<>(gitlab("Note Hook", "u-9"));
    headers.put("X-Gitlab-Token", "guess");
    assertThat(intake.receive(CodeHostKind.GITLAB, headers, body)).isInstanceOf(Outcome.Unauthorized.class);
    headers.remove("X-Gitlab-Token");
    assertThat(intake.receive(CodeHostKind.GITLAB, headers, body)).isInstanceOf(Outcome.Unauthorized.class);
    env.remove("GITLAB_WEBHOOK_SECRET");
    Outcome unconfigured = intake.receive(CodeHostKind.GITLAB, gitlab("Note Hook", "u-9"), body);
    assertThat(((Outcome.Unauthorized) unconfigured).reason()).contains("GITLAB_WEBHOOK_SECRET").contains("not configured");
    assertThat(sink.sent).isEmpty();
  }

  @Test
  void aMergeRequestWithoutItsIidIsInvalidNamingTheField() {
    ObjectNode payload = json("gitlab/merge_request.merge.json");
    ((ObjectNode) payload.get("object_attributes")).remove("iid");

    assertThat(deliver("Merge Request Hook", "u-10", payload)).extracting(o -> ((Outcome.Invalid) o).field()).isEqualTo("object_attributes.iid");
  }

  @Test
  void aDuplicateDeliveryAndAMergeRequestThatIsNotAgentlinesAreIgnored() {
    deliver("Note Hook", "u-11", json("gitlab/note.diff.json"));
    assertThat(deliver("Note Hook", "u-11", json("gitlab/note.diff.json"))).isEqualTo(new Outcome.Ignored("delivery u-11 was handled already"));
    ObjectNode human = json("gitlab/note.diff.json");
    ((ObjectNode) human.get("merge_request")).put("description", "mine").put("source_branch", "feature/z");
    assertThat(deliver("Note Hook", "u-12", human)).isInstanceOf(Outcome.Ignored.class);
    assertThat(sink.sent).hasSize(1);
  }
}

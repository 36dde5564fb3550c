package dev.agentline.planner.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.Meta;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteBackTest {
  static JiraProperties properties(Map<String, String> transitions) {
    return new JiraProperties(true, URI.create("https://example.atlassian.net"), "bot@example.com", "token", "s3cret", "agentline",
        "labels = agentline", null, "http://localhost:8084/console/#/tasks/{taskId}",
        new JiraProperties.Mapping(null, null, null, null, null), transitions, new JiraProperties.Http(5, java.time.Duration.ofMillis(10),
            java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(5)), "g");
  }

  final WriteBack writeBack = new WriteBack(properties(Map.of("pr-opened", "In Review")));

  static TaskEvent event(String taskId, TaskEventType type, TaskStatus status, String message) {
    return TaskEvent.newBuilder().setMeta(Meta.of(taskId, null, "planner")).setType(type).setStatus(status).setMessage(message).build();
  }

  @Test
  void aPlanAwaitingApprovalIsCommentedWithTheConsoleLink() {
    var reaction = writeBack.on(event("jira-CALC-7", TaskEventType.APPROVAL_REQUESTED, TaskStatus.AWAITING_APPROVAL,
        "plan v1 needs approval (always); expires 2026-11-26T10:00:00Z")).orElseThrow();

    assertThat(reaction.issueKey()).isEqualTo("CALC-7");
    assertThat(reaction.commentText()).isEqualTo("agentline: The plan for this issue awaits approval — plan v1 needs approval (always); expires 2026-11-26T10:00:00Z\n"
        + "Review, approve or reject it in the console: http://localhost:8084/console/#/tasks/jira-CALC-7");
    assertThat(reaction.transition()).isEmpty();
    assertThat(reaction.comment().toString()).contains("\"href\":\"http://localhost:8084/console/#/tasks/jira-CALC-7\"");
  }

  @Test
  void anOpenedPullRequestIsCommentedWithItsUrlAndMovesTheIssue() {
    TaskEvent opened = event("jira-CALC-7", TaskEventType.PR_OPENED, TaskStatus.PR_OPENED, "branch pushed");
    opened.setPullRequest(PullRequest.newBuilder().setBranch("agentline/CALC-7-fix-add").setTitle("Fix add").setBody("...")
        .setUrl("https://git.example.com/calc/pull/12").build());

    var reaction = writeBack.on(opened).orElseThrow();

    assertThat(reaction.commentText()).startsWith("agentline opened a pull request: https://git.example.com/calc/pull/12\nBranch agentline/CALC-7-fix-add.");
    assertThat(reaction.transition()).contains("In Review");
  }

  @Test
  void aFailedTaskIsCommentedWithItsReason() {
    TaskEvent failed = event("jira-CALC-7", TaskEventType.STATE_CHANGED, TaskStatus.FAILED, "tests still fail after 2 attempts");
    failed.setReason(FailureReason.ATTEMPT_LIMIT);

    assertThat(writeBack.on(failed).orElseThrow().commentText())
        .startsWith("agentline could not finish this issue (ATTEMPT_LIMIT): tests still fail after 2 attempts");
  }

  @Test
  void aSecretInTheMessageOrALinkIsRedactedBeforeItReachesTheIssue() {
    TaskEvent failed = event("jira-CALC-7", TaskEventType.STATE_CHANGED, TaskStatus.FAILED,
        "the tool runner refused the test command: DB_PASSWORD=hunter2-9f ./gradlew test is not allowed");
    TaskEvent opened = event("jira-CALC-7", TaskEventType.PR_OPENED, TaskStatus.PR_OPENED, "branch pushed");
    opened.setPullRequest(PullRequest.newBuilder().setBranch("agentline/CALC-7").setTitle("t").setBody("b")
        .setUrl("https://bot:ghp_abcdefghijklmnopqrstuvwxyz0123456789@git.example.com/calc/pull/12").build());

    var refused = writeBack.on(failed).orElseThrow();
    var pullRequest = writeBack.on(opened).orElseThrow();

    assertThat(refused.commentText()).contains("DB_PASSWORD=[REDACTED:secret-assignment] ./gradlew test is not allowed")
        .doesNotContain("hunter2");
    assertThat(refused.comment().toString()).doesNotContain("hunter2");
    assertThat(pullRequest.commentText()).startsWith("agentline opened a pull request: https://bot:***@git.example.com/calc/pull/12");
    assertThat(pullRequest.comment().toString()).doesNotContain("ghp_").contains("\"href\":\"https://bot:***@git.example.com/calc/pull/12\"");
  }

  @Test
  void tasksNotFromJiraAndOtherEventsAreLeftAlone() {
    assertThat(writeBack.on(event("t-1234abcd", TaskEventType.APPROVAL_REQUESTED, TaskStatus.AWAITING_APPROVAL, "plan v1"))).isEmpty();
    assertThat(writeBack.on(event("jira-CALC-7", TaskEventType.STEP_STARTED, TaskStatus.EXECUTING, "step 1"))).isEmpty();
    assertThat(writeBack.on(event("jira-CALC-7", TaskEventType.STATE_CHANGED, TaskStatus.DONE, "done"))).isEmpty();
  }

  @Test
  void anUnknownTransitionEventIsRefusedNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> properties(Map.of("merged", "Done")))
        .hasMessageContaining("agentline.jira.transitions.merged is not one of [awaiting-approval, pr-opened, failed]");
  }
}

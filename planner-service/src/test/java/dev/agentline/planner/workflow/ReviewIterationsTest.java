package dev.agentline.planner.workflow;

import static dev.agentline.planner.workflow.WorkflowRun.success;
import static dev.agentline.planner.workflow.WorkflowRun.toolResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.Budget;
import dev.agentline.schemas.CiConclusion;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.ReviewState;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** After the pull request opens: review feedback, CI runs, iterations, takeover and handback, merge and close. */
class ReviewIterationsTest {
  static final Guardrails LIMITS = new Guardrails(5, 2, Duration.ofMinutes(30), 60);

  static WorkflowRun run(ReviewPolicy review) {
    return new WorkflowRun(new TaskWorkflow(GuardrailPolicy.of(LIMITS), ApprovalPolicy.NEVER, CallCosts.free(100), null,
        TaskWorkflow.DEFAULT_TIMELINE_URL, review));
  }

  static WorkflowRun opened() {
    WorkflowRun run = run(ReviewPolicy.DEFAULT).runToEnd();
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    return run;
  }

  static List<TaskEvent> events(WorkflowRun run, TaskEventType type) {
    return run.events().stream().filter(e -> e.getType() == type).toList();
  }

  static List<ToolRequest> tools(WorkflowRun run, ToolName tool) {
    return run.toolRequests().stream().filter(r -> r.getTool() == tool).toList();
  }

  @Test
  void aRequestForChangesStartsAnIterationThatUpdatesTheSameBranchAndAnswersEachComment() {
    WorkflowRun run = opened();
    String branch = run.state.getBranch();
    run.pullRequest(run.prEvent(PullRequestEventType.REVIEW_COMMENT, "github:review-comment:11", "maya").setBody("please also handle null input")
        .setPath("src/Calculator.java").setLine(3).setCommentId("11").setThreadId("11").build());
    assertThat(run.state.getStatus()).as("a line comment alone waits for the review").isEqualTo(TaskStatus.DONE);
    assertThat(run.state.getPendingFeedback()).hasSize(1);

    run.pullRequest(run.prEvent(PullRequestEventType.REVIEW_SUBMITTED, "github:review:5", "maya").setReviewState(ReviewState.CHANGES_REQUESTED)
        .setBody("one thing").setCommentId("5").build());

    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    assertThat(run.state.getIteration()).isEqualTo(2);
    assertThat(run.state.getPendingFeedback()).isEmpty();
    assertThat(run.state.getIterationFeedback()).as("answered, so cleared").isEmpty();
    ToolRequest prepare = tools(run, ToolName.PREPARE_WORKSPACE).get(1);
    assertThat(prepare.getFromRemoteBranch()).isTrue();
    assertThat(prepare.getRequestId()).endsWith("/i2");
    StepRequest plan = run.stepRequests().stream().filter(r -> r.getKind() == StepKind.PLAN && r.getIteration() == 2).findFirst().orElseThrow();
    assertThat(plan.getReviewFeedback()).extracting(f -> f.getBody()).containsExactly("please also handle null input", "one thing");
    assertThat(plan.getDiff()).as("the branch so far").contains("+a + b");
    ToolRequest iterationDiff = tools(run, ToolName.DIFF).stream().filter(d -> d.getRequestId().contains("/summary/")).findFirst().orElseThrow();
    assertThat(iterationDiff.getDiffBase()).as("from where the iteration started").isEqualTo("remote-head");
    StepRequest summary = run.stepRequests().stream().filter(r -> r.getKind() == StepKind.SUMMARIZE && r.getIteration() == 2).findFirst().orElseThrow();
    assertThat(summary.getDiff()).isNotBlank();
    assertThat(summary.getReviewFeedback()).hasSize(2);
    ToolRequest update = tools(run, ToolName.OPEN_PR).get(1);
    assertThat(update.getBranch()).isEqualTo(branch);
    assertThat(update.getBody()).contains("## Iteration 2").endsWith(PullRequestBody.marker(WorkflowRun.TASK) + "\n");
    ToolRequest reply = tools(run, ToolName.REPLY_COMMENTS).get(0);
    assertThat(reply.getPullRequestUrl()).isEqualTo(run.state.getPullRequest().getUrl());
    assertThat(reply.getReplies()).extracting(r -> r.getTo().getKey()).containsExactly("github:review-comment:11", "github:review:5");
    assertThat(reply.getReplies().get(0).getBody()).startsWith("Done in ").contains("Fixed add.");
    assertThat(reply.getReplies().get(0).getResolve()).isTrue();
    assertThat(events(run, TaskEventType.PR_UPDATED)).singleElement().satisfies(e -> assertThat(e.getIteration()).isEqualTo(2));
    assertThat(events(run, TaskEventType.PR_OPENED)).hasSize(1);
    assertThat(events(run, TaskEventType.COMMENTS_REPLIED)).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("answered 2"));
    assertThat(events(run, TaskEventType.ITERATION_STARTED)).singleElement().satisfies(e -> assertThat(e.getIteration()).isEqualTo(2));
  }

  @Test
  void aPlainCommentIsRecordedAndOnlyAMentionOfTheTriggerStartsWork() {
    WorkflowRun run = opened();
    run.pullRequest(run.prEvent(PullRequestEventType.COMMENT, "github:comment:1", "maya").setBody("nice work, mail me at a@agentline.dev").setCommentId("1").build());
    assertThat(run.state.getIteration()).isEqualTo(1);
    assertThat(run.state.getPendingFeedback()).isEmpty();
    assertThat(events(run, TaskEventType.PR_ACTIVITY)).singleElement().satisfies(e -> {
      assertThat(e.getPrItemKey()).isEqualTo("github:comment:1");
      assertThat(e.getActor()).isEqualTo("maya");
    });

    run.pullRequest(run.prEvent(PullRequestEventType.COMMENT, "github:comment:2", "maya").setBody("@agentline please also handle null input")
        .setCommentId("2").build());
    assertThat(run.state.getIteration()).isEqualTo(2);
    assertThat(tools(run, ToolName.REPLY_COMMENTS)).singleElement()
        .satisfies(r -> assertThat(r.getReplies()).extracting(x -> x.getTo().getCommentId()).containsExactly("2"));
  }

  @Test
  void theSameThingDeliveredTwiceHasOneEffect() {
    WorkflowRun run = opened();
    var review = run.prEvent(PullRequestEventType.REVIEW_SUBMITTED, "github:review:9", "maya").setReviewState(ReviewState.CHANGES_REQUESTED)
        .setBody("rename it").setCommentId("9").build();
    run.pullRequest(review);
    int requests = run.requests.size();
    var again = run.prEvent(PullRequestEventType.REVIEW_SUBMITTED, "github:review:9", "maya").setReviewState(ReviewState.CHANGES_REQUESTED)
        .setBody("rename it").setDeliveryId("poll:github:review:9").setVia("poll").build();
    run.pullRequest(again);
    assertThat(run.requests).hasSize(requests);
    assertThat(run.state.getIteration()).isEqualTo(2);
    assertThat(run.events().get(run.events().size() - 1).getType()).isEqualTo(TaskEventType.INPUT_IGNORED);
  }

  @Test
  void iterationsAreCappedAndFeedbackBeyondTheCapWaitsForAPerson() {
    WorkflowRun run = run(new ReviewPolicy("@agentline", 1, 1)).runToEnd();
    run.pullRequest(run.prEvent(PullRequestEventType.COMMENT, "github:comment:1", "maya").setBody("@agentline add a test").setCommentId("1").build());
    assertThat(run.state.getIteration()).isEqualTo(2);
    int requests = run.requests.size();
    run.pullRequest(run.prEvent(PullRequestEventType.COMMENT, "github:comment:2", "maya").setBody("@agentline and another").setCommentId("2").build());
    assertThat(run.requests).hasSize(requests);
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    assertThat(run.state.getPendingFeedback()).extracting(f -> f.getKey()).containsExactly("github:comment:2");
    assertThat(events(run, TaskEventType.GUARDRAIL_HIT)).singleElement()
        .satisfies(e -> assertThat(e.getReason()).isEqualTo(FailureReason.ITERATION_LIMIT));
  }

  @Test
  void aFailedCiRunOnTheHeadStartsOneFixIterationWithTheLogExcerpt() {
    WorkflowRun run = opened();
    String head = run.state.getPullRequest().getHeadCommit();
    run.pullRequest(run.prEvent(PullRequestEventType.CI_COMPLETED, "github:check-run:1", "github-actions").setCiName("build")
        .setCiConclusion(CiConclusion.FAILURE).setHeadCommit("0ld0ld0").setLogExcerpt("old failure").build());
    assertThat(run.state.getIteration()).as("not the head: recorded only").isEqualTo(1);

    run.pullRequest(run.prEvent(PullRequestEventType.CI_COMPLETED, "github:check-run:2", "github-actions").setCiName("build")
        .setCiConclusion(CiConclusion.FAILURE).setHeadCommit(head).setCiUrl("https://ci/2")
        .setLogExcerpt("[ERROR] CalculatorTest.nulls:12 NullPointerException").build());
    assertThat(events(run, TaskEventType.CI_FAILED)).hasSize(1);
    assertThat(run.state.getIteration()).isEqualTo(2);
    StepRequest plan = run.stepRequests().stream().filter(r -> r.getKind() == StepKind.PLAN && r.getIteration() == 2).findFirst().orElseThrow();
    assertThat(plan.getReviewFeedback()).singleElement().satisfies(f -> {
      assertThat(f.getType()).isEqualTo(PullRequestEventType.CI_COMPLETED);
      assertThat(f.getBody()).contains("build failed (https://ci/2)").contains("NullPointerException");
    });

    String newHead = run.state.getPullRequest().getHeadCommit();
    int requests = run.requests.size();
    run.pullRequest(run.prEvent(PullRequestEventType.CI_COMPLETED, "github:check-run:3", "github-actions").setCiName("build")
        .setCiConclusion(CiConclusion.FAILURE).setHeadCommit(newHead).build());
    assertThat(run.requests).as("ci-fix-iterations 1 is used").hasSize(requests);
    run.pullRequest(run.prEvent(PullRequestEventType.CI_COMPLETED, "github:check-run:4", "github-actions").setCiName("build")
        .setCiConclusion(CiConclusion.SUCCESS).setHeadCommit(newHead).build());
    assertThat(events(run, TaskEventType.CI_PASSED)).hasSize(1);
  }

  @Test
  void aMergeEndsTheTaskAndNothingReopensIt() {
    WorkflowRun run = opened();
    run.pullRequest(run.prEvent(PullRequestEventType.MERGED, "github:pr:7:merged", "lee").build());
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.MERGED);
    assertThat(events(run, TaskEventType.PR_MERGED)).singleElement().satisfies(e -> assertThat(e.getActor()).isEqualTo("lee"));
    int requests = run.requests.size();
    run.pullRequest(run.prEvent(PullRequestEventType.COMMENT, "github:comment:3", "maya").setBody("@agentline one more").setCommentId("3").build());
    run.pullRequest(run.prEvent(PullRequestEventType.CLOSED, "github:pr:7:closed", "lee").build());
    assertThat(run.requests).hasSize(requests);
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.MERGED);
  }

  @Test
  void aClosedPullRequestEndsTheTaskUntilItIsReopened() {
    WorkflowRun run = opened();
    run.pullRequest(run.prEvent(PullRequestEventType.CLOSED, "github:pr:7:closed:1", "lee").build());
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.CLOSED);
    run.pullRequest(run.prEvent(PullRequestEventType.REOPENED, "github:pr:7:reopened:1", "lee").build());
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
  }

  @Test
  void aTakeoverStopsTheAgentsMidStepAndAHandbackResumesFromTheRemoteBranch() {
    WorkflowRun run = run(ReviewPolicy.DEFAULT);
    run.responder = r -> r instanceof StepRequest s && s.getKind() == StepKind.EXECUTE ? null : success(r);
    run.runToEnd();
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.EXECUTING);
    StepRequest inFlight = (StepRequest) run.requests.get(run.requests.size() - 1);

    run.command(CommandType.TAKEOVER, "lee", null, "I will finish this by hand");
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.TAKEN_OVER);
    assertThat(run.state.getTakenOverBy()).isEqualTo("lee");
    assertThat(run.state.getPendingRequestId()).isNull();
    assertThat(events(run, TaskEventType.TAKEN_OVER)).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("I will finish this by hand"));

    var late = run.apply(new TaskInput.StepAnswered(WorkflowRun.stepResult(inFlight, true, null).build()));
    assertThat(WorkflowRun.lastRequest(late)).as("the answer in flight is stale").isNull();
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.TAKEN_OVER);

    run.command(CommandType.TAKEOVER, "maya", null, null);
    assertThat(events(run, TaskEventType.COMMAND_REFUSED)).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("lee"));

    run.responder = WorkflowRun::success;
    run.command(CommandType.HANDBACK, "lee", null, "tests are yours");
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    assertThat(run.state.getIteration()).isEqualTo(2);
    assertThat(tools(run, ToolName.PREPARE_WORKSPACE).get(1).getFromRemoteBranch()).isTrue();
    StepRequest plan = run.stepRequests().stream().filter(r -> r.getKind() == StepKind.PLAN && r.getIteration() == 2).findFirst().orElseThrow();
    assertThat(plan.getReviewFeedback()).singleElement().satisfies(f -> assertThat(f.getBody()).contains("handed back by lee").contains("tests are yours"));
    assertThat(events(run, TaskEventType.PR_OPENED)).as("no pull request before the takeover: the iteration opens it").hasSize(1);
    assertThat(tools(run, ToolName.REPLY_COMMENTS)).as("a command has no comment to answer").isEmpty();
  }

  @Test
  void aCommentCanTakeTheBranchOverAndHandItBack() {
    WorkflowRun run = opened();
    run.pullRequest(run.prEvent(PullRequestEventType.COMMENT, "github:comment:20", "lee").setBody("@agentline takeover").setCommentId("20").build());
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.TAKEN_OVER);
    run.pullRequest(run.prEvent(PullRequestEventType.REVIEW_COMMENT, "github:review-comment:21", "maya").setBody("typo here")
        .setPath("src/Calculator.java").setLine(1).setCommentId("21").build());
    assertThat(run.state.getPendingFeedback()).as("kept while a person has the branch").hasSize(1);
    run.pullRequest(run.prEvent(PullRequestEventType.COMMENT, "github:comment:22", "lee").setBody("@agentline handback: fix the typo too")
        .setCommentId("22").build());
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    assertThat(run.state.getIteration()).isEqualTo(2);
    assertThat(tools(run, ToolName.REPLY_COMMENTS)).singleElement().satisfies(r -> assertThat(r.getReplies())
        .extracting(x -> x.getTo().getCommentId()).containsExactlyInAnyOrder("21", "22"));
  }

  @Test
  void aHandbackBeyondTheIterationCapIsRefusedAndTheBranchStaysWithThePerson() {
    WorkflowRun run = run(new ReviewPolicy("@agentline", 0, 0)).runToEnd();
    run.command(CommandType.TAKEOVER, "lee", null, null);
    run.command(CommandType.HANDBACK, "lee", null, null);
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.TAKEN_OVER);
    assertThat(events(run, TaskEventType.COMMAND_REFUSED)).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("the limit (max-iterations)").contains("stays with lee"));
  }

  @Test
  void aHandbackOfATaskNoOneTookOverIsRefused() {
    WorkflowRun run = opened();
    run.command(CommandType.HANDBACK, "lee", null, null);
    assertThat(events(run, TaskEventType.COMMAND_REFUSED)).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("not taken over"));
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
  }

  @Test
  void aFailedIterationLeavesThePullRequestAsItWasAndSaysWhyOnTheComments() {
    WorkflowRun run = opened();
    run.responder = r -> {
      if (r instanceof ToolRequest t && t.getTool() == ToolName.RUN_TESTS && t.getRequestId().endsWith("/i2")) {
        return toolResult(t, true, null).setTests(WorkflowRun.tests(false)).build();
      }
      return success(r);
    };
    run.pullRequest(run.prEvent(PullRequestEventType.COMMENT, "github:comment:30", "maya").setBody("@agentline handle null").setCommentId("30").build());
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    assertThat(tools(run, ToolName.OPEN_PR)).as("nothing pushed in iteration 2").hasSize(1);
    assertThat(tools(run, ToolName.REPLY_COMMENTS)).singleElement()
        .satisfies(r -> assertThat(r.getReplies().get(0).getBody()).startsWith("I could not address this in iteration 2").contains("takeover"));
    TaskEvent last = run.events().get(run.events().size() - 1);
    assertThat(last.getStatus()).isEqualTo(TaskStatus.DONE);
    assertThat(last.getMessage()).contains("iteration 2 stopped").contains("pull request is unchanged");
  }

  @Test
  void eachIterationHasTheWholeBudgetAgain() {
    WorkflowRun run = run(ReviewPolicy.DEFAULT);
    run.budget = new Budget(5000L, null);
    run.runToEnd();
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    // say the first iteration spent most of the budget: the next call's worst case would not fit on top of it
    run.state.getSpend().get(0).setInputTokens(4500L);
    run.pullRequest(run.prEvent(PullRequestEventType.COMMENT, "github:comment:40", "maya").setBody("@agentline rename add").setCommentId("40").build());
    assertThat(run.state.getIteration()).isEqualTo(2);
    assertThat(run.state.getIterationStartTokens()).isGreaterThanOrEqualTo(4500L);
    assertThat(events(run, TaskEventType.GUARDRAIL_HIT)).isEmpty();
    assertThat(events(run, TaskEventType.PR_UPDATED)).hasSize(1);
  }

  @Test
  void theTriggerIsAMentionNotPartOfAnotherWord() {
    ReviewPolicy policy = ReviewPolicy.DEFAULT;
    assertThat(policy.mentions("@agentline please")).isTrue();
    assertThat(policy.mentions("thanks @AgentLine!")).isTrue();
    assertThat(policy.mentions("ping @agentline-bot")).isFalse();
    assertThat(policy.mentions("mail bob@agentline.dev")).isFalse();
    assertThat(policy.mentions("@agentlines")).isFalse();
  }

  @Test
  void aResultFromTheFirstIterationArrivingDuringTheSecondIsStale() {
    WorkflowRun run = opened();
    ToolRequest firstPrepare = tools(run, ToolName.PREPARE_WORKSPACE).get(0);
    run.responder = r -> null;
    run.pullRequest(run.prEvent(PullRequestEventType.COMMENT, "github:comment:50", "maya").setBody("@agentline go").setCommentId("50").build());
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.PLANNING);
    ToolResult late = success(firstPrepare) instanceof ToolResult t ? t : null;
    run.apply(new TaskInput.ToolAnswered(late));
    assertThat(events(run, TaskEventType.STALE_RESULT_IGNORED)).hasSize(1);
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.PLANNING);
  }
}

package dev.agentline.planner.workflow;

import static dev.agentline.planner.workflow.WorkflowRun.plan;
import static dev.agentline.planner.workflow.WorkflowRun.step;
import static dev.agentline.planner.workflow.WorkflowRun.stepResult;
import static dev.agentline.planner.workflow.WorkflowRun.success;
import static dev.agentline.planner.workflow.WorkflowRun.toolResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepStatus;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskWorkflowTest {

  @Test
  void aTicketGoesFromReceivedToDoneWithAPullRequest() {
    WorkflowRun run = new WorkflowRun().runToEnd();

    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    assertThat(run.events().stream().filter(e -> e.getType() == TaskEventType.STATE_CHANGED).map(TaskEvent::getStatus))
        .containsExactly(TaskStatus.RECEIVED, TaskStatus.PLANNING, TaskStatus.EXECUTING, TaskStatus.VALIDATING,
            TaskStatus.SUMMARIZING, TaskStatus.PR_OPENED, TaskStatus.DONE);
    assertThat(run.toolRequests().stream().map(ToolRequest::getTool)).containsExactly(ToolName.PREPARE_WORKSPACE,
        ToolName.GATHER_CONTEXT, ToolName.GATHER_CONTEXT, ToolName.APPLY_EDITS, ToolName.RUN_TESTS, ToolName.DIFF,
        ToolName.RUN_TESTS, ToolName.DIFF, ToolName.OPEN_PR);
    assertThat(run.stepRequests().stream().map(StepRequest::getKind)).containsExactly(StepKind.ANALYZE, StepKind.PLAN, StepKind.EXECUTE,
        StepKind.EVALUATE, StepKind.REVIEW, StepKind.SUMMARIZE);
    assertThat(run.state.getPullRequest().getBranch()).isEqualTo("agentline/t-42-fix-calculator-add");
    assertThat(run.state.getPullRequest().getBody()).contains("[timeline](http://localhost:8084/api/tasks/t-42/timeline)", "Fixed add.", "- [x] s1 (CODE_EDIT): edit s1", "tests passed",
        "## Review", "Approved: small and correct", "## Cost", "- manager: 3 call(s)", "- total: 90 tokens");
    assertThat(run.state.getLastGoodCommit()).isEqualTo("commit-t-42-s1-1-apply");
    assertThat(run.state.getPlan().getSteps().get(0).getStatus()).isEqualTo(StepStatus.DONE);
  }

  @Test
  void requestIdsNameTaskStepAndAttempt() {
    WorkflowRun run = new WorkflowRun().runToEnd();
    assertThat(run.stepRequests().stream().map(StepRequest::getRequestId)).containsExactly("t-42/analysis/1", "t-42/plan/1", "t-42/s1/1",
        "t-42/s1/1/evaluate", "t-42/review/1", "t-42/summary/1");
    assertThat(run.toolRequests().get(2).getRequestId()).isEqualTo("t-42/s1/1/context");
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("workspace cannot be prepared", failWhen(ToolName.PREPARE_WORKSPACE, 99), TaskStatus.FAILED,
            "the workspace could not be prepared: boom"),
        Arguments.of("plan unusable twice", failStep(StepKind.PLAN, 99), TaskStatus.FAILED,
            "planning failed: the manager's plan was unusable: boom (after 2 attempt(s)"),
        Arguments.of("plan unusable once", failStep(StepKind.PLAN, 1), TaskStatus.DONE, null),
        Arguments.of("edits unusable twice", failStep(StepKind.EXECUTE, 99), TaskStatus.FAILED,
            "step s1 failed: the worker's answer was unusable: boom"),
        Arguments.of("edits do not apply twice", failWhen(ToolName.APPLY_EDITS, 99), TaskStatus.FAILED,
            "step s1 failed: the edits could not be applied: boom"),
        Arguments.of("edits do not apply once", failWhen(ToolName.APPLY_EDITS, 1), TaskStatus.DONE, null),
        Arguments.of("step tests fail twice, differently", testsFailDifferently(2), TaskStatus.FAILED, "step s1 failed: the tests failed after the edits"),
        Arguments.of("step tests fail twice the same way: the manager revises once", testsFail(2), TaskStatus.DONE, null),
        Arguments.of("step tests keep failing the same way", testsFail(99), TaskStatus.FAILED, "is going round in circles"),
        Arguments.of("full test run fails", testsFailOnRun(2), TaskStatus.FAILED, "the full test run failed: tests failed (exit 1)"),
        Arguments.of("summary unusable twice", failStep(StepKind.SUMMARIZE, 99), TaskStatus.FAILED, "summary failed: boom"),
        Arguments.of("pull request cannot be opened", failWhen(ToolName.OPEN_PR, 99), TaskStatus.FAILED,
            "the pull request could not be opened: boom"),
        Arguments.of("plan over the step limit", planOf(step("a"), step("b"), step("c"), step("d"), step("e"), step("f")), TaskStatus.FAILED,
            "plan has 6 steps, more than the limit of 5"),
        Arguments.of("plan with a cycle", planOf(step("a", "b"), step("b", "a")), TaskStatus.FAILED, "dependency cycle"),
        Arguments.of("plan with an unknown dependency", planOf(step("a", "zz")), TaskStatus.FAILED, "depends on unknown step zz"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failuresEndTheTaskWithTheReasonOrRecover(String name, Function<SpecificRecordBase, SpecificRecordBase> responder,
      TaskStatus expected, String reason) {
    WorkflowRun run = new WorkflowRun();
    run.responder = responder;
    run.runToEnd();
    assertThat(run.state.getStatus()).isEqualTo(expected);
    if (reason != null) {
      assertThat(run.state.getFailureReason()).contains(reason);
      TaskEvent last = run.events().get(run.events().size() - 1);
      assertThat(last.getStatus()).isEqualTo(TaskStatus.FAILED);
      assertThat(last.getMessage()).contains(reason);
    }
  }

  @Test
  void aRetriedStepStartsFromTheLastGoodCommitWithTheFailureAsFeedback() {
    WorkflowRun run = new WorkflowRun();
    run.responder = testsFail(1);
    run.runToEnd();

    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    List<ToolRequest> applies = run.toolRequests().stream().filter(r -> r.getTool() == ToolName.APPLY_EDITS).toList();
    assertThat(applies).hasSize(2);
    assertThat(applies).allSatisfy(a -> assertThat(a.getCommit()).isEqualTo("base000"));
    StepRequest retry = run.stepRequests().stream().filter(r -> r.getKind() == StepKind.EXECUTE && r.getAttempt() == 2).findFirst().orElseThrow();
    assertThat(retry.getFeedback()).contains("tests failed", "expected 5 but was -1");
    assertThat(run.events().stream().map(TaskEvent::getType)).contains(TaskEventType.STEP_FAILED, TaskEventType.STEP_RETRIED);
  }

  @Test
  void stepsRunInDependencyOrder() {
    WorkflowRun run = new WorkflowRun();
    run.responder = planOf(step("s2", "s1"), step("s1"));
    run.runToEnd();
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    assertThat(run.stepRequests().stream().filter(r -> r.getKind() == StepKind.EXECUTE).map(StepRequest::getStepId)).containsExactly("s1", "s2");
    ToolRequest secondRead = run.toolRequests().stream().filter(r -> r.getRequestId().equals("t-42/s2/1/context")).findFirst().orElseThrow();
    assertThat(secondRead.getCommit()).isEqualTo("commit-t-42-s1-1-apply");
  }

  @Test
  void staleAnswersAreRecordedAndIgnored() {
    WorkflowRun run = new WorkflowRun();
    Decision first = run.apply(new TaskInput.Submitted(run.ticket()));
    ToolRequest prepare = (ToolRequest) WorkflowRun.lastRequest(first);
    ToolResult stale = toolResult(prepare, true, null).setRequestId("t-42/workspace/0/prepare").setCommit("x").build();
    var before = run.state;

    Decision decision = run.apply(new TaskInput.ToolAnswered(stale));

    assertThat(decision.next().getStatus()).isEqualTo(before.getStatus());
    assertThat(decision.next().getPendingRequestId()).isEqualTo(prepare.getRequestId());
    assertThat(decision.commands()).singleElement().satisfies(c -> assertThat(((TaskEvent) c).getType()).isEqualTo(TaskEventType.STALE_RESULT_IGNORED));
  }

  @Test
  void theDeadlineEndsATaskOnTheNextTick() {
    WorkflowRun run = new WorkflowRun(new Guardrails(5, 2, Duration.ofMinutes(1), 60));
    run.apply(new TaskInput.Submitted(run.ticket()));
    run.now = run.now.plusSeconds(30);
    assertThat(run.apply(new TaskInput.Tick()).commands()).isEmpty();
    run.now = run.now.plusSeconds(31);
    run.apply(new TaskInput.Tick());
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.FAILED);
    assertThat(run.state.getFailureReason()).contains("deadline exceeded");
  }

  @Test
  void aCancelledTaskIgnoresLaterAnswers() {
    WorkflowRun run = new WorkflowRun();
    Decision first = run.apply(new TaskInput.Submitted(run.ticket()));
    run.apply(new TaskInput.Command(run.command(CommandType.CANCEL)));
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(run.state.getFailureReason()).isEqualTo("cancelled by ana: not needed");

    Decision late = run.apply(new TaskInput.ToolAnswered((ToolResult) success(WorkflowRun.lastRequest(first))));
    assertThat(late.next().getStatus()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(((TaskEvent) late.commands().get(0)).getType()).isEqualTo(TaskEventType.INPUT_IGNORED);
  }

  @Test
  void theSpecsGoalConstraintsInterfacesAndWorkTypeReachEveryModelStep() {
    WorkflowRun run = new WorkflowRun();
    run.answerUntilQuiet(run.apply(new TaskInput.Submitted(TaskSubmitted.newBuilder(run.ticket()).setWorkType("bugfix")
        .setGoal("add returns the sum").setConstraints(List.of("no new dependencies"))
        .setInterfaces(List.of("Calculator.add(int, int)")).build())));

    assertThat(run.stepRequests()).hasSizeGreaterThan(2).allSatisfy(request -> {
      assertThat(request.getTicket().getWorkType()).isEqualTo("bugfix");
      assertThat(request.getTicket().getGoal()).isEqualTo("add returns the sum");
      assertThat(request.getTicket().getConstraints()).containsExactly("no new dependencies");
      assertThat(request.getTicket().getInterfaces()).containsExactly("Calculator.add(int, int)");
    });
  }

  @Test
  void aDuplicateSubmissionChangesNothing() {
    WorkflowRun run = new WorkflowRun();
    run.apply(new TaskInput.Submitted(run.ticket()));
    var state = run.state;
    Decision again = run.apply(new TaskInput.Submitted(run.ticket()));
    assertThat(again.next().getStatus()).isEqualTo(state.getStatus());
    assertThat(again.next().getPendingRequestId()).isEqualTo(state.getPendingRequestId());
    assertThat(((TaskEvent) again.commands().get(0)).getMessage()).contains("already submitted");
  }

  @Test
  void anIncompleteTicketFailsAtOnce() {
    WorkflowRun run = new WorkflowRun();
    var ticket = run.ticket();
    ticket.setTestCommand(" ");
    run.apply(new TaskInput.Submitted(ticket));
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.FAILED);
    assertThat(run.state.getFailureReason()).isEqualTo("ticket is incomplete: testCommand is blank");
  }

  @Test
  void theSameInputGivesTheSameDecision() {
    WorkflowRun a = new WorkflowRun();
    var ticket = a.ticket();
    var now = a.now;
    Decision one = a.workflow.on(null, new TaskInput.Submitted(ticket), now);
    Decision two = a.workflow.on(null, new TaskInput.Submitted(ticket), now);
    assertThat(one).isEqualTo(two);
  }

  private static Function<SpecificRecordBase, SpecificRecordBase> failWhen(ToolName tool, int times) {
    AtomicInteger failures = new AtomicInteger();
    return request -> request instanceof ToolRequest r && r.getTool() == tool && failures.getAndIncrement() < times
        ? toolResult(r, false, "boom").build()
        : success(request);
  }

  private static Function<SpecificRecordBase, SpecificRecordBase> failStep(StepKind kind, int times) {
    AtomicInteger failures = new AtomicInteger();
    return request -> request instanceof StepRequest r && r.getKind() == kind && failures.getAndIncrement() < times
        ? stepResult(r, false, "boom").build()
        : success(request);
  }

  /** The first {@code times} test runs fail. */
  private static Function<SpecificRecordBase, SpecificRecordBase> testsFail(int times) {
    AtomicInteger runs = new AtomicInteger();
    return request -> request instanceof ToolRequest r && r.getTool() == ToolName.RUN_TESTS && runs.getAndIncrement() < times
        ? toolResult(r, true, null).setTests(WorkflowRun.tests(false)).build()
        : success(request);
  }

  /** The first {@code times} test runs fail, each with another message. */
  private static Function<SpecificRecordBase, SpecificRecordBase> testsFailDifferently(int times) {
    AtomicInteger runs = new AtomicInteger();
    return request -> {
      if (request instanceof ToolRequest r && r.getTool() == ToolName.RUN_TESTS && runs.get() < times) {
        var tests = WorkflowRun.tests(false);
        tests.setOutputTail("FAIL run " + runs.incrementAndGet());
        return toolResult(r, true, null).setTests(tests).build();
      }
      return success(request);
    };
  }

  /** Only test run number {@code run} (1-based) fails. */
  private static Function<SpecificRecordBase, SpecificRecordBase> testsFailOnRun(int run) {
    AtomicInteger runs = new AtomicInteger();
    return request -> request instanceof ToolRequest r && r.getTool() == ToolName.RUN_TESTS && runs.incrementAndGet() == run
        ? toolResult(r, true, null).setTests(WorkflowRun.tests(false)).build()
        : success(request);
  }

  private static Function<SpecificRecordBase, SpecificRecordBase> planOf(PlanStep... steps) {
    return request -> request instanceof StepRequest r && r.getKind() == StepKind.PLAN
        ? stepResult(r, true, null).setPlan(plan(steps)).build()
        : success(request);
  }
}

package dev.agentline.planner.workflow;

import static dev.agentline.planner.workflow.WorkflowRun.plan;
import static dev.agentline.planner.workflow.WorkflowRun.step;
import static dev.agentline.planner.workflow.WorkflowRun.stepResult;
import static dev.agentline.planner.workflow.WorkflowRun.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.AnalysisCached;
import dev.agentline.schemas.Budget;
import dev.agentline.schemas.Evaluation;
import dev.agentline.schemas.Review;
import dev.agentline.schemas.ReviewComment;
import dev.agentline.schemas.ReviewVerdict;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.RoleSpend;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepStatus;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.Usage;
import dev.agentline.schemas.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/** Analysis, evaluation, revision, review and the budget: the model steps around the edits. */
class ModelStepsTest {

  @Test
  void theFirstAnalysisOfACommitIsPublishedForReuse() {
    WorkflowRun run = new WorkflowRun().runToEnd();
    AnalysisCached cached = run.all.stream().filter(AnalysisCached.class::isInstance).map(AnalysisCached.class::cast).findFirst().orElseThrow();
    assertThat(cached.getRepository()).isEqualTo("/repos/calc");
    assertThat(cached.getCommit()).isEqualTo("base000");
    assertThat(cached.getAnalysis()).contains("a calculator");
    StepRequest planRequest = run.stepRequests().stream().filter(r -> r.getKind() == StepKind.PLAN).findFirst().orElseThrow();
    assertThat(planRequest.getAnalysis()).contains("a calculator");
    assertThat(planRequest.getRepositoryMap()).contains("class Calculator");
  }

  @Test
  void aCachedAnalysisOfTheSameCommitIsReusedWithoutAModelCall() {
    WorkflowRun run = new WorkflowRun();
    run.cache = (repository, commit) -> repository.equals("/repos/calc") && commit.equals("base000") ? Optional.of("{\"summary\":\"cached\"}") : Optional.empty();
    run.runToEnd();
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    assertThat(run.stepRequests()).noneMatch(r -> r.getKind() == StepKind.ANALYZE);
    assertThat(run.events()).anyMatch(e -> e.getType() == TaskEventType.ANALYSIS_REUSED);
    assertThat(run.all).noneMatch(AnalysisCached.class::isInstance);
    assertThat(run.state.getAnalysis()).isEqualTo("{\"summary\":\"cached\"}");
  }

  @Test
  void theWorkerGetsTheGatheredContext() {
    WorkflowRun run = new WorkflowRun();
    run.responder = request -> request instanceof StepRequest r && r.getKind() == StepKind.PLAN
        ? stepResult(r, true, null).setPlan(plan(step("s1"))).build()
        : success(request);
    run.runToEnd();
    var gather = run.toolRequests().stream().filter(r -> r.getRequestId().equals("t-42/s1/1/context")).findFirst().orElseThrow();
    assertThat(gather.getPaths()).containsExactly("src/Calculator.java");
    StepRequest execute = run.stepRequests().stream().filter(r -> r.getKind() == StepKind.EXECUTE).findFirst().orElseThrow();
    assertThat(execute.getFiles()).hasSize(1);
    assertThat(execute.getSearchHits()).containsExactly("src/Calculator.java:1: int add");
    assertThat(execute.getAnalysis()).isNotNull();
  }

  @Test
  void aStepRunsItsTargetedTestsAndTheFullSuiteRunsAtTheEnd() {
    WorkflowRun run = new WorkflowRun();
    run.responder = request -> {
      if (request instanceof StepRequest r && r.getKind() == StepKind.PLAN) {
        var s1 = step("s1");
        s1.setTestCommand("sh run-tests.sh CalculatorTest");
        return stepResult(r, true, null).setPlan(plan(s1)).build();
      }
      return success(request);
    };
    run.runToEnd();
    assertThat(run.toolRequests().stream().filter(r -> r.getTool() == dev.agentline.schemas.ToolName.RUN_TESTS)
        .map(dev.agentline.schemas.ToolRequest::getCommand)).containsExactly("sh run-tests.sh CalculatorTest", "sh run-tests.sh");
  }

  @Test
  void theManagerEvaluatesEachStepWithItsDiffAndTests() {
    WorkflowRun run = new WorkflowRun().runToEnd();
    StepRequest evaluate = run.stepRequests().stream().filter(r -> r.getKind() == StepKind.EVALUATE).findFirst().orElseThrow();
    assertThat(evaluate.getRole()).isEqualTo(Role.MANAGER);
    assertThat(evaluate.getDiff()).contains("+a + b");
    assertThat(evaluate.getTests().getPassed()).isTrue();
    assertThat(run.events()).anyMatch(e -> e.getType() == TaskEventType.STEP_EVALUATED && e.getEvaluation().getVerdict() == Verdict.ACCEPT);
  }

  @Test
  void anEvaluationAskingForAnotherAttemptRetriesTheStepWithItsFeedback() {
    WorkflowRun run = new WorkflowRun();
    AtomicInteger evaluations = new AtomicInteger();
    run.responder = request -> request instanceof StepRequest r && r.getKind() == StepKind.EVALUATE && evaluations.getAndIncrement() == 0
        ? stepResult(r, true, null).setEvaluation(new Evaluation(Verdict.RETRY, "handle overflow too")).build()
        : success(request);
    run.runToEnd();
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    StepRequest retry = run.stepRequests().stream().filter(r -> r.getKind() == StepKind.EXECUTE && r.getAttempt() == 2).findFirst().orElseThrow();
    assertThat(retry.getFeedback()).isEqualTo("the manager asked for another attempt: handle overflow too");
  }

  @Test
  void anEvaluationAskingToReviseThePlanKeepsDoneStepsAndRunsTheNewOnes() {
    WorkflowRun run = new WorkflowRun();
    AtomicInteger evaluations = new AtomicInteger();
    run.responder = request -> {
      if (request instanceof StepRequest r && r.getKind() == StepKind.EVALUATE && evaluations.getAndIncrement() == 0) {
        return stepResult(r, true, null).setEvaluation(new Evaluation(Verdict.REVISE, "subtract needs the same fix")).build();
      }
      if (request instanceof StepRequest r && r.getKind() == StepKind.REVISE) {
        return stepResult(r, true, null).setPlan(plan(step("s1"), step("s3", "s1"))).build();
      }
      return success(request);
    };
    run.runToEnd();

    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    StepRequest revise = run.stepRequests().stream().filter(r -> r.getKind() == StepKind.REVISE).findFirst().orElseThrow();
    assertThat(revise.getFeedback()).isEqualTo("subtract needs the same fix");
    assertThat(revise.getRequestId()).isEqualTo("t-42/plan/1/revise");
    assertThat(run.state.getPlan().getVersion()).isEqualTo(2);
    assertThat(run.state.getPlan().getSteps()).extracting(s -> s.getId() + ":" + s.getStatus()).containsExactly("s1:DONE", "s3:DONE");
    assertThat(run.stepRequests().stream().filter(r -> r.getKind() == StepKind.EXECUTE).map(StepRequest::getStepId)).containsExactly("s1", "s3");
    assertThat(run.events()).anyMatch(e -> e.getType() == TaskEventType.PLAN_REVISED && e.getPlan().getVersion() == 2);
  }

  @Test
  void theReviewOfTheFinalDiffIsRecordedInThePullRequest() {
    WorkflowRun run = new WorkflowRun();
    run.responder = request -> request instanceof StepRequest r && r.getKind() == StepKind.REVIEW
        ? stepResult(r, true, null).setReview(new Review(ReviewVerdict.REQUEST_CHANGES, "missing a test",
            List.of(new ReviewComment("src/Calculator.java", 3, "cover negative numbers")))).build()
        : success(request);
    run.runToEnd();
    StepRequest review = run.stepRequests().stream().filter(r -> r.getKind() == StepKind.REVIEW).findFirst().orElseThrow();
    assertThat(review.getRole()).isEqualTo(Role.REVIEW);
    assertThat(review.getDiff()).contains("+a + b");
    assertThat(run.state.getPullRequest().getBody()).contains("Changes requested: missing a test", "`src/Calculator.java:3`: cover negative numbers");
  }

  @Test
  void everyModelStepIsBookedToItsRole() {
    WorkflowRun run = new WorkflowRun();
    run.responder = request -> {
      SpecificRecordBase answer = success(request);
      if (answer instanceof dev.agentline.schemas.StepResult r) {
        r.setUsage(new Usage(100, 20, r.getRole() == Role.MANAGER ? 0.01 : 0.001));
        if (r.getKind() == StepKind.PLAN) r.setModelCalls(2);
      }
      return answer;
    };
    run.runToEnd();
    RoleSpend manager = spend(run, Role.MANAGER);
    assertThat(manager.getCalls()).isEqualTo(4);   // plan (re-asked once), evaluate, summarize
    assertThat(manager.getInputTokens()).isEqualTo(300);
    assertThat(manager.getCostUsd()).isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(spend(run, Role.CODE_EDIT).getCalls()).isEqualTo(1);
    assertThat(spend(run, Role.ANALYSIS).getOutputTokens()).isEqualTo(20);
    assertThat(run.state.getReservedTokens()).isZero();
    List<TaskEvent> costs = run.events().stream().filter(e -> e.getType() == TaskEventType.MODEL_STEP_COMPLETED).toList();
    assertThat(costs).hasSize(6).allSatisfy(e -> assertThat(e.getUsage().getInputTokens()).isEqualTo(100));
    assertThat(costs.get(1).getMessage()).isEqualTo("manager plan plan: 100 in / 20 out tokens, $0.0100, re-asked once");
  }

  @Test
  void aTaskStopsExactlyBeforeItsBudgetIsOverspent() {
    // each call may need up to 2 x (input + 1000) tokens, about 3,000; each really uses 1,000
    WorkflowRun run = new WorkflowRun(new Guardrails(5, 2, Duration.ofMinutes(30), 60), CallCosts.free(1000), null);
    run.responder = request -> {
      SpecificRecordBase answer = success(request);
      if (answer instanceof dev.agentline.schemas.StepResult r) r.setUsage(new Usage(900, 100, 0.0));
      return answer;
    };
    run.budget = new Budget(6000L, null);
    run.runToEnd();

    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.BUDGET_EXHAUSTED);
    long spent = Ledger.spentTokens(run.state);
    assertThat(spent).isLessThanOrEqualTo(6000L).isEqualTo(3000L);
    assertThat(run.state.getFailureReason()).startsWith("budget exhausted: spent " + spent + " of 6000 tokens")
        .contains("could need up to");
    long refused = Long.parseLong(run.state.getFailureReason().replaceAll(".*could need up to (\\d+) more tokens.*", "$1"));
    assertThat(spent + refused).isGreaterThan(6000L);
    assertThat(run.stepRequests()).extracting(StepRequest::getKind).containsExactly(StepKind.ANALYZE, StepKind.PLAN, StepKind.EXECUTE);
    TaskEvent last = run.events().get(run.events().size() - 1);
    assertThat(last.getStatus()).isEqualTo(TaskStatus.BUDGET_EXHAUSTED);
    assertThat(run.state.getPendingRequestId()).isNull();
  }

  @Test
  void aMoneyBudgetStopsTheTaskBeforeAnExpensiveCall() {
    CallCosts priced = (role, input) -> new CallCosts.Reservation(2 * (input + 1000), role == Role.MANAGER ? 0.05 : 0.001);
    WorkflowRun run = new WorkflowRun(new Guardrails(5, 2, Duration.ofMinutes(30), 60), priced, new Budget(null, 0.04));
    run.runToEnd();
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.BUDGET_EXHAUSTED);
    assertThat(run.stepRequests()).extracting(StepRequest::getKind).containsExactly(StepKind.ANALYZE);
    assertThat(run.state.getFailureReason()).contains("of $0.0400", "the next call (manager plan plan) could cost up to $0.0500");
  }

  @Test
  void aTicketBudgetOverridesTheConfiguredDefault() {
    WorkflowRun run = new WorkflowRun(new Guardrails(5, 2, Duration.ofMinutes(30), 60), CallCosts.free(10), new Budget(1L, 5.0));
    run.budget = new Budget(1_000_000L, null);
    run.runToEnd();
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.DONE);
    assertThat(run.state.getBudget().getMaxTokens()).isEqualTo(1_000_000L);
    assertThat(run.state.getBudget().getMaxCostUsd()).isEqualTo(5.0);
  }

  @Test
  void aPlanRevisionBeyondTheLimitFailsTheTask() {
    WorkflowRun run = new WorkflowRun(new Guardrails(5, 2, Duration.ofMinutes(30), 60, 0), CallCosts.free(10), null);
    run.responder = request -> request instanceof StepRequest r && r.getKind() == StepKind.EVALUATE
        ? stepResult(r, true, null).setEvaluation(new Evaluation(Verdict.REVISE, "rethink")).build()
        : success(request);
    run.runToEnd();
    assertThat(run.state.getStatus()).isEqualTo(TaskStatus.FAILED);
    assertThat(run.state.getFailureReason()).contains("max-plan-revisions");
    assertThat(run.state.getPlan().getSteps().get(0).getStatus()).isEqualTo(StepStatus.DONE);
  }

  private static RoleSpend spend(WorkflowRun run, Role role) {
    return run.state.getSpend().stream().filter(s -> s.getRole() == role).findFirst().orElseThrow();
  }
}

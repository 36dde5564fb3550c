package dev.agentline.planner.workflow;

import dev.agentline.schemas.Budget;
import dev.agentline.schemas.GuardrailOverrides;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.FileContent;
import dev.agentline.schemas.Metadata;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.StepType;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Edit;
import dev.agentline.schemas.Evaluation;
import dev.agentline.schemas.Review;
import dev.agentline.schemas.ReviewVerdict;
import dev.agentline.schemas.Verdict;
import dev.agentline.schemas.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Drives a task through {@link TaskWorkflow} like the real services would: each request gets an
 * answer from a responder, which tests override for the requests they want to fail.
 */
final class WorkflowRun {
  static final String TASK = "t-42";
  final TaskWorkflow workflow;
  TaskState state;
  Instant now = Instant.parse("2026-11-25T10:00:00Z");
  final List<SpecificRecordBase> all = new ArrayList<>();
  final List<SpecificRecordBase> requests = new ArrayList<>();
  Function<SpecificRecordBase, SpecificRecordBase> responder = WorkflowRun::success;
  private int seq;

  AnalysisCache cache = AnalysisCache.NONE;
  Budget budget;
  GuardrailOverrides guardrails;
  String lintCommand;

  WorkflowRun(Guardrails guardrails) {
    this.workflow = new TaskWorkflow(guardrails);
  }

  WorkflowRun(Guardrails guardrails, CallCosts costs, Budget defaultBudget) {
    this.workflow = new TaskWorkflow(guardrails, costs, defaultBudget);
  }

  WorkflowRun(TaskWorkflow workflow) {
    this.workflow = workflow;
  }

  WorkflowRun() {
    this(new Guardrails(5, 2, Duration.ofMinutes(30), 60));
  }

  Decision apply(TaskInput input) {
    Decision decision = workflow.on(state, input, now, cache);
    state = decision.next();
    all.addAll(decision.commands());
    now = now.plusSeconds(1);
    return decision;
  }

  /** Submits the ticket, then answers every request until the task ends (or 100 answers). */
  WorkflowRun runToEnd() {
    return answerUntilQuiet(apply(new TaskInput.Submitted(ticket())));
  }

  /** Applies a person's command, then answers whatever follows until the task ends or waits again. */
  WorkflowRun command(CommandType type, String actor, String stepId, String comment) {
    TaskCommand command = command(type);
    command.setActor(actor);
    command.setStepId(stepId);
    command.setReason(comment);
    return answerUntilQuiet(apply(new TaskInput.Command(command)));
  }

  /** Something happens on the task's pull request; whatever it starts is answered until the task rests again. */
  WorkflowRun pullRequest(PullRequestEvent event) {
    return answerUntilQuiet(apply(new TaskInput.PullRequestActivity(event)));
  }

  /** A pull request event on the task's PR, by {@code actor}, with the fields every event has. */
  PullRequestEvent.Builder prEvent(PullRequestEventType type, String itemKey, String actor) {
    return PullRequestEvent.newBuilder().setMeta(meta()).setHost(CodeHostKind.GITHUB).setType(type).setDeliveryId("d-" + itemKey)
        .setItemKey(itemKey).setRepository("acme/calc").setNumber(7).setUrl("https://github.com/acme/calc/pull/7")
        .setBranch(state.getBranch()).setActor(actor).setHappenedAt(now);
  }

  /** Answers every request that follows {@code decision} until the task ends or waits for a person. */
  WorkflowRun answerUntilQuiet(Decision decision) {
    for (int i = 0; i < 100 && !TaskWorkflow.isTerminal(state.getStatus()); i++) {
      SpecificRecordBase request = lastRequest(decision);
      if (request == null) break;
      requests.add(request);
      SpecificRecordBase answer = responder.apply(request);
      if (answer == null) break;
      decision = apply(answer instanceof StepResult r ? new TaskInput.StepAnswered(r) : new TaskInput.ToolAnswered((ToolResult) answer));
    }
    return this;
  }

  static SpecificRecordBase lastRequest(Decision decision) {
    SpecificRecordBase last = null;
    for (SpecificRecordBase c : decision.commands()) if (c instanceof StepRequest || c instanceof ToolRequest) last = c;
    return last;
  }

  List<TaskEvent> events() {
    return all.stream().filter(TaskEvent.class::isInstance).map(TaskEvent.class::cast).toList();
  }

  List<ToolRequest> toolRequests() {
    return requests.stream().filter(ToolRequest.class::isInstance).map(ToolRequest.class::cast).toList();
  }

  List<StepRequest> stepRequests() {
    return requests.stream().filter(StepRequest.class::isInstance).map(StepRequest.class::cast).toList();
  }

  Metadata meta() {
    return Metadata.newBuilder().setEventId("in-" + (++seq)).setOccurredAt(now).setTaskId(TASK).setProducer("test").build();
  }

  TaskSubmitted ticket() {
    return TaskSubmitted.newBuilder().setMeta(meta()).setRepository("/repos/calc").setTitle("Fix Calculator.add")
        .setDescription("add subtracts").setAcceptanceCriteria(List.of("CalculatorTest passes")).setTestCommand("sh run-tests.sh").setBudget(budget).setRequester("rita")
        .setGuardrails(guardrails).setLintCommand(lintCommand).build();
  }

  TaskCommand command(CommandType type) {
    return TaskCommand.newBuilder().setMeta(meta()).setType(type).setActor("ana").setReason("not needed").build();
  }

  static Plan plan(PlanStep... steps) {
    return Plan.newBuilder().setGoal("make add add").setSteps(List.of(steps)).build();
  }

  static PlanStep step(String id, String... dependsOn) {
    return PlanStep.newBuilder().setId(id).setType(StepType.CODE_EDIT).setDescription("edit " + id)
        .setFiles(List.of("src/Calculator.java")).setDependsOn(List.of(dependsOn)).build();
  }

  static SpecificRecordBase success(SpecificRecordBase request) {
    if (request instanceof StepRequest r) {
      StepResult.Builder result = stepResult(r, true, null);
      if (r.getKind() == StepKind.PLAN) result.setPlan(plan(step("s1")));
      if (r.getKind() == StepKind.REVISE) result.setPlan(Plan.newBuilder(r.getPlan()).build());
      if (r.getKind() == StepKind.EXECUTE) result.setEdits(List.of(new Edit("src/Calculator.java", "a - b", "a + b")));
      if (r.getKind() == StepKind.SUMMARIZE) result.setText("Fixed add.");
      if (r.getKind() == StepKind.ANALYZE) result.setText("{\"summary\":\"a calculator\",\"files\":[]}");
      if (r.getKind() == StepKind.EVALUATE) result.setEvaluation(new Evaluation(Verdict.ACCEPT, "looks right"));
      if (r.getKind() == StepKind.REVIEW) result.setReview(new Review(ReviewVerdict.APPROVE, "small and correct", List.of()));
      return result.build();
    }
    ToolRequest r = (ToolRequest) request;
    ToolResult.Builder result = toolResult(r, true, null);
    switch (r.getTool()) {
      case PREPARE_WORKSPACE -> result.setCommit(r.getFromRemoteBranch() ? "remote-head" : "base000").setRepositoryFiles(List.of("src/Calculator.java", "run-tests.sh"));
      case READ_FILES -> result.setFiles(List.of(new FileContent("src/Calculator.java", "int add(int a, int b) { return a - b; }")));
      case APPLY_EDITS -> result.setCommit("commit-" + r.getRequestId().replace('/', '-')).setChangedFiles(List.of("src/Calculator.java"))
          .setDiff("--- a/src/Calculator.java\n+++ b/src/Calculator.java\n@@ attempt " + r.getRequestId() + " @@\n");
      case RUN_TESTS, LINT -> result.setTests(tests(true));
      case GATHER_CONTEXT -> result.setFiles(List.of(new FileContent("src/Calculator.java", "int add(int a, int b) { return a - b; }")))
          .setRepositoryMap("src/Calculator.java\n  class Calculator").setSearchHits(List.of("src/Calculator.java:1: int add"));
      case DIFF -> result.setDiff("--- a/src/Calculator.java\n+++ b/src/Calculator.java\n@@ -1 +1 @@\n-a - b\n+a + b\n");
      case REPLY_COMMENTS -> result.setRepliedKeys(r.getReplies().stream().map(reply -> reply.getTo().getKey()).toList())
          .setOutput("answered " + r.getReplies().size());
      case OPEN_PR -> result.setPullRequest(new PullRequest(r.getBranch(), r.getTitle(), r.getBody(), "file:///repos/calc#" + r.getBranch(), r.getCommit()));
      default -> {}
    }
    return result.build();
  }

  static StepResult.Builder stepResult(StepRequest r, boolean ok, String error) {
    return StepResult.newBuilder().setMeta(answerMeta(r.getMeta(), r.getRequestId())).setRequestId(r.getRequestId()).setRole(r.getRole())
        .setKind(r.getKind()).setStepId(r.getStepId()).setAttempt(r.getAttempt()).setOk(ok).setError(error).setUsage(new Usage(10, 5, 0.0));
  }

  static ToolResult.Builder toolResult(ToolRequest r, boolean ok, String error) {
    return ToolResult.newBuilder().setMeta(answerMeta(r.getMeta(), r.getRequestId())).setRequestId(r.getRequestId()).setTool(r.getTool())
        .setOk(ok).setError(error);
  }

  static TestRun tests(boolean passed) {
    return TestRun.newBuilder().setExitCode(passed ? 0 : 1).setPassed(passed)
        .setSummary(passed ? "tests passed (exit 0) in 0.4 s" : "tests failed (exit 1) in 0.4 s: expected 5 but was -1")
        .setOutputTail(passed ? "OK" : "FAIL CalculatorTest.adds: expected 5 but was -1").setDurationMs(400L).build();
  }

  private static Metadata answerMeta(Metadata cause, String requestId) {
    return Metadata.newBuilder().setEventId("answer-" + requestId).setOccurredAt(cause.getOccurredAt()).setTaskId(cause.getTaskId())
        .setCausationId(cause.getEventId()).setProducer("fake").build();
  }
}

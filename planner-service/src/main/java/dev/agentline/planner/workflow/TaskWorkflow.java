package dev.agentline.planner.workflow;

import dev.agentline.schemas.Metadata;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepProgress;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.StepStatus;
import dev.agentline.schemas.StepType;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.Ticket;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The whole workflow of one task: {@code (TaskState, TaskInput) -> Decision}. Deterministic and
 * free of I/O: the same state, input and clock give the same decision, event ids included, so a
 * planner that crashed and re-processes an input emits exactly what it would have.
 *
 * <p>A task waits for one answer at a time, the {@code pendingRequestId}. Every request id is
 * {@code taskId/stepId/attempt} (model steps) or {@code taskId/stepId/attempt/phase} (tools); an
 * answer to any other request is stale: recorded as an event and otherwise ignored.
 */
public final class TaskWorkflow {
  public static final String PRODUCER = "planner";
  static final String PLAN_STEP = "plan";
  static final String WORKSPACE_STEP = "workspace";
  static final String VALIDATE_STEP = "validate";
  static final String SUMMARY_STEP = "summary";
  private static final Set<TaskStatus> TERMINAL = EnumSet.of(TaskStatus.DONE, TaskStatus.FAILED, TaskStatus.CANCELLED);

  private final Guardrails guardrails;

  public TaskWorkflow(Guardrails guardrails) {
    this.guardrails = guardrails;
  }

  public static boolean isTerminal(TaskStatus status) {
    return TERMINAL.contains(status);
  }

  /** Decides what the input means for the task in {@code state} (null: no such task yet). */
  public Decision on(TaskState state, TaskInput input, Instant now) {
    String taskId = state != null ? state.getTaskId() : taskIdOf(input);
    Turn turn = new Turn(state, taskId, input.causationId(), now);
    if (input instanceof TaskInput.Submitted submitted) {
      onSubmitted(turn, submitted.record());
      return turn.decision();
    }
    if (state == null) {
      turn.event(TaskEventType.INPUT_IGNORED, TaskStatus.RECEIVED, "no task " + taskId + " is known; " + describe(input) + " ignored");
      return turn.decision();
    }
    if (isTerminal(state.getStatus())) {
      if (!(input instanceof TaskInput.Tick)) {
        turn.event(TaskEventType.INPUT_IGNORED, state.getStatus(), "task is " + state.getStatus() + "; " + describe(input) + " ignored");
      }
      return turn.decision();
    }
    if (!now.isBefore(state.getDeadline())) {
      turn.fail("deadline exceeded: the task did not finish within " + guardrails.taskDeadline().toMinutes() + " min (task-deadline)");
      return turn.decision();
    }
    if (input instanceof TaskInput.Command command) {
      onCommand(turn, command);
    } else if (input instanceof TaskInput.StepAnswered answer) {
      if (turn.isPending(answer.record().getRequestId())) onStepResult(turn, answer.record());
    } else if (input instanceof TaskInput.ToolAnswered answer) {
      if (turn.isPending(answer.record().getRequestId())) onToolResult(turn, answer.record());
    }
    return turn.decision();
  }

  private void onSubmitted(Turn turn, TaskSubmitted ticket) {
    if (turn.state != null) {
      turn.event(TaskEventType.INPUT_IGNORED, turn.state.getStatus(), "task " + turn.taskId + " was already submitted; duplicate ignored");
      return;
    }
    turn.state = TaskState.newBuilder()
        .setTaskId(turn.taskId)
        .setStatus(TaskStatus.RECEIVED)
        .setSubmitted(ticket)
        .setDeadline(turn.now.plus(guardrails.taskDeadline()))
        .setBranch("agentline/" + turn.taskId)
        .setUpdatedAt(turn.now)
        .build();
    turn.event(TaskEventType.STATE_CHANGED, TaskStatus.RECEIVED, null, "ticket received: " + ticket.getTitle());
    Optional<String> problem = ticketProblem(ticket);
    if (problem.isPresent()) {
      turn.fail("ticket is incomplete: " + problem.get());
      return;
    }
    turn.tool(ToolName.PREPARE_WORKSPACE, WORKSPACE_STEP, 1, "prepare");
  }

  private static Optional<String> ticketProblem(TaskSubmitted ticket) {
    if (ticket.getRepository().isBlank()) return Optional.of("repository is blank");
    if (ticket.getTitle().isBlank()) return Optional.of("title is blank");
    if (ticket.getTestCommand().isBlank()) return Optional.of("testCommand is blank");
    if (ticket.getBaseBranch().isBlank()) return Optional.of("baseBranch is blank");
    return Optional.empty();
  }

  private void onCommand(Turn turn, TaskInput.Command command) {
    var record = command.record();
    switch (record.getType()) {
      case CANCEL -> {
        String reason = record.getReason() == null ? "no reason given" : record.getReason();
        turn.state.setPendingRequestId(null);
        turn.state.setFailureReason("cancelled by " + record.getActor() + ": " + reason);
        turn.transition(TaskStatus.CANCELLED, "cancelled by " + record.getActor() + ": " + reason);
      }
      default -> turn.event(TaskEventType.INPUT_IGNORED, turn.state.getStatus(),
          "command " + record.getType() + " from " + record.getActor() + " does not apply while the task is " + turn.state.getStatus());
    }
  }

  private void onStepResult(Turn turn, StepResult result) {
    turn.state.setPendingRequestId(null);
    switch (result.getKind()) {
      case PLAN -> onPlan(turn, result);
      case EXECUTE -> {
        if (!result.getOk()) {
          stepAttemptFailed(turn, "the worker's answer was unusable: " + result.getError());
          return;
        }
        StepProgress progress = turn.progress(result.getStepId());
        progress.setResultText(result.getText());
        ToolRequest apply = turn.tool(ToolName.APPLY_EDITS, result.getStepId(), result.getAttempt(), "apply");
        apply.setEdits(result.getEdits());
        apply.setUnifiedDiff(result.getUnifiedDiff());
        apply.setCommit(turn.state.getLastGoodCommit());
        apply.setTitle("agentline: " + result.getStepId() + " " + turn.planStep(result.getStepId()).getDescription());
      }
      case SUMMARIZE -> {
        if (!result.getOk()) {
          retryOrFail(turn, SUMMARY_STEP, result.getAttempt(), "summary failed: " + result.getError(),
              attempt -> requestSummary(turn, attempt, result.getError()));
          return;
        }
        turn.state.setSummary(result.getText());
        ToolRequest pr = turn.tool(ToolName.OPEN_PR, SUMMARY_STEP, result.getAttempt(), "pr");
        pr.setTitle(turn.state.getSubmitted().getTitle());
        pr.setBody(PullRequestBody.render(turn.state, result.getText()));
      }
    }
  }

  private void onPlan(Turn turn, StepResult result) {
    String problem = result.getOk()
        ? PlanCheck.problem(result.getPlan(), guardrails.maxSteps()).orElse(null)
        : "the manager's plan was unusable: " + result.getError();
    if (result.getOk() && result.getPlan() == null) problem = "the manager's answer carried no plan";
    if (problem != null) {
      if (problem.contains("(max-steps)")) {
        turn.fail(problem);
        return;
      }
      String feedback = problem;
      retryOrFail(turn, PLAN_STEP, result.getAttempt(), "planning failed: " + problem,
          attempt -> requestPlan(turn, attempt, feedback));
      return;
    }
    Plan plan = result.getPlan();
    List<StepProgress> progress = new ArrayList<>();
    for (PlanStep step : plan.getSteps()) {
      step.setStatus(StepStatus.PENDING);
      progress.add(StepProgress.newBuilder().setStepId(step.getId()).build());
    }
    turn.state.setPlan(plan);
    turn.state.setSteps(progress);
    TaskEvent accepted = turn.event(TaskEventType.PLAN_ACCEPTED, TaskStatus.PLANNING,
        plan.getSteps().size() + " step(s) to " + plan.getGoal());
    accepted.setPlan(Plan.newBuilder(plan).build());
    turn.transition(TaskStatus.EXECUTING, "executing " + plan.getSteps().size() + " step(s)");
    startNextStep(turn);
  }

  private void onToolResult(Turn turn, ToolResult result) {
    turn.state.setPendingRequestId(null);
    String stepId = RequestIds.stepId(result.getRequestId());
    int attempt = RequestIds.attempt(result.getRequestId());
    switch (result.getTool()) {
      case PREPARE_WORKSPACE -> {
        if (!result.getOk()) {
          turn.fail("the workspace could not be prepared: " + result.getError());
          return;
        }
        turn.state.setRepositoryFiles(result.getRepositoryFiles());
        turn.state.setLastGoodCommit(result.getCommit());
        turn.transition(TaskStatus.PLANNING, "workspace ready on " + turn.state.getBranch() + "; asking the manager for a plan");
        requestPlan(turn, 1, null);
      }
      case READ_FILES -> {
        if (!result.getOk()) {
          stepAttemptFailed(turn, "context could not be read: " + result.getError());
          return;
        }
        PlanStep step = turn.planStep(stepId);
        StepRequest request = turn.step(roleFor(step.getType()), StepKind.EXECUTE, stepId, attempt);
        request.setFiles(result.getFiles());
        request.setRepositoryFiles(turn.state.getRepositoryFiles());
        request.setFeedback(turn.progress(stepId).getLastError());
        request.setNotes("Step " + stepId + ": " + step.getDescription());
      }
      case APPLY_EDITS -> {
        if (!result.getOk()) {
          stepAttemptFailed(turn, "the edits could not be applied: " + result.getError());
          return;
        }
        turn.progress(stepId).setCommit(result.getCommit());
        turn.event(TaskEventType.EDITS_APPLIED, turn.state.getStatus(), stepId, "step " + stepId + ": " + result.getOutput());
        runTests(turn, stepId, attempt, result.getCommit());
      }
      case RUN_TESTS -> onTests(turn, result, stepId, attempt);
      case OPEN_PR -> {
        if (!result.getOk()) {
          turn.fail("the pull request could not be opened: " + result.getError());
          return;
        }
        turn.state.setPullRequest(result.getPullRequest());
        turn.transition(TaskStatus.PR_OPENED, "pull request opened: " + result.getPullRequest().getUrl());
        TaskEvent opened = turn.event(TaskEventType.PR_OPENED, TaskStatus.PR_OPENED, "branch " + result.getPullRequest().getBranch()
            + " pushed at " + shortCommit(result.getPullRequest().getHeadCommit()));
        opened.setPullRequest(result.getPullRequest());
        turn.transition(TaskStatus.DONE, "done: " + turn.state.getSubmitted().getTitle());
      }
      case SEARCH -> turn.event(TaskEventType.INPUT_IGNORED, turn.state.getStatus(), "search results are not used by the workflow yet");
    }
  }

  private void onTests(Turn turn, ToolResult result, String stepId, int attempt) {
    TestRun tests = result.getTests();
    boolean validating = VALIDATE_STEP.equals(stepId);
    if (!result.getOk() || tests == null) {
      String reason = "the tests could not run: " + result.getError();
      if (validating) turn.fail(reason);
      else stepAttemptFailed(turn, reason);
      return;
    }
    TaskEvent event = turn.event(tests.getPassed() ? TaskEventType.TESTS_PASSED : TaskEventType.TESTS_FAILED,
        turn.state.getStatus(), validating ? null : stepId, tests.getSummary());
    event.setTests(tests);
    if (validating) {
      turn.state.setFinalTests(tests);
      if (!tests.getPassed()) {
        turn.fail("the full test run failed: " + tests.getSummary());
        return;
      }
      turn.transition(TaskStatus.SUMMARIZING, "full test run passed; asking the manager for a summary");
      requestSummary(turn, 1, null);
      return;
    }
    StepProgress progress = turn.progress(stepId);
    progress.setTests(tests);
    if (!tests.getPassed()) {
      stepAttemptFailed(turn, "the tests failed after the edits: " + tests.getSummary() + "\n" + tests.getOutputTail());
      return;
    }
    turn.planStep(stepId).setStatus(StepStatus.DONE);
    turn.state.setLastGoodCommit(progress.getCommit());
    turn.event(TaskEventType.STEP_COMPLETED, TaskStatus.EXECUTING, stepId, "step " + stepId + " done on attempt " + attempt);
    startNextStep(turn);
  }

  private void startNextStep(Turn turn) {
    Plan plan = turn.state.getPlan();
    for (PlanStep step : plan.getSteps()) {
      if (step.getStatus() != StepStatus.PENDING) continue;
      boolean ready = step.getDependsOn().stream().allMatch(dep -> turn.planStep(dep).getStatus() == StepStatus.DONE);
      if (!ready) continue;
      step.setStatus(StepStatus.RUNNING);
      turn.event(TaskEventType.STEP_STARTED, TaskStatus.EXECUTING, step.getId(),
          "step " + step.getId() + " (" + step.getType().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "): " + step.getDescription());
      startAttempt(turn, step.getId(), 1);
      return;
    }
    boolean allDone = plan.getSteps().stream().allMatch(s -> s.getStatus() == StepStatus.DONE);
    if (!allDone) {
      turn.fail("no plan step can start: the remaining steps wait on steps that did not finish");
      return;
    }
    turn.transition(TaskStatus.VALIDATING, "all " + plan.getSteps().size() + " step(s) done; running the full test suite");
    runTests(turn, VALIDATE_STEP, 1, turn.state.getLastGoodCommit());
  }

  private void startAttempt(Turn turn, String stepId, int attempt) {
    turn.state.setCurrentStepId(stepId);
    turn.progress(stepId).setAttempt(attempt);
    ToolRequest read = turn.tool(ToolName.READ_FILES, stepId, attempt, "read");
    read.setPaths(turn.planStep(stepId).getFiles());
    read.setCommit(turn.state.getLastGoodCommit());
  }

  private void stepAttemptFailed(Turn turn, String reason) {
    String stepId = turn.state.getCurrentStepId();
    StepProgress progress = turn.progress(stepId);
    progress.setLastError(reason);
    turn.event(TaskEventType.STEP_FAILED, TaskStatus.EXECUTING, stepId, "step " + stepId + " attempt " + progress.getAttempt() + " failed: " + reason);
    retryOrFail(turn, stepId, progress.getAttempt(), "step " + stepId + " failed: " + reason, next -> startAttempt(turn, stepId, next));
  }

  private void retryOrFail(Turn turn, String stepId, int attempt, String reason, java.util.function.IntConsumer retry) {
    if (attempt >= guardrails.maxAttemptsPerStep()) {
      if (turn.state.getPlan() != null) {
        turn.state.getPlan().getSteps().stream().filter(s -> s.getId().equals(stepId)).forEach(s -> s.setStatus(StepStatus.FAILED));
      }
      turn.fail(reason + " (after " + attempt + " attempt(s), max-attempts-per-step " + guardrails.maxAttemptsPerStep() + ")");
      return;
    }
    turn.event(TaskEventType.STEP_RETRIED, turn.state.getStatus(), stepId, "retrying " + stepId + " (attempt " + (attempt + 1) + ") with the failure as feedback");
    retry.accept(attempt + 1);
  }

  private void requestPlan(Turn turn, int attempt, String feedback) {
    turn.state.setPlanAttempt(attempt);
    StepRequest request = turn.step(Role.MANAGER, StepKind.PLAN, PLAN_STEP, attempt);
    request.setRepositoryFiles(turn.state.getRepositoryFiles());
    request.setFeedback(feedback);
  }

  private void requestSummary(Turn turn, int attempt, String feedback) {
    StepRequest request = turn.step(Role.MANAGER, StepKind.SUMMARIZE, SUMMARY_STEP, attempt);
    request.setPlan(Plan.newBuilder(turn.state.getPlan()).build());
    request.setFeedback(feedback);
    request.setNotes(PullRequestBody.outcomes(turn.state));
  }

  private void runTests(Turn turn, String stepId, int attempt, String commit) {
    ToolRequest tests = turn.tool(ToolName.RUN_TESTS, stepId, attempt, "test");
    tests.setCommand(turn.state.getSubmitted().getTestCommand());
    tests.setTimeoutSeconds(guardrails.testTimeoutSeconds());
    tests.setCommit(commit);
  }

  static Role roleFor(StepType type) {
    return switch (type) {
      case CODE_EDIT -> Role.CODE_EDIT;
      case TEST_WRITE -> Role.TEST_WRITER;
    };
  }

  static String shortCommit(String commit) {
    return commit == null ? "(none)" : commit.substring(0, Math.min(7, commit.length()));
  }

  private static String taskIdOf(TaskInput input) {
    if (input instanceof TaskInput.Submitted s) return s.record().getMeta().getTaskId();
    if (input instanceof TaskInput.Command c) return c.record().getMeta().getTaskId();
    if (input instanceof TaskInput.StepAnswered a) return a.record().getMeta().getTaskId();
    if (input instanceof TaskInput.ToolAnswered a) return a.record().getMeta().getTaskId();
    throw new IllegalArgumentException("a tick needs a task state");
  }

  private static String describe(TaskInput input) {
    if (input instanceof TaskInput.Submitted) return "submission";
    if (input instanceof TaskInput.Command c) return "command " + c.record().getType();
    if (input instanceof TaskInput.StepAnswered a) return "step result " + a.record().getRequestId();
    if (input instanceof TaskInput.ToolAnswered a) return "tool result " + a.record().getRequestId();
    return "tick";
  }

  /** One input being handled: the state as it changes and the records it causes. */
  private final class Turn {
    TaskState state;
    final String taskId;
    final String causationId;
    final Instant now;
    private final List<SpecificRecordBase> commands = new ArrayList<>();

    Turn(TaskState state, String taskId, String causationId, Instant now) {
      this.state = state == null ? null : TaskState.newBuilder(state).build();
      this.taskId = taskId;
      this.causationId = causationId;
      this.now = now;
    }

    Decision decision() {
      if (state != null) state.setUpdatedAt(now);
      return new Decision(state, commands);
    }

    boolean isPending(String requestId) {
      if (requestId.equals(state.getPendingRequestId())) return true;
      event(TaskEventType.STALE_RESULT_IGNORED, state.getStatus(),
          "answer to " + requestId + " ignored: waiting for " + state.getPendingRequestId());
      return false;
    }

    Metadata meta() {
      String seed = (causationId != null ? causationId : taskId + "@" + now.toEpochMilli()) + "#" + commands.size();
      return Metadata.newBuilder()
          .setEventId(UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString())
          .setOccurredAt(now)
          .setTaskId(taskId)
          .setCausationId(causationId)
          .setProducer(PRODUCER)
          .build();
    }

    TaskEvent event(TaskEventType type, TaskStatus status, String message) {
      return event(type, status, null, message);
    }

    TaskEvent event(TaskEventType type, TaskStatus status, String stepId, String message) {
      TaskEvent event = TaskEvent.newBuilder().setMeta(meta()).setType(type).setStatus(status).setStepId(stepId).setMessage(message).build();
      commands.add(event);
      return event;
    }

    void transition(TaskStatus to, String message) {
      TaskStatus from = state.getStatus();
      state.setStatus(to);
      TaskEvent event = event(TaskEventType.STATE_CHANGED, to, message);
      event.setPreviousStatus(from);
    }

    void fail(String reason) {
      state.setFailureReason(reason);
      state.setPendingRequestId(null);
      transition(TaskStatus.FAILED, reason);
    }

    StepRequest step(Role role, StepKind kind, String stepId, int attempt) {
      TaskSubmitted ticket = state.getSubmitted();
      String requestId = RequestIds.of(taskId, stepId, attempt);
      StepRequest request = StepRequest.newBuilder()
          .setMeta(meta())
          .setRequestId(requestId)
          .setRole(role)
          .setKind(kind)
          .setStepId(stepId)
          .setAttempt(attempt)
          .setTicket(Ticket.newBuilder()
              .setTitle(ticket.getTitle())
              .setDescription(ticket.getDescription())
              .setAcceptanceCriteria(ticket.getAcceptanceCriteria())
              .build())
          .setPlan(state.getPlan() == null ? null : Plan.newBuilder(state.getPlan()).build())
          .build();
      state.setPendingRequestId(requestId);
      commands.add(request);
      return request;
    }

    ToolRequest tool(ToolName tool, String stepId, int attempt, String phase) {
      TaskSubmitted ticket = state.getSubmitted();
      String requestId = RequestIds.of(taskId, stepId, attempt) + "/" + phase;
      ToolRequest request = ToolRequest.newBuilder()
          .setMeta(meta())
          .setRequestId(requestId)
          .setTool(tool)
          .setRepository(ticket.getRepository())
          .setBaseBranch(ticket.getBaseBranch())
          .setBranch(state.getBranch())
          .build();
      state.setPendingRequestId(requestId);
      commands.add(request);
      return request;
    }

    PlanStep planStep(String stepId) {
      return state.getPlan().getSteps().stream().filter(s -> s.getId().equals(stepId)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no plan step " + stepId));
    }

    StepProgress progress(String stepId) {
      return state.getSteps().stream().filter(s -> s.getStepId().equals(stepId)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no progress for step " + stepId));
    }
  }
}

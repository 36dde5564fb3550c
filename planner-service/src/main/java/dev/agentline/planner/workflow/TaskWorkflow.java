package dev.agentline.planner.workflow;

import dev.agentline.schemas.AnalysisCached;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.Evaluation;
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
import dev.agentline.schemas.Verdict;
import dev.agentline.schemas.Ticket;
import dev.agentline.schemas.Usage;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Review;
import dev.agentline.schemas.Budget;
import dev.agentline.schemas.CommentReply;
import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.PullRequestFeedback;
import java.util.Locale;
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
  static final String ANALYSIS_STEP = "analysis";
  static final String REVIEW_STEP = "review";
  static final String LINT_STEP = "lint";
  static final String REPLY_STEP = "reply";
  /** Extra input tokens a prompt template adds to the request's own text. */
  static final long TEMPLATE_TOKENS = 500;
  /** No agent works on the task: it ended, or its pull request waits for review (DONE), or a person has the branch. */
  private static final Set<TaskStatus> TERMINAL = EnumSet.of(TaskStatus.DONE, TaskStatus.FAILED, TaskStatus.CANCELLED,
      TaskStatus.BUDGET_EXHAUSTED, TaskStatus.TAKEN_OVER, TaskStatus.MERGED, TaskStatus.CLOSED);
  /** States a person cannot take the branch over from. */
  private static final Set<TaskStatus> NOT_TAKEABLE = EnumSet.of(TaskStatus.TAKEN_OVER, TaskStatus.MERGED, TaskStatus.CLOSED, TaskStatus.CANCELLED);

  /** Reasons a guardrail gives: each is also recorded as a GUARDRAIL_HIT event. */
  private static final Set<FailureReason> GUARDRAILS = EnumSet.of(FailureReason.STEP_LIMIT, FailureReason.ATTEMPT_LIMIT,
      FailureReason.MANAGER_CALL_LIMIT, FailureReason.BUDGET_EXHAUSTED, FailureReason.DEADLINE, FailureReason.STEP_TIMEOUT,
      FailureReason.PROTECTED_PATH, FailureReason.PATH_NOT_ALLOWED, FailureReason.FILES_LIMIT, FailureReason.DIFF_LIMIT,
      FailureReason.FILE_TOO_LARGE, FailureReason.COMMAND_NOT_ALLOWED, FailureReason.LOOP_DETECTED, FailureReason.APPROVAL_EXPIRED,
      FailureReason.REVISION_LIMIT, FailureReason.ITERATION_LIMIT);
  /** Failures a person may retry with a RETRY command: the step can run again. */
  private static final Set<FailureReason> RETRYABLE = EnumSet.of(FailureReason.ATTEMPT_LIMIT, FailureReason.STEP_TIMEOUT,
      FailureReason.PROTECTED_PATH, FailureReason.PATH_NOT_ALLOWED, FailureReason.FILES_LIMIT, FailureReason.DIFF_LIMIT,
      FailureReason.FILE_TOO_LARGE, FailureReason.LOOP_DETECTED, FailureReason.TESTS_FAILED, FailureReason.TOOL_ERROR,
      FailureReason.MODEL_ERROR);

  private final GuardrailPolicy guardrails;
  private final ApprovalPolicy approvals;
  private final CallCosts costs;
  private final Budget defaultBudget;
  private final ReviewPolicy review;

  /** The audit service's timeline of a task, on this machine. */
  public static final String DEFAULT_TIMELINE_URL = "http://localhost:8084/api/tasks/{taskId}/timeline";

  private final String timelineUrl;

  public TaskWorkflow(Guardrails guardrails) {
    this(guardrails, CallCosts.free(4096), null);
  }

  public TaskWorkflow(Guardrails guardrails, CallCosts costs, Budget defaultBudget) {
    this(GuardrailPolicy.of(guardrails), ApprovalPolicy.NEVER, costs, defaultBudget);
  }

  /**
   * @param guardrails each task's limits, by repository and ticket
   * @param approvals when a plan or a step waits for a person
   * @param costs the worst case of a model step, reserved before it is dispatched
   * @param defaultBudget the budget of a ticket that names none (null: unlimited)
   */
  public TaskWorkflow(GuardrailPolicy guardrails, ApprovalPolicy approvals, CallCosts costs, Budget defaultBudget) {
    this(guardrails, approvals, costs, defaultBudget, DEFAULT_TIMELINE_URL);
  }

  /** @param timelineUrl where a task's history is read, {@code {taskId}} replaced; every pull request body links to it */
  public TaskWorkflow(GuardrailPolicy guardrails, ApprovalPolicy approvals, CallCosts costs, Budget defaultBudget, String timelineUrl) {
    this(guardrails, approvals, costs, defaultBudget, timelineUrl, ReviewPolicy.DEFAULT);
  }

  /** @param review what review comments, CI runs and iterations on the pull request do */
  public TaskWorkflow(GuardrailPolicy guardrails, ApprovalPolicy approvals, CallCosts costs, Budget defaultBudget, String timelineUrl,
      ReviewPolicy review) {
    this.review = review;
    this.timelineUrl = timelineUrl;
    this.guardrails = guardrails;
    this.approvals = approvals;
    this.costs = costs;
    this.defaultBudget = defaultBudget;
  }

  public static boolean isTerminal(TaskStatus status) {
    return TERMINAL.contains(status);
  }

  /** Whether the clock alone changes this task now: its deadline, a request's timeout or an approval's expiry has passed. */
  public static boolean isDue(TaskState state, Instant now) {
    Instant due = nextDue(state);
    return due != null && !now.isBefore(due);
  }

  /**
   * When the clock alone will next change this task, as {@link #on} handles a tick: a task awaiting approval, when the
   * approval expires (the wait does not count against the deadline); any other task not over, at the earlier of its
   * deadline and the timeout of the request in flight. Null when the clock cannot change it (a terminal task).
   */
  public static Instant nextDue(TaskState state) {
    if (isTerminal(state.getStatus())) return null;
    if (state.getStatus() == TaskStatus.AWAITING_APPROVAL) return state.getApprovalDeadline();
    Instant pending = state.getPendingRequestId() != null ? state.getPendingDeadline() : null;
    return pending != null && pending.isBefore(state.getDeadline()) ? pending : state.getDeadline();
  }

  /** Decides what the input means for the task in {@code state} (null: no such task yet). */
  public Decision on(TaskState state, TaskInput input, Instant now) {
    return on(state, input, now, AnalysisCache.NONE);
  }

  /** As above, reusing analyses already made for the task's repository and commit. */
  public Decision on(TaskState state, TaskInput input, Instant now, AnalysisCache cache) {
    String taskId = state != null ? state.getTaskId() : taskIdOf(input);
    Turn turn = new Turn(state, taskId, input.causationId(), now, cache);
    if (input instanceof TaskInput.Submitted submitted) {
      onSubmitted(turn, submitted.record());
      return turn.decision();
    }
    if (state == null) {
      turn.event(TaskEventType.INPUT_IGNORED, TaskStatus.RECEIVED, "no task " + taskId + " is known; " + describe(input) + " ignored");
      return turn.decision();
    }
    if (input instanceof TaskInput.PullRequestActivity activity) {
      onPullRequestActivity(turn, activity.record());
      return turn.decision();
    }
    if (input instanceof TaskInput.Command command
        && (command.record().getType() == CommandType.TAKEOVER || command.record().getType() == CommandType.HANDBACK)) {
      TaskCommand record = command.record();
      String note = record.getReason() == null || record.getReason().isBlank() ? null : record.getReason().strip();
      if (record.getType() == CommandType.TAKEOVER) takeOver(turn, record.getActor(), note, record);
      else handBack(turn, record.getActor(), note, null, record);
      return turn.decision();
    }
    if (isTerminal(state.getStatus())) {
      if (input instanceof TaskInput.Command command && command.record().getType() == CommandType.RETRY) {
        retryFailedTask(turn, command.record());
        return turn.decision();
      }
      if (!(input instanceof TaskInput.Tick)) {
        turn.event(TaskEventType.INPUT_IGNORED, state.getStatus(), "task is " + state.getStatus() + "; " + describe(input) + " ignored");
      }
      return turn.decision();
    }
    if (state.getStatus() == TaskStatus.AWAITING_APPROVAL) {
      if (state.getApprovalDeadline() != null && !now.isBefore(state.getApprovalDeadline())) {
        turn.event(TaskEventType.APPROVAL_EXPIRED, TaskStatus.AWAITING_APPROVAL, "no one decided on " + describeAwaited(state) + " within "
            + approvals.sla().toHours() + " h (approval-sla)");
        turn.fail(FailureReason.APPROVAL_EXPIRED, describeAwaited(state) + " waited " + approvals.sla().toHours() + " h for a decision (approval-sla)");
        return turn.decision();
      }
    } else if (!now.isBefore(state.getDeadline())) {
      turn.fail(FailureReason.DEADLINE, "deadline exceeded: the task did not finish within " + turn.limits.taskDeadline().toMinutes() + " min (task-deadline)");
      return turn.decision();
    } else if (state.getPendingDeadline() != null && state.getPendingRequestId() != null && !now.isBefore(state.getPendingDeadline())) {
      onRequestTimedOut(turn);
      return turn.decision();
    }
    if (input instanceof TaskInput.Command command) {
      onCommand(turn, command);
    } else if (input instanceof TaskInput.StepAnswered answer) {
      StepResult result = answer.record();
      Ledger.book(turn.state, result.getRole(), result.getUsage(), result.getModelCalls());
      if (turn.isPending(result.getRequestId())) {
        Ledger.release(turn.state);
        modelStepCompleted(turn, result);
        onStepResult(turn, result);
      }
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
        .setDeadline(turn.now.plus(guardrails.forTask(ticket).taskDeadline()))
        .setBranch(BranchName.of(ticket.getTicketKey(), turn.taskId, ticket.getTitle()))
        .setUpdatedAt(turn.now)
        .setBudget(budgetOf(ticket))
        .build();
    turn.limits = guardrails.forTask(ticket);
    turn.event(TaskEventType.STATE_CHANGED, TaskStatus.RECEIVED, null, "ticket received: " + ticket.getTitle());
    Optional<String> problem = ticketProblem(ticket);
    if (problem.isPresent()) {
      turn.fail(FailureReason.INVALID_TICKET, "ticket is incomplete: " + problem.get());
      return;
    }
    turn.tool(ToolName.PREPARE_WORKSPACE, WORKSPACE_STEP, 1, "prepare");
  }

  /** The ticket's own limits, each falling back to the configured default. */
  private Budget budgetOf(TaskSubmitted ticket) {
    Budget own = ticket.getBudget();
    Long tokens = own != null && own.getMaxTokens() != null ? own.getMaxTokens() : defaultBudget == null ? null : defaultBudget.getMaxTokens();
    Double cost = own != null && own.getMaxCostUsd() != null ? own.getMaxCostUsd() : defaultBudget == null ? null : defaultBudget.getMaxCostUsd();
    return tokens == null && cost == null ? null : new Budget(tokens, cost);
  }

  private static Optional<String> ticketProblem(TaskSubmitted ticket) {
    if (ticket.getRepository().isBlank()) return Optional.of("repository is blank");
    if (ticket.getTitle().isBlank()) return Optional.of("title is blank");
    if (ticket.getTestCommand().isBlank()) return Optional.of("testCommand is blank");
    if (ticket.getBaseBranch().isBlank()) return Optional.of("baseBranch is blank");
    return Optional.empty();
  }

  /** One person's names: equal ignoring surrounding space and case, blank is no one's (the platform's {@code Caller.sameName}). */
  static boolean sameName(String a, String b) {
    return a != null && b != null && !a.isBlank() && !b.isBlank() && a.strip().equalsIgnoreCase(b.strip());
  }

  private void onCommand(Turn turn, TaskInput.Command command) {
    TaskCommand record = command.record();
    String actor = record.getActor();
    String comment = record.getReason() == null || record.getReason().isBlank() ? null : record.getReason();
    TaskState state = turn.state;
    String requester = state.getSubmitted().getRequester();
    boolean byRequester = sameName(requester, actor);
    switch (record.getType()) {
      case CANCEL -> {
        String reason = "cancelled by " + actor + ": " + (comment == null ? "no reason given" : comment);
        turn.end(TaskStatus.CANCELLED, FailureReason.CANCELLED, reason).setActor(actor);
      }
      case APPROVE_PLAN, REJECT_PLAN -> {
        if (!"plan".equals(state.getAwaiting())) {
          turn.refuse(record, "task " + turn.taskId + " is " + state.getStatus() + ", not awaiting plan approval");
        } else if (record.getType() == CommandType.APPROVE_PLAN) {
          if (byRequester) {
            turn.refuse(record, actor + " requested the task and may not approve its plan");
            return;
          }
          state.setApprovedPlanVersion(state.getPlan().getVersion());
          resumeAfterApproval(turn);
          turn.event(TaskEventType.PLAN_APPROVED, TaskStatus.EXECUTING, "plan v" + state.getPlan().getVersion() + " approved by " + actor
              + (comment == null ? "" : ": " + comment)).setActor(actor);
          turn.transition(TaskStatus.EXECUTING, "executing " + state.getPlan().getSteps().size() + " step(s)");
          startNextStep(turn);
        } else {
          if (comment == null) {
            turn.refuse(record, "rejecting a plan needs a comment for the manager");
            return;
          }
          resumeAfterApproval(turn);
          turn.event(TaskEventType.PLAN_REJECTED, TaskStatus.PLANNING, "plan v" + state.getPlan().getVersion() + " rejected by " + actor + ": "
              + comment).setActor(actor);
          turn.transition(TaskStatus.PLANNING, "asking the manager to revise the plan");
          reviseOrFail(turn, FailureReason.PLAN_REJECTED, "a reviewer (" + actor + ") rejected the plan: " + comment);
        }
      }
      case ACCEPT_STEP, REJECT_STEP -> {
        String stepId = record.getStepId() != null ? record.getStepId() : state.getAwaiting();
        if (state.getAwaiting() == null || "plan".equals(state.getAwaiting()) || !state.getAwaiting().equals(stepId)) {
          turn.refuse(record, "task " + turn.taskId + " is " + state.getStatus() + ", not awaiting a decision on step " + stepId);
        } else if (record.getType() == CommandType.ACCEPT_STEP) {
          if (byRequester) {
            turn.refuse(record, actor + " requested the task and may not accept its steps");
            return;
          }
          resumeAfterApproval(turn);
          turn.event(TaskEventType.STEP_ACCEPTED, TaskStatus.EXECUTING, stepId, "step " + stepId + " accepted by " + actor).setActor(actor);
          turn.transition(TaskStatus.EXECUTING, "step " + stepId + " accepted");
          completeStep(turn, stepId);
          startNextStep(turn);
        } else {
          if (comment == null) {
            turn.refuse(record, "rejecting a step needs a comment for the worker");
            return;
          }
          resumeAfterApproval(turn);
          turn.event(TaskEventType.STEP_REJECTED, TaskStatus.EXECUTING, stepId, "step " + stepId + " rejected by " + actor + ": " + comment)
              .setActor(actor);
          turn.transition(TaskStatus.EXECUTING, "step " + stepId + " rejected; trying again");
          stepAttemptFailed(turn, FailureReason.ATTEMPT_LIMIT, "a reviewer (" + actor + ") rejected the step: " + comment);
        }
      }
      case RETRY -> {
        String stepId = record.getStepId() != null ? record.getStepId() : state.getCurrentStepId();
        PlanStep step = Steps.step(state.getPlan(), stepId).orElse(null);
        if (state.getStatus() != TaskStatus.EXECUTING || step == null || step.getStatus() != StepStatus.RUNNING) {
          turn.refuse(record, "step " + stepId + " is not running; only a running step (or a failed task's step) can be retried");
          return;
        }
        turn.event(TaskEventType.STEP_RETRIED, TaskStatus.EXECUTING, stepId, "step " + stepId + " restarted by " + actor
            + (comment == null ? "" : ": " + comment)).setActor(actor);
        turn.progress(stepId).setLastError(comment == null ? null : "a reviewer (" + actor + ") asked for another attempt: " + comment);
        startAttempt(turn, stepId, turn.progress(stepId).getAttempt() + 1);
      }
      case TAKEOVER, HANDBACK -> throw new IllegalStateException("takeover and handback are handled before the state's own inputs");
    }
  }

  /** A person retries the step a failed task stopped at: the task runs again from there. */
  private void retryFailedTask(Turn turn, TaskCommand record) {
    TaskState state = turn.state;
    String stepId = record.getStepId() != null ? record.getStepId() : state.getCurrentStepId();
    boolean retryable = state.getStatus() == TaskStatus.FAILED && state.getFailureCode() != null && RETRYABLE.contains(state.getFailureCode())
        && state.getPlan() != null && stepId != null
        && state.getPlan().getSteps().stream().anyMatch(p -> p.getId().equals(stepId) && p.getStatus() != StepStatus.DONE);
    if (!retryable) {
      turn.refuse(record, "task " + turn.taskId + " is " + state.getStatus() + (state.getFailureCode() == null ? "" : " (" + state.getFailureCode() + ")")
          + "; only a task that failed in a step can be retried");
      return;
    }
    String comment = record.getReason();
    state.setFailureReason(null);
    state.setFailureCode(null);
    state.setDeadline(turn.now.plus(turn.limits.taskDeadline()));
    turn.planStep(stepId).setStatus(StepStatus.RUNNING);
    turn.progress(stepId).setLastError(comment == null ? null : "a reviewer (" + record.getActor() + ") asked for another attempt: " + comment);
    turn.event(TaskEventType.STEP_RETRIED, TaskStatus.EXECUTING, stepId, "step " + stepId + " retried by " + record.getActor()
        + (comment == null ? "" : ": " + comment)).setActor(record.getActor());
    turn.transition(TaskStatus.EXECUTING, "resumed by " + record.getActor() + " at step " + stepId);
    startAttempt(turn, stepId, turn.progress(stepId).getAttempt() + 1);
  }

  /**
   * Something happened on the task's pull request. Each thing is handled once (its itemKey), in any
   * state: a merge or close ends the task; review feedback waits for the next iteration, which a
   * request for changes or a mention of the trigger starts once the pull request is ready again; a
   * failed CI run on the branch head may start one; a comment can take the branch over or hand it back.
   */
  private void onPullRequestActivity(Turn turn, PullRequestEvent event) {
    TaskState state = turn.state;
    TaskStatus status = state.getStatus();
    String key = event.getItemKey();
    if (state.getSeenPrItems().contains(key)) {
      turn.event(TaskEventType.INPUT_IGNORED, status, "pull request event " + key + " was already handled; duplicate ignored");
      return;
    }
    List<String> seen = new ArrayList<>(state.getSeenPrItems());
    seen.add(key);
    state.setSeenPrItems(List.copyOf(seen.subList(Math.max(0, seen.size() - ReviewPolicy.SEEN_WINDOW), seen.size())));
    ReviewPolicy.Meaning meaning = review.meaningOf(event);
    if (state.getPullRequest() == null && (meaning instanceof ReviewPolicy.Merged || meaning instanceof ReviewPolicy.Closed
        || meaning instanceof ReviewPolicy.Reopened)) {
      turn.event(TaskEventType.INPUT_IGNORED, status, describe(meaning) + ": the task has not opened a pull request; recorded only").setPrItemKey(key);
      return;
    }
    boolean ended = status == TaskStatus.MERGED || status == TaskStatus.CLOSED || status == TaskStatus.CANCELLED;
    TaskEvent recorded = turn.event(TaskEventType.PR_ACTIVITY, status, event.getVia() + " " + event.getType().name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + ": " + describe(meaning) + (event.getUrl().isBlank() ? "" : " (" + event.getUrl() + ")"));
    recorded.setPrItemKey(key);
    recorded.setActor(event.getActor());
    if (meaning instanceof ReviewPolicy.Merged merged) {
      if (status == TaskStatus.MERGED) return;
      turn.event(TaskEventType.PR_MERGED, TaskStatus.MERGED, "pull request merged by " + merged.actor()).setActor(merged.actor());
      turn.end(TaskStatus.MERGED, null, "merged by " + merged.actor() + ": " + state.getSubmitted().getTitle());
    } else if (meaning instanceof ReviewPolicy.Closed closed) {
      if (ended) return;
      turn.event(TaskEventType.PR_CLOSED, TaskStatus.CLOSED, "pull request closed without merging by " + closed.actor()).setActor(closed.actor());
      turn.end(TaskStatus.CLOSED, null, "closed without merging by " + closed.actor());
    } else if (meaning instanceof ReviewPolicy.Reopened reopened) {
      if (status == TaskStatus.CLOSED) turn.transition(TaskStatus.DONE, "pull request reopened by " + reopened.actor() + "; waiting for review");
    } else if (meaning instanceof ReviewPolicy.CiFinished ci) {
      onCiFinished(turn, event, ci, ended);
    } else if (meaning instanceof ReviewPolicy.Feedback feedback) {
      if (ended || state.getPullRequest() == null && status != TaskStatus.TAKEN_OVER) return;
      if (feedback.starts() && status == TaskStatus.DONE) startIteration(turn, feedback.what(), List.of(feedback.item()));
      else addPending(state, List.of(feedback.item()));
    } else if (meaning instanceof ReviewPolicy.Takeover takeover) {
      takeOver(turn, takeover.actor(), "on the pull request", null);
    } else if (meaning instanceof ReviewPolicy.Handback handback) {
      handBack(turn, handback.actor(), handback.note(), event, null);
    }
  }

  /** A CI run on the branch head: recorded; a failure may start a fix iteration once the pull request is ready again. */
  private void onCiFinished(Turn turn, PullRequestEvent event, ReviewPolicy.CiFinished ci, boolean ended) {
    TaskState state = turn.state;
    TaskStatus status = state.getStatus();
    String head = state.getPullRequest() == null ? null : state.getPullRequest().getHeadCommit();
    if (event.getHeadCommit() != null && head != null && !head.equals(event.getHeadCommit())) {
      turn.event(TaskEventType.INPUT_IGNORED, status, ci.what() + ": not the branch head " + shortCommit(head) + "; recorded only");
      return;
    }
    turn.event(ci.passed() ? TaskEventType.CI_PASSED : TaskEventType.CI_FAILED, status, ci.what());
    if (ci.passed() || ended || state.getPullRequest() == null) return;
    if (status != TaskStatus.DONE) {
      addPending(state, List.of(ci.failure()));
    } else if (state.getCiFixIterations() < review.ciFixIterations()) {
      state.setCiFixIterations(state.getCiFixIterations() + 1);
      startIteration(turn, "a failed CI run (" + ci.what() + ")", List.of(ci.failure()));
    } else {
      turn.event(TaskEventType.INPUT_IGNORED, status, "CI failed again; the automatic fix iterations are used up (ci-fix-iterations "
          + review.ciFixIterations() + "): a person decides");
    }
  }

  private static String describe(ReviewPolicy.Meaning meaning) {
    if (meaning instanceof ReviewPolicy.Merged m) return "merged by " + m.actor();
    if (meaning instanceof ReviewPolicy.Closed c) return "closed by " + c.actor();
    if (meaning instanceof ReviewPolicy.Reopened r) return "reopened by " + r.actor();
    if (meaning instanceof ReviewPolicy.Recorded r) return r.what();
    if (meaning instanceof ReviewPolicy.CiFinished c) return c.what();
    if (meaning instanceof ReviewPolicy.Feedback f) return f.what() + (f.starts() ? "" : " (kept for the next iteration)");
    if (meaning instanceof ReviewPolicy.Takeover t) return t.actor() + " takes the branch over";
    return ((ReviewPolicy.Handback) meaning).actor() + " hands the branch back";
  }

  private static void addPending(TaskState state, List<PullRequestFeedback> items) {
    List<PullRequestFeedback> pending = new ArrayList<>(state.getPendingFeedback());
    for (PullRequestFeedback item : items) {
      if (pending.stream().noneMatch(p -> p.getKey().equals(item.getKey()))) pending.add(item);
    }
    state.setPendingFeedback(pending);
  }

  /** A person takes the branch: every agent stops, answers still in flight become stale. */
  private void takeOver(Turn turn, String actor, String note, TaskCommand command) {
    TaskState state = turn.state;
    if (NOT_TAKEABLE.contains(state.getStatus())) {
      String why = "task " + turn.taskId + " is " + state.getStatus() + (state.getTakenOverBy() == null ? "" : " (by " + state.getTakenOverBy() + ")");
      if (command != null) turn.refuse(command, why);
      else turn.event(TaskEventType.INPUT_IGNORED, state.getStatus(), "takeover by " + actor + " ignored: " + why);
      return;
    }
    Ledger.release(state);
    state.setTakenOverBy(actor);
    turn.event(TaskEventType.TAKEN_OVER, TaskStatus.TAKEN_OVER, actor + " took over " + state.getBranch()
        + (note == null ? "" : ": " + note) + "; no agent acts on the task until it is handed back").setActor(actor);
    turn.end(TaskStatus.TAKEN_OVER, null, "taken over by " + actor).setActor(actor);
  }

  /** The person hands the branch back: a new iteration starts from the branch as they left it. */
  private void handBack(Turn turn, String actor, String note, PullRequestEvent comment, TaskCommand command) {
    TaskState state = turn.state;
    if (state.getStatus() != TaskStatus.TAKEN_OVER || state.getIteration() - 1 >= review.maxIterations()) {
      String why = "task " + turn.taskId + " is " + state.getStatus() + ", not taken over";
      if (state.getStatus() == TaskStatus.TAKEN_OVER) {
        why = "the pull request had " + (state.getIteration() - 1) + " review iteration(s), the limit (max-iterations); the branch stays with "
            + state.getTakenOverBy();
      }
      if (command != null) turn.refuse(command, why);
      else turn.event(TaskEventType.INPUT_IGNORED, state.getStatus(), "handback by " + actor + " ignored: " + why);
      return;
    }
    turn.event(TaskEventType.HANDED_BACK, TaskStatus.TAKEN_OVER, actor + " handed " + state.getBranch() + " back"
        + (note == null ? "" : ": " + note)).setActor(actor);
    state.setTakenOverBy(null);
    String body = "The branch was handed back by " + actor + ". Continue from its current state"
        + (note == null ? "" : ", as they ask: " + note) + (state.getPullRequest() == null ? "; then open the pull request." : ".");
    PullRequestFeedback item = PullRequestFeedback.newBuilder()
        .setKey(comment != null ? comment.getItemKey() : "handback:" + turn.causationId)
        .setType(PullRequestEventType.COMMENT)
        .setAuthor(actor)
        .setBody(body)
        .setCommentId(comment == null ? null : comment.getCommentId())
        .setThreadId(comment == null ? null : comment.getThreadId())
        .build();
    startIteration(turn, "the hand-back by " + actor, List.of(item));
  }

  /**
   * A new round of work on the pull request: the manager plans against the feedback, the workers
   * edit, the tests run and the same branch is pushed. Limits and budgets start afresh; the number
   * of rounds is capped (max-iterations).
   */
  private void startIteration(Turn turn, String trigger, List<PullRequestFeedback> items) {
    TaskState state = turn.state;
    addPending(state, items);
    int done = state.getIteration() - 1;
    if (done >= review.maxIterations()) {
      String message = "iteration " + (state.getIteration() + 1) + " for " + trigger + " not started: the pull request had "
          + done + " review iteration(s), the limit (max-iterations); " + state.getPendingFeedback().size() + " item(s) wait for a person";
      turn.guardrailHit(FailureReason.ITERATION_LIMIT, null, message);
      return;
    }
    state.setIteration(state.getIteration() + 1);
    state.setIterationFeedback(state.getPendingFeedback());
    state.setPendingFeedback(List.of());
    state.setIterationStartTokens(Ledger.spentTokens(state));
    state.setIterationStartCostUsd(Ledger.spentCost(state));
    state.setDeadline(turn.now.plus(turn.limits.taskDeadline()));
    state.setManagerCalls(0);
    state.setLoopRevisionUsed(false);
    state.setApprovedPlanVersion(0);
    state.setFailureReason(null);
    state.setFailureCode(null);
    state.setReview(null);
    state.setCurrentStepId(null);
    state.setPlanAttempt(0);
    turn.event(TaskEventType.ITERATION_STARTED, state.getStatus(), "iteration " + state.getIteration() + " for " + trigger + ": "
        + state.getIterationFeedback().size() + " item(s) to address");
    turn.transition(TaskStatus.PLANNING, "iteration " + state.getIteration() + ": updating " + state.getBranch() + " from the remote branch");
    turn.tool(ToolName.PREPARE_WORKSPACE, WORKSPACE_STEP, 1, "prepare").setFromRemoteBranch(true);
  }

  /** The answers posted on the pull request when an iteration ends: what changed, or why nothing did. */
  private static List<CommentReply> replies(TaskState state, String text) {
    List<CommentReply> replies = new ArrayList<>();
    for (PullRequestFeedback item : state.getIterationFeedback()) {
      boolean answerable = item.getCommentId() != null || item.getType() == PullRequestEventType.CI_COMPLETED;
      if (!answerable) continue;
      replies.add(CommentReply.newBuilder().setTo(item).setBody(text)
          .setResolve(item.getType() == PullRequestEventType.REVIEW_COMMENT && state.getFailureCode() == null).build());
    }
    return replies;
  }

  private static final int MAX_REPLY_CHARS = 3000;

  private static String cut(String text) {
    return text.length() <= MAX_REPLY_CHARS ? text : text.substring(0, MAX_REPLY_CHARS) + "\n[... cut]";
  }

  /** Leaves AWAITING_APPROVAL; the time spent waiting does not count against the task's deadline. */
  private static void resumeAfterApproval(Turn turn) {
    TaskState state = turn.state;
    if (state.getApprovalDeadline() != null) {
      Instant askedAt = state.getApprovalDeadline().minus(turn.approvalSla());
      state.setDeadline(state.getDeadline().plus(java.time.Duration.between(askedAt, turn.now)));
    }
    state.setAwaiting(null);
    state.setApprovalDeadline(null);
    state.setResumeStatus(null);
  }

  private void awaitApproval(Turn turn, String what, String reason) {
    TaskState state = turn.state;
    state.setAwaiting(what);
    state.setApprovalDeadline(turn.now.plus(approvals.sla()));
    state.setResumeStatus(TaskStatus.EXECUTING);
    turn.transition(TaskStatus.AWAITING_APPROVAL, "waiting for a person to approve " + describeAwaited(state) + ": " + reason);
    turn.event(TaskEventType.APPROVAL_REQUESTED, TaskStatus.AWAITING_APPROVAL, "plan".equals(what) ? null : what,
        describeAwaited(state) + " needs approval (" + reason + "); expires " + state.getApprovalDeadline());
  }

  private static String describeAwaited(TaskState state) {
    return "plan".equals(state.getAwaiting()) ? "plan v" + state.getPlan().getVersion() : "step " + state.getAwaiting();
  }

  private void onRequestTimedOut(Turn turn) {
    String request = turn.state.getPendingRequestId();
    String reason = "no answer to " + request + " within " + turn.limits.stepTimeout().toMinutes() + " min (step-timeout)";
    turn.state.setPendingRequestId(null);
    turn.state.setPendingDeadline(null);
    Ledger.release(turn.state);
    String stepId = turn.state.getCurrentStepId();
    boolean inStep = turn.state.getStatus() == TaskStatus.EXECUTING && stepId != null && turn.state.getPlan() != null
        && turn.planStep(stepId).getStatus() == StepStatus.RUNNING;
    if (inStep) {
      turn.guardrailHit(FailureReason.STEP_TIMEOUT, stepId, reason);
      stepAttemptFailed(turn, FailureReason.STEP_TIMEOUT, reason);
    } else {
      turn.fail(FailureReason.STEP_TIMEOUT, reason);
    }
  }

  /** Records what a model step cost, as it happens, so spending is visible step by step. */
  private static void modelStepCompleted(Turn turn, StepResult result) {
    var usage = result.getUsage();
    String message = String.format(Locale.ROOT, "%s %s %s%s: %d in / %d out tokens, $%.4f%s%s", roleName(result.getRole()),
        result.getKind().name().toLowerCase(Locale.ROOT), result.getStepId(), result.getModel() == null ? "" : " by " + result.getModel(),
        usage.getInputTokens(), usage.getOutputTokens(), usage.getCostUsd(), result.getModelCalls() > 1 ? ", re-asked once" : "",
        result.getOk() ? "" : " (failed)");
    TaskEvent event = turn.event(TaskEventType.MODEL_STEP_COMPLETED, turn.state.getStatus(), result.getStepId(), message);
    event.setUsage(Usage.newBuilder(usage).build());
  }

  private void onStepResult(Turn turn, StepResult result) {
    turn.state.setPendingRequestId(null);
    switch (result.getKind()) {
      case ANALYZE -> {
        if (!result.getOk()) {
          retryOrFail(turn, FailureReason.MODEL_ERROR, ANALYSIS_STEP, result.getAttempt(), "the repository analysis failed: " + result.getError(),
              attempt -> requestAnalysis(turn, attempt, result.getError()));
          return;
        }
        turn.state.setAnalysis(result.getText());
        String base = turn.state.getBaseCommit();
        turn.commands.add(AnalysisCached.newBuilder().setMeta(turn.meta()).setRepository(turn.state.getSubmitted().getRepository())
            .setCommit(base == null ? "" : base).setAnalysis(result.getText()).build());
        requestPlan(turn, 1, null);
      }
      case PLAN -> onPlan(turn, result);
      case REVISE -> onRevisedPlan(turn, result);
      case EXECUTE -> {
        if (!result.getOk()) {
          stepAttemptFailed(turn, FailureReason.MODEL_ERROR, "the worker's answer was unusable: " + result.getError());
          return;
        }
        StepProgress progress = turn.progress(result.getStepId());
        progress.setResultText(result.getText());
        ToolRequest apply = apply(turn, result.getStepId(), result.getAttempt());
        apply.setEdits(result.getEdits());
        apply.setUnifiedDiff(result.getUnifiedDiff());
        apply.setCommit(turn.state.getLastGoodCommit());
        apply.setTitle("agentline " + turn.taskId + " step " + result.getStepId() + ": " + turn.planStep(result.getStepId()).getDescription());
      }
      case EVALUATE -> onEvaluation(turn, result);
      case REVIEW -> {
        if (!result.getOk() || result.getReview() == null) {
          turn.fail(FailureReason.MODEL_ERROR, "the review of the final diff failed: " + (result.getOk() ? "the answer carried no review" : result.getError()));
          return;
        }
        Review review = result.getReview();
        turn.state.setReview(review);
        TaskEvent reviewed = turn.event(TaskEventType.REVIEWED, TaskStatus.VALIDATING, REVIEW_STEP,
            "review " + review.getVerdict().name().toLowerCase(Locale.ROOT).replace('_', '-') + ": " + review.getSummary());
        reviewed.setReview(review);
        turn.transition(TaskStatus.SUMMARIZING, "reviewed; asking the manager for a summary");
        if (turn.state.getIteration() > 1) {
          // the summary of an iteration is the reply to each comment: what this iteration changed
          ToolRequest diff = turn.tool(ToolName.DIFF, SUMMARY_STEP, 1, "iteration");
          diff.setDiffBase(turn.state.getIterationBaseCommit());
          diff.setCommit(turn.state.getLastGoodCommit());
          return;
        }
        requestSummary(turn, 1, null);
      }
      case SUMMARIZE -> {
        if (!result.getOk()) {
          retryOrFail(turn, FailureReason.MODEL_ERROR, SUMMARY_STEP, result.getAttempt(), "summary failed: " + result.getError(),
              attempt -> requestSummary(turn, attempt, result.getError()));
          return;
        }
        turn.state.setSummary(result.getText());
        ToolRequest pr = turn.tool(ToolName.OPEN_PR, SUMMARY_STEP, result.getAttempt(), "pr");
        pr.setTitle(turn.state.getSubmitted().getTitle());
        PullRequest open = turn.state.getPullRequest();
        pr.setBody(open == null ? PullRequestBody.render(turn.state, result.getText(), timelineUrl.replace("{taskId}", turn.taskId))
            : PullRequestBody.withIteration(open.getBody(), turn.state, result.getText()));
        pr.setCommit(turn.state.getLastGoodCommit());
      }
    }
  }

  private void onPlan(Turn turn, StepResult result) {
    FailureReason code = FailureReason.INVALID_PLAN;
    String problem = result.getOk()
        ? result.getPlan() == null ? "the manager's answer carried no plan" : PlanCheck.problem(result.getPlan(), turn.limits.maxSteps()).orElse(null)
        : "the manager's plan was unusable: " + result.getError();
    if (problem == null) {
      Optional<String> path = pathProblem(turn, result.getPlan());
      if (path.isPresent()) {
        problem = path.get();
        code = problem.startsWith("protected") ? FailureReason.PROTECTED_PATH : FailureReason.PATH_NOT_ALLOWED;
        turn.guardrailHit(code, PLAN_STEP, "the plan names a file it may not change: " + problem);
      }
    }
    if (problem != null) {
      if (problem.contains("(max-steps)")) {
        turn.fail(FailureReason.STEP_LIMIT, problem);
        return;
      }
      String feedback = problem;
      retryOrFail(turn, code, PLAN_STEP, result.getAttempt(), "planning failed: " + problem, attempt -> requestPlan(turn, attempt, feedback));
      return;
    }
    Plan plan = result.getPlan();
    List<StepProgress> progress = new ArrayList<>();
    for (PlanStep step : plan.getSteps()) {
      step.setStatus(StepStatus.PENDING);
      progress.add(StepProgress.newBuilder().setStepId(step.getId()).build());
    }
    plan.setVersion(1);
    turn.state.setPlan(plan);
    turn.state.setSteps(progress);
    turn.state.setPlannedStepIds(plan.getSteps().stream().map(PlanStep::getId).toList());
    TaskEvent accepted = turn.event(TaskEventType.PLAN_ACCEPTED, TaskStatus.PLANNING, plan.getSteps().size() + " step(s) to " + plan.getGoal());
    accepted.setPlan(Plan.newBuilder(plan).build());
    executeOrAwaitApproval(turn);
  }

  /** Runs the plan, unless the approval policy wants a person to approve this version first. */
  private void executeOrAwaitApproval(Turn turn) {
    Plan plan = turn.state.getPlan();
    Optional<String> reason = turn.state.getApprovedPlanVersion() >= plan.getVersion() ? Optional.empty()
        : approvals.reasonToApprove(turn.state.getSubmitted(), plan);
    if (reason.isPresent()) {
      awaitApproval(turn, "plan", reason.get());
      return;
    }
    if (turn.state.getStatus() != TaskStatus.EXECUTING) {
      turn.transition(TaskStatus.EXECUTING, "executing " + plan.getSteps().size() + " step(s)");
    }
    startNextStep(turn);
  }

  private static Optional<String> pathProblem(Turn turn, Plan plan) {
    for (PlanStep step : plan.getSteps()) {
      for (String file : step.getFiles()) {
        Optional<String> refusal = turn.limits.paths().refusal(file);
        if (refusal.isPresent()) return Optional.of(refusal.get() + " (step " + step.getId() + ")");
      }
    }
    return Optional.empty();
  }

  private void onEvaluation(Turn turn, StepResult result) {
    String stepId = result.getStepId();
    Evaluation evaluation = result.getEvaluation();
    if (!result.getOk() || evaluation == null) {
      turn.fail(FailureReason.MODEL_ERROR, "the manager could not evaluate step " + stepId + ": " + (result.getOk() ? "the answer carried no evaluation" : result.getError()));
      return;
    }
    TaskEvent evaluated = turn.event(TaskEventType.STEP_EVALUATED, TaskStatus.EXECUTING, stepId,
        "step " + stepId + " evaluated " + evaluation.getVerdict().name().toLowerCase(Locale.ROOT) + ": " + evaluation.getFeedback());
    evaluated.setEvaluation(evaluation);
    TestRun tests = turn.progress(stepId).getTests();
    if (tests != null && !tests.getPassed()) {
      // the step's tests fail: it cannot be accepted, whatever the verdict; the manager's feedback guides the next attempt
      String failure = turn.progress(stepId).getLastError();
      if (evaluation.getVerdict() == Verdict.REVISE) {
        reviseOrFail(turn, FailureReason.REVISION_LIMIT, evaluation.getFeedback() + "\nStep " + stepId + " failed: " + failure);
      } else {
        stepAttemptFailed(turn, FailureReason.ATTEMPT_LIMIT, failure + "\nThe manager's feedback: " + evaluation.getFeedback());
      }
      return;
    }
    switch (evaluation.getVerdict()) {
      case ACCEPT -> {
        if (approvals.stepApproval()) {
          awaitApproval(turn, stepId, "every step needs approval (step-approval: always)");
          return;
        }
        completeStep(turn, stepId);
        startNextStep(turn);
      }
      case RETRY -> stepAttemptFailed(turn, FailureReason.ATTEMPT_LIMIT, "the manager asked for another attempt: " + evaluation.getFeedback());
      case REVISE -> {
        completeStep(turn, stepId);
        reviseOrFail(turn, FailureReason.REVISION_LIMIT, evaluation.getFeedback());
      }
    }
  }

  /** Asks the manager for the next plan version, unless the plan was revised too often already. */
  private void reviseOrFail(Turn turn, FailureReason code, String feedback) {
    int revision = turn.state.getPlan().getVersion();
    if (revision > turn.limits.maxPlanRevisions()) {
      turn.fail(code == FailureReason.PLAN_REJECTED ? code : FailureReason.REVISION_LIMIT, "the plan needed revising more than "
          + turn.limits.maxPlanRevisions() + " time(s) (max-plan-revisions): " + feedback);
      return;
    }
    requestRevision(turn, revision, feedback);
  }

  private void onRevisedPlan(Turn turn, StepResult result) {
    Plan current = turn.state.getPlan();
    Plan revised = result.getPlan();
    String problem = !result.getOk() ? result.getError()
        : revised == null ? "the answer carried no plan" : PlanCheck.problem(revised, turn.limits.maxSteps()).orElse(null);
    if (problem == null) problem = pathProblem(turn, revised).orElse(null);
    if (problem != null) {
      turn.fail(FailureReason.INVALID_PLAN, "the manager could not revise the plan: " + problem);
      return;
    }
    List<PlanStep> merged = new ArrayList<>();
    for (PlanStep old : current.getSteps()) {
      if (old.getStatus() == StepStatus.DONE && revised.getSteps().stream().noneMatch(s -> s.getId().equals(old.getId()))) merged.add(old);
    }
    List<StepProgress> progress = new ArrayList<>();
    for (PlanStep step : revised.getSteps()) {
      PlanStep old = Steps.step(current, step.getId()).orElse(null);
      step.setStatus(old != null && old.getStatus() == StepStatus.DONE ? StepStatus.DONE : StepStatus.PENDING);
      merged.add(step);
    }
    for (PlanStep step : merged) {
      StepProgress known = Steps.progress(turn.state, step.getId()).orElse(null);
      progress.add(known != null && step.getStatus() == StepStatus.DONE ? known : StepProgress.newBuilder().setStepId(step.getId()).build());
    }
    Plan plan = Plan.newBuilder().setGoal(revised.getGoal()).setSteps(merged).setVersion(current.getVersion() + 1).build();
    turn.state.setPlan(plan);
    turn.state.setSteps(progress);
    TaskEvent event = turn.event(TaskEventType.PLAN_REVISED, TaskStatus.EXECUTING,
        "plan v" + plan.getVersion() + ": " + plan.getSteps().size() + " step(s) to " + plan.getGoal());
    event.setPlan(Plan.newBuilder(plan).build());
    executeOrAwaitApproval(turn);
  }

  private void onToolResult(Turn turn, ToolResult result) {
    turn.state.setPendingRequestId(null);
    String stepId = RequestIds.stepId(result.getRequestId());
    int attempt = RequestIds.attempt(result.getRequestId());
    switch (result.getTool()) {
      case PREPARE_WORKSPACE -> {
        if (!result.getOk()) {
          turn.fail(FailureReason.TOOL_ERROR, "the workspace could not be prepared: " + result.getError());
          return;
        }
        turn.state.setRepositoryFiles(result.getRepositoryFiles());
        turn.state.setLastGoodCommit(result.getCommit());
        if (turn.state.getIteration() > 1) {
          // the branch as it is on the remote, a person's commits included; the manager sees the whole change so far
          turn.state.setIterationBaseCommit(result.getCommit());
          ToolRequest diff = turn.tool(ToolName.DIFF, PLAN_STEP, 1, "branch");
          diff.setDiffBase(turn.state.getBaseCommit());
          diff.setCommit(result.getCommit());
          return;
        }
        turn.state.setBaseCommit(result.getCommit());
        turn.transition(TaskStatus.PLANNING, "workspace ready on " + turn.state.getBranch() + " at " + shortCommit(result.getCommit()));
        ToolRequest map = turn.tool(ToolName.GATHER_CONTEXT, WORKSPACE_STEP, 1, "map");
        map.setIncludeRepositoryMap(true);
        map.setCommit(result.getCommit());
      }
      case GATHER_CONTEXT -> {
        if (WORKSPACE_STEP.equals(stepId)) onRepositoryMap(turn, result);
        else onStepContext(turn, result, stepId, attempt);
      }
      case READ_FILES -> onStepContext(turn, result, stepId, attempt);
      case APPLY_EDITS -> {
        if (!result.getOk()) {
          FailureReason code = result.getErrorCode() != null ? result.getErrorCode() : FailureReason.TOOL_ERROR;
          if (GUARDRAILS.contains(code)) turn.guardrailHit(code, stepId, "the tool runner refused the edits: " + result.getError());
          stepAttemptFailed(turn, code == FailureReason.TOOL_ERROR ? FailureReason.ATTEMPT_LIMIT : code, "the edits could not be applied: " + result.getError());
          return;
        }
        StepProgress applied = turn.progress(stepId);
        applied.setCommit(result.getCommit());
        applied.setTouchedFiles(result.getChangedFiles());
        List<String> hashes = new ArrayList<>(applied.getPatchHashes());
        hashes.add(LoopDetector.patchHash(result.getDiff()));
        applied.setPatchHashes(hashes);
        turn.event(TaskEventType.EDITS_APPLIED, turn.state.getStatus(), stepId, "step " + stepId + ": " + result.getOutput());
        runTests(turn, stepId, attempt, result.getCommit());
      }
      case RUN_TESTS -> onTests(turn, result, stepId, attempt);
      case LINT -> onLint(turn, result);
      case DIFF -> {
        if (!result.getOk()) {
          turn.fail(FailureReason.TOOL_ERROR, "the diff could not be made: " + result.getError());
          return;
        }
        if (REVIEW_STEP.equals(stepId)) {
          requestReview(turn, result.getDiff());
        } else if (PLAN_STEP.equals(stepId)) {
          requestPlan(turn, 1, null).setDiff(result.getDiff());
        } else if (SUMMARY_STEP.equals(stepId)) {
          requestSummary(turn, 1, null).setDiff(result.getDiff());
        } else {
          requestEvaluation(turn, stepId, attempt, result.getDiff());
        }
      }
      case OPEN_PR -> {
        if (!result.getOk()) {
          turn.fail(FailureReason.TOOL_ERROR, "the pull request could not be opened: " + result.getError());
          return;
        }
        PullRequest pr = result.getPullRequest();
        boolean updated = turn.state.getPullRequest() != null;
        turn.state.setPullRequest(pr);
        if (turn.state.getPrReadyAt() == null) turn.state.setPrReadyAt(turn.now);
        turn.transition(TaskStatus.PR_OPENED, (updated ? "pull request updated: " : "pull request opened: ") + pr.getUrl());
        TaskEvent opened = turn.event(updated ? TaskEventType.PR_UPDATED : TaskEventType.PR_OPENED, TaskStatus.PR_OPENED,
            "branch " + pr.getBranch() + " pushed at " + shortCommit(pr.getHeadCommit()));
        opened.setPullRequest(pr);
        String summary = turn.state.getSummary() == null ? "" : turn.state.getSummary().strip();
        if (!answer(turn, "Done in " + shortCommit(pr.getHeadCommit()) + (summary.isEmpty() ? "." : ": " + summary), "addressed")) {
          turn.state.setIterationFeedback(List.of());
          turn.end(TaskStatus.DONE, null, iterationDone(turn.state));
        }
      }
      case REPLY_COMMENTS -> {
        TaskEvent replied = turn.event(TaskEventType.COMMENTS_REPLIED, turn.state.getStatus(), result.getOk()
            ? "answered " + result.getRepliedKeys().size() + " comment(s) on " + turn.state.getPullRequest().getUrl()
            : "the comments could not be answered: " + result.getError());
        replied.setPullRequest(turn.state.getPullRequest());
        String reason = turn.state.getFailureReason();
        turn.state.setIterationFeedback(List.of());
        turn.end(TaskStatus.DONE, null, reason == null ? iterationDone(turn.state)
            : "iteration " + turn.state.getIteration() + " stopped (" + turn.state.getFailureCode() + "): " + reason + "; the pull request is unchanged");
      }
      case SEARCH -> turn.event(TaskEventType.INPUT_IGNORED, turn.state.getStatus(), "search results are not used by the workflow");
    }
  }

  private static String iterationDone(TaskState state) {
    return (state.getIteration() > 1 ? "iteration " + state.getIteration() + " done: " : "done: ") + state.getSubmitted().getTitle();
  }

  /**
   * Asks the tool runner to answer the iteration's comments with {@code text}; false when there is
   * nothing to answer (the first iteration, or feedback with nothing to reply to).
   */
  private static boolean answer(Turn turn, String text, String phase) {
    if (turn.state.getIteration() < 2 || turn.state.getPullRequest() == null) return false;
    List<CommentReply> replies = replies(turn.state, cut(text));
    if (replies.isEmpty()) return false;
    ToolRequest reply = turn.tool(ToolName.REPLY_COMMENTS, REPLY_STEP, 1, phase);
    reply.setPullRequestUrl(turn.state.getPullRequest().getUrl());
    reply.setReplies(replies);
    return true;
  }

  private void onRepositoryMap(Turn turn, ToolResult result) {
    if (!result.getOk()) {
      turn.fail(FailureReason.TOOL_ERROR, "the repository map could not be built: " + result.getError());
      return;
    }
    turn.state.setRepositoryMap(result.getRepositoryMap());
    String repository = turn.state.getSubmitted().getRepository();
    Optional<String> cached = turn.cache.find(repository, turn.state.getBaseCommit());
    if (cached.isPresent()) {
      turn.state.setAnalysis(cached.get());
      turn.event(TaskEventType.ANALYSIS_REUSED, TaskStatus.PLANNING,
          "reusing the analysis of " + repository + " at " + shortCommit(turn.state.getBaseCommit()));
      requestPlan(turn, 1, null);
      return;
    }
    requestAnalysis(turn, 1, null);
  }

  private void onStepContext(Turn turn, ToolResult result, String stepId, int attempt) {
    if (!result.getOk()) {
      stepAttemptFailed(turn, FailureReason.ATTEMPT_LIMIT, "context could not be gathered: " + result.getError());
      return;
    }
    PlanStep step = turn.planStep(stepId);
    StepRequest request = turn.step(roleFor(step.getType()), StepKind.EXECUTE, stepId, attempt, null);
    request.setFiles(result.getFiles());
    request.setSearchHits(result.getSearchHits());
    request.setRepositoryFiles(turn.state.getRepositoryFiles());
    request.setRepositoryMap(turn.state.getRepositoryMap());
    request.setAnalysis(turn.state.getAnalysis());
    request.setFeedback(turn.progress(stepId).getLastError());
    request.setNotes("Step " + stepId + ": " + step.getDescription());
  }

  private void onTests(Turn turn, ToolResult result, String stepId, int attempt) {
    TestRun tests = result.getTests();
    boolean validating = VALIDATE_STEP.equals(stepId);
    if (result.getErrorCode() == FailureReason.COMMAND_NOT_ALLOWED) {
      // configuration, not the step: another attempt would be refused the same way
      turn.fail(FailureReason.COMMAND_NOT_ALLOWED, "the tool runner refused the test command: " + result.getError());
      return;
    }
    if (!result.getOk() || tests == null) {
      String reason = "the tests could not run: " + result.getError();
      if (validating) turn.fail(FailureReason.TOOL_ERROR, reason);
      else stepAttemptFailed(turn, FailureReason.ATTEMPT_LIMIT, reason);
      return;
    }
    TaskEvent event = turn.event(tests.getPassed() ? TaskEventType.TESTS_PASSED : TaskEventType.TESTS_FAILED,
        turn.state.getStatus(), validating ? null : stepId, tests.getSummary());
    event.setTests(tests);
    if (validating) {
      turn.state.setFinalTests(tests);
      if (!tests.getPassed()) {
        turn.fail(FailureReason.TESTS_FAILED, "the full test run failed: " + tests.getSummary());
        return;
      }
      String lint = turn.state.getSubmitted().getLintCommand();
      if (lint != null && !lint.isBlank()) {
        ToolRequest request = turn.tool(ToolName.LINT, LINT_STEP, 1, "lint");
        request.setCommand(lint);
        request.setTimeoutSeconds(turn.limits.testTimeoutSeconds());
        request.setCommit(turn.state.getLastGoodCommit());
        return;
      }
      requestReviewDiff(turn);
      return;
    }
    StepProgress progress = turn.progress(stepId);
    progress.setTests(tests);
    if (!tests.getPassed()) {
      List<String> signatures = new ArrayList<>(progress.getFailureSignatures());
      signatures.add(LoopDetector.failureSignature(tests));
      progress.setFailureSignatures(signatures);
      String reason = "the tests failed after the edits: " + TestReport.describe(tests);
      if (managerMayJudgeFailure(turn, progress)) {
        // the manager sees the failing tests and the diff, and says how the worker should try again (or revises the plan)
        progress.setLastError(reason);
        ToolRequest diff = turn.tool(ToolName.DIFF, stepId, attempt, "diff");
        diff.setDiffBase(turn.state.getLastGoodCommit());
        diff.setCommit(progress.getCommit());
        return;
      }
      stepAttemptFailed(turn, FailureReason.ATTEMPT_LIMIT, reason);
      return;
    }
    ToolRequest diff = turn.tool(ToolName.DIFF, stepId, attempt, "diff");
    diff.setDiffBase(turn.state.getLastGoodCommit());
    diff.setCommit(progress.getCommit());
  }

  /**
   * A failed attempt goes to the manager for judgement while another attempt is allowed, a manager
   * call is left and the step is not going round in circles; otherwise it simply counts as failed.
   */
  private static boolean managerMayJudgeFailure(Turn turn, StepProgress progress) {
    return progress.getAttempt() < turn.limits.maxAttemptsPerStep()
        && turn.state.getManagerCalls() < turn.limits.maxManagerCalls()
        && new LoopDetector(turn.limits.loopThreshold()).loop(progress).isEmpty();
  }

  private void onLint(Turn turn, ToolResult result) {
    TestRun lint = result.getTests();
    if (result.getErrorCode() == FailureReason.COMMAND_NOT_ALLOWED) {
      turn.fail(FailureReason.COMMAND_NOT_ALLOWED, "the tool runner refused the lint command: " + result.getError());
      return;
    }
    if (!result.getOk() || lint == null) {
      turn.fail(FailureReason.TOOL_ERROR, "the linter could not run: " + result.getError());
      return;
    }
    TaskEvent event = turn.event(lint.getPassed() ? TaskEventType.LINT_PASSED : TaskEventType.LINT_FAILED, TaskStatus.VALIDATING, lint.getSummary());
    event.setTests(lint);
    if (!lint.getPassed()) {
      turn.fail(FailureReason.LINT_FAILED, "the linter failed: " + lint.getSummary());
      return;
    }
    requestReviewDiff(turn);
  }

  private static void requestReviewDiff(Turn turn) {
    ToolRequest diff = turn.tool(ToolName.DIFF, REVIEW_STEP, 1, "diff");
    diff.setDiffBase(turn.state.getBaseCommit());
    diff.setCommit(turn.state.getLastGoodCommit());
  }

  private void completeStep(Turn turn, String stepId) {
    StepProgress progress = turn.progress(stepId);
    turn.planStep(stepId).setStatus(StepStatus.DONE);
    turn.state.setLastGoodCommit(progress.getCommit());
    turn.event(TaskEventType.STEP_COMPLETED, TaskStatus.EXECUTING, stepId, "step " + stepId + " done on attempt " + progress.getAttempt());
  }

  private void startNextStep(Turn turn) {
    Plan plan = turn.state.getPlan();
    for (PlanStep step : plan.getSteps()) {
      if (step.getStatus() != StepStatus.PENDING) continue;
      boolean ready = step.getDependsOn().stream().allMatch(dep -> turn.planStep(dep).getStatus() == StepStatus.DONE);
      if (!ready) continue;
      step.setStatus(StepStatus.RUNNING);
      turn.event(TaskEventType.STEP_STARTED, TaskStatus.EXECUTING, step.getId(),
          "step " + step.getId() + " (" + step.getType().name().toLowerCase(Locale.ROOT).replace('_', '-') + "): " + step.getDescription());
      startAttempt(turn, step.getId(), 1);
      return;
    }
    boolean allDone = plan.getSteps().stream().allMatch(s -> s.getStatus() == StepStatus.DONE);
    if (!allDone) {
      turn.fail(FailureReason.STUCK, "no plan step can start: the remaining steps wait on steps that did not finish");
      return;
    }
    turn.transition(TaskStatus.VALIDATING, "all " + plan.getSteps().size() + " step(s) done; running the full test suite");
    runTests(turn, VALIDATE_STEP, 1, turn.state.getLastGoodCommit());
  }

  private void startAttempt(Turn turn, String stepId, int attempt) {
    turn.state.setCurrentStepId(stepId);
    turn.progress(stepId).setAttempt(attempt);
    PlanStep step = turn.planStep(stepId);
    ToolRequest context = turn.tool(ToolName.GATHER_CONTEXT, stepId, attempt, "context");
    context.setPaths(step.getFiles());
    context.setQueries(step.getSearchQueries());
    context.setCommit(turn.state.getLastGoodCommit());
  }

  /** An APPLY_EDITS request carrying the task's path rules and change limits, for the tool runner to enforce. */
  private static ToolRequest apply(Turn turn, String stepId, int attempt) {
    ToolRequest apply = turn.tool(ToolName.APPLY_EDITS, stepId, attempt, "apply");
    apply.setAllowedPaths(turn.limits.paths().allowed());
    apply.setProtectedPaths(turn.limits.paths().protectedPaths());
    apply.setMaxFilesChanged(turn.limits.maxFilesChanged());
    apply.setMaxDiffLines(turn.limits.maxDiffLines());
    return apply;
  }

  /**
   * One attempt of the current step failed: try again with the failure as feedback, or — when the
   * step repeats itself — let the manager revise the plan once, or end the task.
   */
  private void stepAttemptFailed(Turn turn, FailureReason code, String reason) {
    String stepId = turn.state.getCurrentStepId();
    StepProgress progress = turn.progress(stepId);
    progress.setLastError(reason);
    turn.event(TaskEventType.STEP_FAILED, TaskStatus.EXECUTING, stepId, "step " + stepId + " attempt " + progress.getAttempt() + " failed: " + reason);
    Optional<String> loop = new LoopDetector(turn.limits.loopThreshold()).loop(progress);
    if (loop.isPresent()) {
      String message = "step " + stepId + " is going round in circles: " + loop.get();
      turn.event(TaskEventType.LOOP_DETECTED, TaskStatus.EXECUTING, stepId, message).setReason(FailureReason.LOOP_DETECTED);
      if (turn.state.getLoopRevisionUsed()) {
        turn.fail(FailureReason.LOOP_DETECTED, message + "; the plan was already revised once for a loop");
        return;
      }
      turn.state.setLoopRevisionUsed(true);
      requestRevision(turn, turn.state.getPlan().getVersion(), message + ". Last failure: " + reason + ". Change the plan so this step is not repeated as is.");
      return;
    }
    retryOrFail(turn, code, stepId, progress.getAttempt(), "step " + stepId + " failed: " + reason, next -> startAttempt(turn, stepId, next));
  }

  private void retryOrFail(Turn turn, FailureReason code, String stepId, int attempt, String reason, java.util.function.IntConsumer retry) {
    if (attempt >= turn.limits.maxAttemptsPerStep()) {
      if (turn.state.getPlan() != null) {
        Steps.step(turn.state.getPlan(), stepId).ifPresent(s -> s.setStatus(StepStatus.FAILED));
      }
      turn.fail(code, reason + " (after " + attempt + " attempt(s), max-attempts-per-step " + turn.limits.maxAttemptsPerStep() + ")");
      return;
    }
    turn.event(TaskEventType.STEP_RETRIED, turn.state.getStatus(), stepId, "retrying " + stepId + " (attempt " + (attempt + 1) + ") with the failure as feedback");
    retry.accept(attempt + 1);
  }

  private void requestAnalysis(Turn turn, int attempt, String feedback) {
    StepRequest request = turn.step(Role.ANALYSIS, StepKind.ANALYZE, ANALYSIS_STEP, attempt, null);
    request.setRepositoryFiles(turn.state.getRepositoryFiles());
    request.setRepositoryMap(turn.state.getRepositoryMap());
    request.setFeedback(feedback);
  }

  private StepRequest requestPlan(Turn turn, int attempt, String feedback) {
    turn.state.setPlanAttempt(attempt);
    StepRequest request = turn.step(Role.MANAGER, StepKind.PLAN, PLAN_STEP, attempt, null);
    request.setRepositoryFiles(turn.state.getRepositoryFiles());
    request.setRepositoryMap(turn.state.getRepositoryMap());
    request.setAnalysis(turn.state.getAnalysis());
    request.setFeedback(feedback);
    return request;
  }

  private void requestRevision(Turn turn, int revision, String feedback) {
    StepRequest request = turn.step(Role.MANAGER, StepKind.REVISE, PLAN_STEP, revision, "revise");
    request.setRepositoryFiles(turn.state.getRepositoryFiles());
    request.setAnalysis(turn.state.getAnalysis());
    request.setFeedback(feedback);
    request.setNotes(PullRequestBody.outcomes(turn.state));
  }

  private void requestEvaluation(Turn turn, String stepId, int attempt, String diff) {
    StepProgress progress = turn.progress(stepId);
    StepRequest request = turn.step(Role.MANAGER, StepKind.EVALUATE, stepId, attempt, "evaluate");
    request.setDiff(diff);
    request.setTests(progress.getTests());
    request.setNotes("Step " + stepId + ": " + turn.planStep(stepId).getDescription());
  }

  private void requestReview(Turn turn, String diff) {
    StepRequest request = turn.step(Role.REVIEW, StepKind.REVIEW, REVIEW_STEP, 1, null);
    request.setDiff(diff);
    request.setTests(turn.state.getFinalTests());
  }

  private StepRequest requestSummary(Turn turn, int attempt, String feedback) {
    StepRequest request = turn.step(Role.MANAGER, StepKind.SUMMARIZE, SUMMARY_STEP, attempt, null);
    request.setFeedback(feedback);
    request.setTests(turn.state.getFinalTests());
    request.setNotes(PullRequestBody.outcomes(turn.state));
    return request;
  }

  private void runTests(Turn turn, String stepId, int attempt, String commit) {
    ToolRequest tests = turn.tool(ToolName.RUN_TESTS, stepId, attempt, "test");
    PlanStep step = Steps.step(turn.state.getPlan(), stepId).orElse(null);
    // a step runs its targeted tests when the plan names them; the full suite always runs in VALIDATING
    tests.setCommand(step != null && step.getTestCommand() != null ? step.getTestCommand() : turn.state.getSubmitted().getTestCommand());
    tests.setTimeoutSeconds(turn.limits.testTimeoutSeconds());
    turn.state.setPendingDeadline(turn.now.plus(turn.limits.stepTimeout()).plusSeconds(turn.limits.testTimeoutSeconds()));
    tests.setCommit(commit);
  }

  /** Input tokens a request's prompt could take: its text, four characters a token, plus the template. */
  static long estimatedInputTokens(StepRequest request) {
    long chars = request.getTicket().getTitle().length() + request.getTicket().getDescription().length();
    for (String criterion : request.getTicket().getAcceptanceCriteria()) chars += criterion.length();
    if (request.getPlan() != null) chars += request.getPlan().toString().length();
    for (String file : request.getRepositoryFiles()) chars += file.length() + 1;
    for (var file : request.getFiles()) chars += file.getPath().length() + file.getContent().length();
    for (String hit : request.getSearchHits()) chars += hit.length() + 1;
    for (String text : new String[] {request.getFeedback(), request.getNotes(), request.getRepositoryMap(), request.getAnalysis(), request.getDiff()}) {
      if (text != null) chars += text.length();
    }
    if (request.getTests() != null) chars += request.getTests().getOutputTail().length() + request.getTests().getSummary().length();
    for (PullRequestFeedback item : request.getReviewFeedback()) chars += item.getBody().length() + item.getAuthor().length() + 16;
    return (chars + 3) / 4 + TEMPLATE_TOKENS;
  }

  static String roleName(Role role) {
    return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
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
    if (input instanceof TaskInput.PullRequestActivity a) return a.record().getMeta().getTaskId();
    throw new IllegalArgumentException("a tick needs a task state");
  }

  private static String describe(TaskInput input) {
    if (input instanceof TaskInput.Submitted) return "submission";
    if (input instanceof TaskInput.Command c) return "command " + c.record().getType();
    if (input instanceof TaskInput.StepAnswered a) return "step result " + a.record().getRequestId();
    if (input instanceof TaskInput.ToolAnswered a) return "tool result " + a.record().getRequestId();
    if (input instanceof TaskInput.PullRequestActivity a) return "pull request event " + a.record().getItemKey();
    return "tick";
  }

  /** One input being handled: the state as it changes and the records it causes. */
  private final class Turn {
    TaskState state;
    final String taskId;
    final String causationId;
    final Instant now;
    final AnalysisCache cache;
    /** This task's guardrails: the repository's, with the ticket's overrides. */
    Guardrails limits;
    private final List<SpecificRecordBase> commands = new ArrayList<>();

    Turn(TaskState state, String taskId, String causationId, Instant now, AnalysisCache cache) {
      this.state = state == null ? null : TaskState.newBuilder(state).build();
      this.taskId = taskId;
      this.causationId = causationId;
      this.now = now;
      this.cache = cache;
      this.limits = state == null ? guardrails.defaults() : guardrails.forTask(state.getSubmitted());
    }

    java.time.Duration approvalSla() {
      return approvals.sla();
    }

    Decision decision() {
      if (state != null) {
        reserveForModelStep();
        state.setUpdatedAt(now);
      }
      return new Decision(state, commands);
    }

    /** A model step is dispatched only when the budget covers its worst case, which it then holds. */
    private void reserveForModelStep() {
      StepRequest request = commands.stream().filter(StepRequest.class::isInstance).map(StepRequest.class::cast).findFirst().orElse(null);
      if (request == null) return;
      if (request.getRole() == Role.MANAGER) {
        if (state.getManagerCalls() >= limits.maxManagerCalls()) {
          commands.remove(request);
          fail(FailureReason.MANAGER_CALL_LIMIT, "the manager made " + state.getManagerCalls() + " calls, the limit (max-manager-calls); "
              + request.getKind().name().toLowerCase(Locale.ROOT) + " " + request.getStepId() + " was not sent");
          return;
        }
        state.setManagerCalls(state.getManagerCalls() + 1);
      }
      CallCosts.Reservation worst = costs.worstCase(request.getRole(), estimatedInputTokens(request));
      String what = "the next call (" + roleName(request.getRole()) + " " + request.getKind().name().toLowerCase(Locale.ROOT)
          + " " + request.getStepId() + ")";
      Optional<String> shortfall = Ledger.shortfall(state, worst, what);
      if (shortfall.isEmpty()) {
        Ledger.reserve(state, worst);
        return;
      }
      commands.remove(request);
      if (request.getRole() == Role.MANAGER) state.setManagerCalls(state.getManagerCalls() - 1);
      guardrailHit(FailureReason.BUDGET_EXHAUSTED, request.getStepId(), shortfall.get());
      end(TaskStatus.BUDGET_EXHAUSTED, FailureReason.BUDGET_EXHAUSTED, shortfall.get());
    }

    boolean isPending(String requestId) {
      if (requestId.equals(state.getPendingRequestId())) {
        state.setPendingDeadline(null);
        return true;
      }
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
      TaskEvent event = TaskEvent.newBuilder().setMeta(meta()).setType(type).setStatus(status).setStepId(stepId).setMessage(message)
          .setIteration(state == null ? 1 : state.getIteration()).build();
      commands.add(event);
      return event;
    }

    void transition(TaskStatus to, String message) {
      TaskStatus from = state.getStatus();
      state.setStatus(to);
      TaskEvent event = event(TaskEventType.STATE_CHANGED, to, message);
      event.setPreviousStatus(from);
    }

    void fail(FailureReason code, String reason) {
      if (GUARDRAILS.contains(code) && code != FailureReason.BUDGET_EXHAUSTED) guardrailHit(code, state.getCurrentStepId(), reason);
      end(TaskStatus.FAILED, code, reason);
    }

    /**
     * Ends the task: a terminal state with its reason (and typed code, except for DONE). A review
     * iteration that fails or runs out of budget does not end the task: its pull request stays as
     * it was, the comments are answered with the reason, and the task waits for review again.
     */
    TaskEvent end(TaskStatus status, FailureReason code, String reason) {
      if ((status == TaskStatus.FAILED || status == TaskStatus.BUDGET_EXHAUSTED) && state.getIteration() > 1 && state.getPullRequest() != null) {
        return iterationStopped(code, reason);
      }
      return settle(status, code, reason, reason);
    }

    /** Records the reason (when there is a code), stops waiting for anything, and moves to {@code status} saying {@code message}. */
    private TaskEvent settle(TaskStatus status, FailureReason code, String reason, String message) {
      if (code != null) {
        state.setFailureReason(reason);
        state.setFailureCode(code);
      }
      state.setPendingRequestId(null);
      state.setPendingDeadline(null);
      state.setAwaiting(null);
      state.setApprovalDeadline(null);
      TaskStatus from = state.getStatus();
      state.setStatus(status);
      TaskEvent event = event(TaskEventType.STATE_CHANGED, status, message);
      event.setPreviousStatus(from);
      event.setReason(code);
      return event;
    }

    private TaskEvent iterationStopped(FailureReason code, String reason) {
      Ledger.release(state);
      TaskEvent event = settle(TaskStatus.PR_OPENED, code, reason, "iteration " + state.getIteration() + " stopped: " + reason
          + "; the pull request keeps its last pushed state");
      String text = "I could not address this in iteration " + state.getIteration() + ": " + reason
          + ". The branch is unchanged. To take it over, comment `" + review.trigger() + " takeover`.";
      if (!answer(this, text, "unaddressed")) {
        state.setIterationFeedback(List.of());
        return end(TaskStatus.DONE, null, "iteration " + state.getIteration() + " stopped (" + code + "): " + reason + "; the pull request is unchanged");
      }
      return event;
    }

    void guardrailHit(FailureReason code, String stepId, String message) {
      event(TaskEventType.GUARDRAIL_HIT, state.getStatus(), stepId, code + ": " + message).setReason(code);
    }

    /** A command that does not apply now is recorded with who gave it and why it was refused. */
    void refuse(TaskCommand command, String why) {
      event(TaskEventType.COMMAND_REFUSED, state.getStatus(), command.getStepId(),
          command.getType() + " from " + command.getActor() + " refused: " + why).setActor(command.getActor());
    }

    StepRequest step(Role role, StepKind kind, String stepId, int attempt, String phase) {
      TaskSubmitted ticket = state.getSubmitted();
      String requestId = RequestIds.of(taskId, stepId, attempt) + (phase == null ? "" : "/" + phase) + iterationSuffix();
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
              .setGoal(ticket.getGoal())
              .setConstraints(ticket.getConstraints())
              .setInterfaces(ticket.getInterfaces())
              .setWorkType(ticket.getWorkType())
              .build())
          .setPlan(state.getPlan() == null ? null : Plan.newBuilder(state.getPlan()).build())
          .setIteration(state.getIteration())
          .setReviewFeedback(state.getIteration() > 1 ? List.copyOf(state.getIterationFeedback()) : List.of())
          .build();
      state.setPendingRequestId(requestId);
      state.setPendingDeadline(now.plus(limits.stepTimeout()));
      commands.add(request);
      return request;
    }

    ToolRequest tool(ToolName tool, String stepId, int attempt, String phase) {
      TaskSubmitted ticket = state.getSubmitted();
      String requestId = RequestIds.of(taskId, stepId, attempt) + "/" + phase + iterationSuffix();
      ToolRequest request = ToolRequest.newBuilder()
          .setMeta(meta())
          .setRequestId(requestId)
          .setTool(tool)
          .setRepository(ticket.getRepository())
          .setBaseBranch(ticket.getBaseBranch())
          .setBranch(state.getBranch())
          .build();
      state.setPendingRequestId(requestId);
      state.setPendingDeadline(now.plus(limits.stepTimeout()));
      commands.add(request);
      return request;
    }

    /** Iterations after the first get their own request ids, so a late answer from an earlier one is stale. */
    private String iterationSuffix() {
      return state.getIteration() > 1 ? "/i" + state.getIteration() : "";
    }

    PlanStep planStep(String stepId) {
      return Steps.step(state.getPlan(), stepId)
          .orElseThrow(() -> new IllegalStateException("no plan step " + stepId));
    }

    StepProgress progress(String stepId) {
      return Steps.progress(state, stepId)
          .orElseThrow(() -> new IllegalStateException("no progress for step " + stepId));
    }
  }
}

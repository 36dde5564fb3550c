package dev.agentline.audit.ingest;

import dev.agentline.audit.store.AuditRow;
import dev.agentline.audit.store.IngestRecord;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.CiConclusion;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.schemas.Evaluation;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.ReviewState;
import dev.agentline.schemas.Review;
import dev.agentline.schemas.ReviewVerdict;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.StepType;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.Ticket;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Usage;
import dev.agentline.schemas.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The records of one task as the services write them (planner events, step requests and results,
 * model calls, tool results), told step by step with a clock that moves on; {@link #rows()} turns
 * them into audit rows exactly as the ingest does. For tests of what is computed from the store.
 */
public final class TaskStory {
  private static final Map<String, Long> OFFSETS = new HashMap<>();
  private final String taskId;
  private final List<SpecificRecordBase> records = new ArrayList<>();
  private Instant now;
  private TaskStatus status = TaskStatus.RECEIVED;
  private int iteration = 1;

  public TaskStory(String taskId, Instant start) {
    this.taskId = taskId;
    this.now = start;
  }

  public String taskId() {
    return taskId;
  }

  public Instant now() {
    return now;
  }

  public TaskStory after(Duration duration) {
    now = now.plus(duration);
    return this;
  }

  public TaskStory submitted(String title, String requester) {
    records.add(TaskSubmitted.newBuilder().setMeta(meta("intake")).setRepository("file:///srv/git/calculator.git").setTitle(title)
        .setDescription(title + ".").setTestCommand("sh run-tests.sh").setRequester(requester).setSource("cli").build());
    return event(TaskEventType.STATE_CHANGED, TaskStatus.RECEIVED, null, "ticket received: " + title);
  }

  public TaskStory transition(TaskStatus to, String message) {
    TaskStatus from = status;
    status = to;
    TaskEvent event = newEvent(TaskEventType.STATE_CHANGED, null, message);
    event.setPreviousStatus(from);
    records.add(event);
    return this;
  }

  public TaskStory failed(FailureReason reason, String message) {
    TaskStatus from = status;
    status = TaskStatus.FAILED;
    TaskEvent event = newEvent(TaskEventType.STATE_CHANGED, null, message);
    event.setPreviousStatus(from);
    event.setReason(reason);
    records.add(event);
    return this;
  }

  public TaskStory event(TaskEventType type, TaskStatus at, String stepId, String message) {
    if (at != null) status = at;
    records.add(newEvent(type, stepId, message));
    return this;
  }

  public TaskStory planAccepted(String... codeThenTestStepIds) {
    TaskEvent event = newEvent(TaskEventType.PLAN_ACCEPTED, null, codeThenTestStepIds.length + " step(s) to fix add");
    event.setPlan(plan(1, codeThenTestStepIds));
    records.add(event);
    return this;
  }

  public TaskStory planRevised(int version, String... stepIds) {
    TaskEvent event = newEvent(TaskEventType.PLAN_REVISED, null, "plan v" + version + ": " + stepIds.length + " step(s) to fix add");
    event.setPlan(plan(version, stepIds));
    records.add(event);
    return this;
  }

  /** A model step: the planner's request, the worker's model call(s) and its result. */
  public TaskStory modelStep(Role role, StepKind kind, String stepId, int attempt, int inputTokens, int outputTokens, double costUsd,
      String error) {
    String requestId = taskId + "/" + stepId + "/" + attempt;
    records.add(StepRequest.newBuilder().setMeta(meta("planner")).setRequestId(requestId).setRole(role).setKind(kind).setStepId(stepId)
        .setAttempt(attempt).setTicket(Ticket.newBuilder().setTitle("Fix add").setDescription("add subtracts").build()).build());
    after(Duration.ofSeconds(3));
    Usage usage = new Usage(inputTokens, outputTokens, costUsd);
    String model = role == Role.MANAGER ? "strong-1" : "cheap-1";
    records.add(ModelCall.newBuilder().setMeta(meta("worker")).setRequestId(requestId).setRole(role).setKind(kind).setProvider("replay")
        .setModel(model).setPrompt(List.of(new ChatMessage("user", kind + " " + stepId))).setResponse(error == null ? "ok" : "no edits")
        .setUsage(usage).setLatencyMs(2900).setOk(error == null).setError(error).build());
    StepResult.Builder result = StepResult.newBuilder().setMeta(meta("worker")).setRequestId(requestId).setRole(role).setKind(kind)
        .setStepId(stepId).setAttempt(attempt).setOk(error == null).setError(error).setUsage(usage).setModel("replay/" + model);
    if (kind == StepKind.EVALUATE && error == null) result.setEvaluation(new Evaluation(Verdict.ACCEPT, "fine"));
    records.add(result.build());
    after(Duration.ofSeconds(1));
    return this;
  }

  public TaskStory evaluated(String stepId, int attempt, Verdict verdict) {
    modelStep(Role.MANAGER, StepKind.EVALUATE, stepId, attempt, 500, 30, 0.0021, null);
    StepResult last = (StepResult) records.get(records.size() - 1);
    last.setEvaluation(new Evaluation(verdict, verdict == Verdict.ACCEPT ? "accepted" : "try again"));
    return event(TaskEventType.STEP_EVALUATED, null, stepId, "step " + stepId + " evaluated " + verdict.name().toLowerCase());
  }

  public TaskStory tool(ToolName tool, String stepId, int attempt, String phase, boolean ok, FailureReason errorCode, String error) {
    records.add(ToolResult.newBuilder().setMeta(meta("tool-runner")).setRequestId(taskId + "/" + stepId + "/" + attempt + "/" + phase)
        .setTool(tool).setOk(ok).setError(error).setErrorCode(errorCode).setOutput(ok ? "done" : "").setDurationMs(1200).build());
    after(Duration.ofSeconds(2));
    return this;
  }

  public TaskStory tests(String stepId, boolean passed) {
    TestRun run = TestRun.newBuilder().setExitCode(passed ? 0 : 1).setPassed(passed).setSummary(passed ? "tests passed" : "1 of 3 failed")
        .setOutputTail(passed ? "ok" : "FAIL add(2, 3)").setDurationMs(900).build();
    records.add(ToolResult.newBuilder().setMeta(meta("tool-runner")).setRequestId(taskId + "/" + stepId + "/1/test").setTool(ToolName.RUN_TESTS)
        .setOk(true).setTests(run).setDurationMs(1000).build());
    TaskEvent event = newEvent(passed ? TaskEventType.TESTS_PASSED : TaskEventType.TESTS_FAILED, "validate".equals(stepId) ? null : stepId,
        run.getSummary());
    event.setTests(run);
    records.add(event);
    after(Duration.ofSeconds(2));
    return this;
  }

  public TaskStory reviewed(ReviewVerdict verdict) {
    modelStep(Role.REVIEW, StepKind.REVIEW, "review", 1, 620, 60, 0.0009, null);
    Review review = new Review(verdict, verdict == ReviewVerdict.APPROVE ? "looks right" : "needs a test", List.of());
    ((StepResult) records.get(records.size() - 1)).setReview(review);
    TaskEvent event = newEvent(TaskEventType.REVIEWED, "review", "review " + verdict.name().toLowerCase() + ": " + review.getSummary());
    event.setReview(review);
    records.add(event);
    return this;
  }

  public TaskStory prOpened() {
    transition(TaskStatus.PR_OPENED, "pull request opened");
    TaskEvent event = newEvent(TaskEventType.PR_OPENED, null, "branch agentline/" + taskId + " pushed");
    event.setPullRequest(new PullRequest("agentline/" + taskId, "Fix add", "body", "file:///srv/git/calculator.git#agentline/" + taskId, "abc123"));
    records.add(event);
    return transition(TaskStatus.DONE, "done: Fix add");
  }

  /** Events told from now on belong to this round of work (ITERATION_STARTED is told with it). */
  public TaskStory iteration(int round, String why) {
    iteration = round;
    return event(TaskEventType.ITERATION_STARTED, null, null, "iteration " + round + ": " + why);
  }

  /**
   * Something on the task's pull request (acme/calculator#7 on GitHub), as the tool runner's intake publishes it.
   *
   * @param via webhook or poll (a poll of a thing already delivered by webhook has the same item key)
   */
  public TaskStory prEvent(PullRequestEventType type, String itemKey, String actor, String body, String via,
      java.util.function.Consumer<PullRequestEvent.Builder> more) {
    PullRequestEvent.Builder event = PullRequestEvent.newBuilder().setMeta(meta("tool-runner")).setHost(CodeHostKind.GITHUB)
        .setType(type).setDeliveryId("poll".equals(via) ? "poll:" + itemKey : java.util.UUID.nameUUIDFromBytes(itemKey.getBytes()).toString())
        .setItemKey(itemKey).setRepository("acme/calculator").setNumber(7).setUrl("https://github.com/acme/calculator/pull/7")
        .setBranch("agentline/" + taskId).setActor(actor).setBody(body).setHappenedAt(now.minusSeconds(1)).setVia(via);
    if (more != null) more.accept(event);
    records.add(event.build());
    after(Duration.ofSeconds(5));
    return this;
  }

  public TaskStory reviewComment(String id, String reviewer, String path, int line, String body) {
    return prEvent(PullRequestEventType.REVIEW_COMMENT, "github:review-comment:" + id, reviewer, body, "webhook",
        e -> e.setCommentId(id).setPath(path).setLine(line));
  }

  public TaskStory review(String id, String reviewer, ReviewState state, String body) {
    return prEvent(PullRequestEventType.REVIEW_SUBMITTED, "github:review:" + id, reviewer, body, "webhook",
        e -> e.setReviewState(state).setCommentId(id));
  }

  public TaskStory ci(String checkRunId, String name, CiConclusion conclusion) {
    prEvent(PullRequestEventType.CI_COMPLETED, "github:check-run:" + checkRunId, "github-actions[bot]", null, "webhook",
        e -> e.setCiName(name).setCiConclusion(conclusion).setCiUrl("https://github.com/acme/calculator/runs/" + checkRunId)
            .setLogExcerpt(conclusion == CiConclusion.FAILURE ? "FAIL add(2, 3)" : null));
    return event(conclusion == CiConclusion.SUCCESS ? TaskEventType.CI_PASSED : TaskEventType.CI_FAILED, null, null,
        "CI " + name + " " + conclusion.name().toLowerCase());
  }

  /** The pull request merged (or closed without merging) on the host, and the planner ending the task for it. */
  public TaskStory prEnded(boolean merged, String by) {
    prEvent(merged ? PullRequestEventType.MERGED : PullRequestEventType.CLOSED, "github:pr:7:" + (merged ? "merged" : "closed"), by, null,
        "webhook", null);
    transition(merged ? TaskStatus.MERGED : TaskStatus.CLOSED, "pull request " + (merged ? "merged" : "closed"));
    return event(merged ? TaskEventType.PR_MERGED : TaskEventType.PR_CLOSED, null, null, "pull request " + (merged ? "merged" : "closed") + " by " + by);
  }

  public TaskStory takenOver(String by) {
    status = TaskStatus.TAKEN_OVER;
    return actor(TaskEventType.TAKEN_OVER, null, by, "taken over by " + by);
  }

  public TaskStory handedBack(String by) {
    status = TaskStatus.PR_OPENED;
    return actor(TaskEventType.HANDED_BACK, null, by, "handed back by " + by);
  }

  public TaskStory actor(TaskEventType type, String stepId, String actor, String message) {
    TaskEvent event = newEvent(type, stepId, message);
    event.setActor(actor);
    records.add(event);
    return this;
  }

  /** The audit rows of every record so far, as the ingest makes them (topic per record type, offsets counting up per topic). */
  public List<AuditRow> rows() {
    return ingested().stream().map(IngestRecord::raw).toList();
  }

  /** The raw and normalised rows of every record so far, as the ingest makes them (for {@code AuditStore.insertAll}). */
  public List<IngestRecord> ingested() {
    List<IngestRecord> rows = new ArrayList<>();
    for (SpecificRecordBase record : records) {
      String topic = topicOf(record);
      long offset;
      synchronized (OFFSETS) {
        offset = OFFSETS.merge(topic, 1L, Long::sum) - 1;
      }
      Instant at = ((dev.agentline.schemas.Metadata) record.get(record.getSchema().getField("meta").pos())).getOccurredAt();
      rows.add(AuditRows.ingest(new IncomingRecord(topic, 0, offset, taskId, AvroCodec.get().encode(record), at, List.of())));
    }
    return rows;
  }

  private static String topicOf(SpecificRecordBase record) {
    if (record instanceof TaskSubmitted) return Topics.TASKS;
    if (record instanceof TaskEvent) return Topics.TASK_EVENTS;
    if (record instanceof StepRequest request) return Topics.steps(request.getRole());
    if (record instanceof StepResult) return Topics.STEP_RESULTS;
    if (record instanceof ModelCall) return Topics.MODEL_CALLS;
    if (record instanceof ToolResult) return Topics.TOOL_RESULTS;
    if (record instanceof PullRequestEvent) return Topics.PR_EVENTS;
    throw new IllegalArgumentException("no topic for " + record.getSchema().getName());
  }

  private TaskEvent newEvent(TaskEventType type, String stepId, String message) {
    return TaskEvent.newBuilder().setMeta(meta("planner")).setType(type).setStatus(status).setStepId(stepId).setMessage(message)
        .setIteration(iteration).build();
  }

  private static Plan plan(int version, String... stepIds) {
    List<PlanStep> steps = new ArrayList<>();
    for (String id : stepIds) {
      steps.add(PlanStep.newBuilder().setId(id).setType(id.startsWith("t") ? StepType.TEST_WRITE : StepType.CODE_EDIT)
          .setDescription("do " + id).build());
    }
    return Plan.newBuilder().setGoal("fix add").setSteps(steps).setVersion(version).build();
  }

  private dev.agentline.schemas.Metadata meta(String producer) {
    return Meta.of(taskId, null, producer, now);
  }
}

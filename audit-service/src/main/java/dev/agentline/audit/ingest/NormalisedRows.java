package dev.agentline.audit.ingest;

import dev.agentline.audit.store.Normalised;
import dev.agentline.audit.store.Normalised.CommandRow;
import dev.agentline.audit.store.Normalised.ModelCallRow;
import dev.agentline.audit.store.Normalised.PlanVersionRow;
import dev.agentline.audit.store.Normalised.PrEventRow;
import dev.agentline.audit.store.Normalised.StepResultRow;
import dev.agentline.audit.store.Normalised.TaskEventRow;
import dev.agentline.audit.store.Normalised.TaskUpdate;
import dev.agentline.audit.store.Normalised.ToolCallRow;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The normalised rows of one (already redacted) record: tasks, task_events, plan_versions,
 * model_calls, tool_calls, step_results, commands, pr_events. Records of other types (StepRequest,
 * AnalysisCached) and records without a task id contribute none; they are kept raw.
 */
final class NormalisedRows {
  private static final Set<TaskStatus> ENDED_BADLY = Set.of(TaskStatus.FAILED, TaskStatus.BUDGET_EXHAUSTED, TaskStatus.CANCELLED);

  private NormalisedRows() {}

  /**
   * @param taskId the row's task id (the record key)
   * @param at when it happened (meta.occurredAt)
   */
  static List<Normalised> of(SpecificRecordBase record, String taskId, Instant at) {
    if (taskId == null) return List.of();
    List<Normalised> rows = new ArrayList<>(3);
    if (record instanceof TaskSubmitted s) {
      rows.add(new TaskUpdate(taskId, s.getRepository(), s.getTitle(), s.getRequester(), s.getLabels(), s.getSource(), at,
          TaskStatus.RECEIVED.name(), at, null, null, null, at));
    } else if (record instanceof TaskEvent e) {
      taskEvent(e, taskId, at, rows);
    } else if (record instanceof TaskState s) {
      TaskSubmitted submitted = s.getSubmitted();
      rows.add(new TaskUpdate(taskId, submitted.getRepository(), submitted.getTitle(), submitted.getRequester(),
          submitted.getLabels(), submitted.getSource(), submitted.getMeta().getOccurredAt(), s.getStatus().name(),
          s.getUpdatedAt(), s.getBranch(), s.getPullRequest() == null ? null : s.getPullRequest().getUrl(),
          s.getFailureCode() == null ? null : s.getFailureCode().name(), s.getUpdatedAt()));
    } else if (record instanceof ModelCall c) {
      RequestIds id = RequestIds.parse(taskId, c.getRequestId());
      Usage usage = c.getUsage();
      rows.add(new ModelCallRow(taskId, c.getRequestId(), c.getRole().name(), c.getKind().name(), id.stepId(), id.attempt(),
          c.getReask(), c.getProvider(), c.getModel(), c.getPromptVersion(), usage.getInputTokens(), usage.getOutputTokens(),
          usage.getCostUsd(), c.getLatencyMs(), c.getOk(), c.getError(), c.getStopReason(), at));
    } else if (record instanceof ToolRequest r) {
      RequestIds id = RequestIds.parse(taskId, r.getRequestId());
      rows.add(new ToolCallRow(r.getRequestId(), taskId, r.getTool().name(), id.stepId(), id.attempt(), id.phase(), at,
          null, null, null, null, null));
      rows.add(TaskUpdate.at(taskId, at).withBranch(r.getBranch()));
    } else if (record instanceof ToolResult r) {
      RequestIds id = RequestIds.parse(taskId, r.getRequestId());
      rows.add(new ToolCallRow(r.getRequestId(), taskId, r.getTool().name(), id.stepId(), id.attempt(), id.phase(), null,
          r.getOk(), r.getError(), r.getErrorCode() == null ? null : r.getErrorCode().name(), r.getDurationMs(), at));
      if (r.getPullRequest() != null) {
        rows.add(TaskUpdate.at(taskId, at).withPrUrl(r.getPullRequest().getUrl()).withBranch(r.getPullRequest().getBranch()));
      }
    } else if (record instanceof StepResult r) {
      rows.add(new StepResultRow(taskId, r.getRequestId(), r.getRole().name(), r.getKind().name(), r.getStepId(), r.getAttempt(),
          r.getOk(), r.getError(), r.getUsage().getInputTokens(), r.getUsage().getOutputTokens(), r.getUsage().getCostUsd(),
          r.getModel(), r.getPromptVersion(), r.getModelCalls(),
          r.getEvaluation() == null ? null : r.getEvaluation().getVerdict().name(),
          r.getPlan() == null ? null : Json.write(r.getPlan()), at));
    } else if (record instanceof TaskCommand c) {
      rows.add(new CommandRow(taskId, c.getType().name(), c.getActor(), c.getStepId(), c.getReason(), at));
    } else if (record instanceof PullRequestEvent p) {
      rows.add(new PrEventRow(taskId, p.getHost().name(), p.getType().name(), p.getItemKey(), p.getDeliveryId(), p.getRepository(),
          p.getNumber(), p.getUrl(), p.getBranch(), p.getHeadCommit(), p.getActor(), p.getBody(),
          p.getReviewState() == null ? null : p.getReviewState().name(), p.getCommentId(), p.getThreadId(), p.getPath(), p.getLine(),
          p.getCiName(), p.getCiConclusion() == null ? null : p.getCiConclusion().name(), p.getCiUrl(), p.getHappenedAt(), p.getVia(),
          at));
    }
    return rows;
  }

  private static void taskEvent(TaskEvent e, String taskId, Instant at, List<Normalised> rows) {
    Usage usage = e.getUsage();
    rows.add(new TaskEventRow(taskId, e.getType().name(), e.getStatus().name(),
        e.getPreviousStatus() == null ? null : e.getPreviousStatus().name(), e.getStepId(), e.getMessage(),
        e.getReason() == null ? null : e.getReason().name(), e.getActor(),
        usage == null ? null : usage.getInputTokens(), usage == null ? null : usage.getOutputTokens(),
        usage == null ? null : usage.getCostUsd(), e.getIteration(), e.getPrItemKey(), at));
    TaskUpdate update = TaskUpdate.at(taskId, at).withStatus(e.getStatus().name(), at);
    if (e.getReason() != null && ENDED_BADLY.contains(e.getStatus())) update = update.withFailureCode(e.getReason().name());
    if (e.getPullRequest() != null) update = update.withPrUrl(e.getPullRequest().getUrl()).withBranch(e.getPullRequest().getBranch());
    rows.add(update);
    Plan plan = e.getPlan();
    if (plan != null && (e.getType() == TaskEventType.PLAN_ACCEPTED || e.getType() == TaskEventType.PLAN_REVISED)) {
      rows.add(new PlanVersionRow(taskId, plan.getVersion(), plan.getGoal(), plan.getSteps().size(), Json.write(plan),
          e.getType().name(), at));
    }
  }
}

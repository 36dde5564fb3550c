package dev.agentline.audit.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The normalised rows one record contributes, stored in the same transaction as its raw row
 * (tables of {@code V2__normalised.sql}). Null fields are unknown, not cleared.
 */
public sealed interface Normalised {

  /** What a record tells about its task; several are merged, a later status (by its time) wins. */
  record TaskUpdate(String taskId, String repository, String title, String requester, List<String> labels, String source,
      Instant submittedAt, String status, Instant statusAt, String branch, String prUrl, String failureCode, Instant at)
      implements Normalised {
    public TaskUpdate {
      Objects.requireNonNull(taskId, "taskId");
      Objects.requireNonNull(at, "at");
      labels = labels == null ? null : List.copyOf(labels);
    }

    public static TaskUpdate at(String taskId, Instant at) {
      return new TaskUpdate(taskId, null, null, null, null, null, null, null, null, null, null, null, at);
    }

    public TaskUpdate withStatus(String newStatus, Instant when) {
      return new TaskUpdate(taskId, repository, title, requester, labels, source, submittedAt, newStatus, when, branch, prUrl, failureCode, at);
    }

    public TaskUpdate withBranch(String newBranch) {
      return new TaskUpdate(taskId, repository, title, requester, labels, source, submittedAt, status, statusAt, newBranch, prUrl, failureCode, at);
    }

    public TaskUpdate withPrUrl(String newPrUrl) {
      return new TaskUpdate(taskId, repository, title, requester, labels, source, submittedAt, status, statusAt, branch, newPrUrl, failureCode, at);
    }

    public TaskUpdate withFailureCode(String code) {
      return new TaskUpdate(taskId, repository, title, requester, labels, source, submittedAt, status, statusAt, branch, prUrl, code, at);
    }

    /** This update followed by {@code later}: known fields of the later one win, the status only when it is newer. */
    public TaskUpdate then(TaskUpdate later) {
      boolean newerStatus = later.status != null && (status == null || statusAt == null
          || (later.statusAt != null && !later.statusAt.isBefore(statusAt)));
      return new TaskUpdate(taskId, or(later.repository, repository), or(later.title, title), or(later.requester, requester),
          or(later.labels, labels), or(later.source, source), or(later.submittedAt, submittedAt),
          newerStatus ? later.status : status, newerStatus ? later.statusAt : statusAt,
          or(later.branch, branch), or(later.prUrl, prUrl), or(later.failureCode, failureCode), later.at.isAfter(at) ? later.at : at);
    }
  }

  record TaskEventRow(String taskId, String type, String status, String previousStatus, String stepId, String message,
      String reason, String actor, Integer inputTokens, Integer outputTokens, Double costUsd, int iteration, String prItemKey,
      Instant at) implements Normalised {}

  /** What happened on a task's pull request (a PullRequestEvent); stored once per (task, item key). */
  record PrEventRow(String taskId, String host, String type, String itemKey, String deliveryId, String repository, int number,
      String url, String branch, String headCommit, String actor, String body, String reviewState, String commentId,
      String threadId, String path, Integer line, String ciName, String ciConclusion, String ciUrl, Instant happenedAt,
      String via, Instant at) implements Normalised {}

  /** An accepted plan version (PLAN_ACCEPTED is version 1, each PLAN_REVISED the next). */
  record PlanVersionRow(String taskId, int version, String goal, int steps, String planJson, String event, Instant at)
      implements Normalised {}

  record ModelCallRow(String taskId, String requestId, String role, String kind, String stepId, Integer attempt, int reask,
      String provider, String model, String promptVersion, int inputTokens, int outputTokens, double costUsd, long latencyMs,
      boolean ok, String error, String stopReason, Instant at) implements Normalised {}

  /** One tool call: the request's half (tool … requestedAt) or the result's (ok … finishedAt), joined by request id. */
  record ToolCallRow(String requestId, String taskId, String tool, String stepId, Integer attempt, String phase,
      Instant requestedAt, Boolean ok, String error, String errorCode, Long durationMs, Instant finishedAt) implements Normalised {
    public ToolCallRow {
      Objects.requireNonNull(requestId, "requestId");
    }

    /** Both halves in one row; known fields of {@code other} win. */
    public ToolCallRow with(ToolCallRow other) {
      return new ToolCallRow(requestId, or(other.taskId, taskId), or(other.tool, tool), or(other.stepId, stepId),
          or(other.attempt, attempt), or(other.phase, phase), or(other.requestedAt, requestedAt), or(other.ok, ok),
          or(other.error, error), or(other.errorCode, errorCode), or(other.durationMs, durationMs), or(other.finishedAt, finishedAt));
    }
  }

  record StepResultRow(String taskId, String requestId, String role, String kind, String stepId, int attempt, boolean ok,
      String error, int inputTokens, int outputTokens, double costUsd, String model, String promptVersion, int modelCalls,
      String verdict, String planJson, Instant at) implements Normalised {}

  record CommandRow(String taskId, String type, String actor, String stepId, String reason, Instant at) implements Normalised {}

  private static <T> T or(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }
}

package dev.agentline.planner.api;

import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.StepProgress;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TestRun;
import java.time.Instant;
import java.util.List;

/** What {@code GET /api/tasks/{id}} shows of a task. */
public record TaskView(
    String taskId,
    String status,
    String title,
    String repository,
    String branch,
    String failureReason,
    String failureCode,
    String requester,
    Awaiting awaiting,
    int managerCalls,
    Plan plan,
    Tests finalTests,
    String summary,
    PullRequest pullRequest,
    Review review,
    Spend spend,
    Instant deadline,
    Instant updatedAt,
    Iteration iteration) {

  /**
   * The pull request's review rounds: the current iteration (1 for the ticket), who has the branch when it is
   * taken over, and the comments and CI failures waiting for the next iteration.
   */
  public record Iteration(int number, String takenOverBy, int pendingFeedback, int ciFixIterations) {}

  public record Review(String verdict, String summary, List<String> comments) {}

  /** What the task waits for a person to decide, and until when. */
  public record Awaiting(String what, Instant expiresAt) {}

  /** Tokens and money: by role, the manager against the workers, the total, and what the call in flight holds. */
  public record Spend(List<RoleSpend> byRole, Amount manager, Amount workers, Amount total, Amount reserved, Long maxTokens, Double maxCostUsd) {}

  public record RoleSpend(String role, int calls, long inputTokens, long outputTokens, double costUsd) {}

  public record Amount(long tokens, double costUsd) {}

  public record Plan(String goal, List<Step> steps) {}

  public record Step(String id, String type, String description, List<String> files, List<String> dependsOn, String status,
      int attempts, String commit, Tests tests, String lastError, List<String> touchedFiles) {}

  public record Tests(boolean passed, int exitCode, boolean timedOut, String summary, String outputTail, long durationMs) {}

  public record PullRequest(String branch, String title, String body, String url, String headCommit) {}

  static TaskView of(TaskState s) {
    Plan plan = s.getPlan() == null ? null
        : new Plan(s.getPlan().getGoal(), s.getPlan().getSteps().stream().map(step -> step(step, progress(s, step.getId()))).toList());
    var pr = s.getPullRequest();
    return new TaskView(s.getTaskId(), s.getStatus().name(), s.getSubmitted().getTitle(), s.getSubmitted().getRepository(), s.getBranch(),
        s.getFailureReason(), s.getFailureCode() == null ? null : s.getFailureCode().name(), s.getSubmitted().getRequester(),
        s.getAwaiting() == null ? null : new Awaiting(s.getAwaiting(), s.getApprovalDeadline()), s.getManagerCalls(), plan, tests(s.getFinalTests()), s.getSummary(),
        pr == null ? null : new PullRequest(pr.getBranch(), pr.getTitle(), pr.getBody(), pr.getUrl(), pr.getHeadCommit()),
        review(s.getReview()), spend(s), s.getDeadline(), s.getUpdatedAt(),
        new Iteration(s.getIteration(), s.getTakenOverBy(), s.getPendingFeedback().size(), s.getCiFixIterations()));
  }

  private static Review review(dev.agentline.schemas.Review r) {
    return r == null ? null : new Review(r.getVerdict().name(), r.getSummary(),
        r.getComments().stream().map(c -> c.getPath() + (c.getLine() == null ? "" : ":" + c.getLine()) + ": " + c.getComment()).toList());
  }

  private static Spend spend(TaskState s) {
    List<RoleSpend> byRole = s.getSpend().stream().map(r -> new RoleSpend(r.getRole().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
        r.getCalls(), r.getInputTokens(), r.getOutputTokens(), r.getCostUsd())).toList();
    Amount manager = sum(s, true);
    Amount workers = sum(s, false);
    var budget = s.getBudget();
    return new Spend(byRole, manager, workers, new Amount(manager.tokens() + workers.tokens(), manager.costUsd() + workers.costUsd()),
        new Amount(s.getReservedTokens(), s.getReservedCostUsd()), budget == null ? null : budget.getMaxTokens(),
        budget == null ? null : budget.getMaxCostUsd());
  }

  private static Amount sum(TaskState s, boolean manager) {
    long tokens = 0;
    double cost = 0;
    for (var r : s.getSpend()) {
      if ((r.getRole() == dev.agentline.schemas.Role.MANAGER) != manager) continue;
      tokens += r.getInputTokens() + r.getOutputTokens();
      cost += r.getCostUsd();
    }
    return new Amount(tokens, cost);
  }

  private static StepProgress progress(TaskState s, String stepId) {
    return dev.agentline.planner.workflow.Steps.progress(s, stepId).orElse(null);
  }

  private static Step step(PlanStep step, StepProgress p) {
    return new Step(step.getId(), step.getType().name(), step.getDescription(), step.getFiles(), step.getDependsOn(), step.getStatus().name(),
        p == null ? 0 : p.getAttempt(), p == null ? null : p.getCommit(), p == null ? null : tests(p.getTests()), p == null ? null : p.getLastError(),
        p == null ? List.of() : p.getTouchedFiles());
  }

  private static Tests tests(TestRun t) {
    return t == null ? null : new Tests(t.getPassed(), t.getExitCode(), t.getTimedOut(), t.getSummary(), t.getOutputTail(), t.getDurationMs());
  }
}

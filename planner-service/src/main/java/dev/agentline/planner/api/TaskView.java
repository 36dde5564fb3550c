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
    Plan plan,
    Tests finalTests,
    String summary,
    PullRequest pullRequest,
    Instant deadline,
    Instant updatedAt) {

  public record Plan(String goal, List<Step> steps) {}

  public record Step(String id, String type, String description, List<String> files, List<String> dependsOn, String status,
      int attempts, String commit, Tests tests, String lastError) {}

  public record Tests(boolean passed, int exitCode, boolean timedOut, String summary, String outputTail, long durationMs) {}

  public record PullRequest(String branch, String title, String body, String url, String headCommit) {}

  static TaskView of(TaskState s) {
    Plan plan = s.getPlan() == null ? null
        : new Plan(s.getPlan().getGoal(), s.getPlan().getSteps().stream().map(step -> step(step, progress(s, step.getId()))).toList());
    var pr = s.getPullRequest();
    return new TaskView(s.getTaskId(), s.getStatus().name(), s.getSubmitted().getTitle(), s.getSubmitted().getRepository(), s.getBranch(),
        s.getFailureReason(), plan, tests(s.getFinalTests()), s.getSummary(),
        pr == null ? null : new PullRequest(pr.getBranch(), pr.getTitle(), pr.getBody(), pr.getUrl(), pr.getHeadCommit()),
        s.getDeadline(), s.getUpdatedAt());
  }

  private static StepProgress progress(TaskState s, String stepId) {
    return s.getSteps().stream().filter(p -> p.getStepId().equals(stepId)).findFirst().orElse(null);
  }

  private static Step step(PlanStep step, StepProgress p) {
    return new Step(step.getId(), step.getType().name(), step.getDescription(), step.getFiles(), step.getDependsOn(), step.getStatus().name(),
        p == null ? 0 : p.getAttempt(), p == null ? null : p.getCommit(), p == null ? null : tests(p.getTests()), p == null ? null : p.getLastError());
  }

  private static Tests tests(TestRun t) {
    return t == null ? null : new Tests(t.getPassed(), t.getExitCode(), t.getTimedOut(), t.getSummary(), t.getOutputTail(), t.getDurationMs());
  }
}

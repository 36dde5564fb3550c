package dev.agentline.planner.workflow;

import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.Review;
import dev.agentline.schemas.ReviewComment;
import dev.agentline.schemas.ReviewVerdict;
import dev.agentline.schemas.RoleSpend;
import java.util.List;
import java.util.Locale;
import dev.agentline.schemas.StepProgress;
import dev.agentline.schemas.StepStatus;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TestRun;

/** Renders what a reviewer reads: the pull request body and the facts the manager summarizes. */
final class PullRequestBody {
  private PullRequestBody() {}

  static String render(TaskState state, String summary, String timelineUrl) {
    StringBuilder body = new StringBuilder();
    body.append("## Summary\n\n").append(summary.strip()).append("\n\n");
    body.append("## Plan\n\n").append(outcomes(state)).append('\n');
    TestRun tests = state.getFinalTests();
    if (tests != null) {
      body.append("## Tests\n\n`").append(state.getSubmitted().getTestCommand()).append("`: ").append(tests.getSummary()).append("\n\n");
    }
    Review review = state.getReview();
    if (review != null) {
      body.append("## Review\n\n").append(review.getVerdict() == ReviewVerdict.APPROVE ? "Approved" : "Changes requested")
          .append(": ").append(review.getSummary().strip()).append('\n');
      for (ReviewComment comment : review.getComments()) {
        body.append("- `").append(comment.getPath()).append(comment.getLine() == null ? "" : ":" + comment.getLine()).append("`: ")
            .append(comment.getComment()).append('\n');
      }
      body.append('\n');
    }
    body.append("## Plan vs. actual\n\n").append(planVsActual(state)).append('\n');
    body.append("## Cost\n\n").append(spend(state)).append('\n');
    body.append("---\nOpened by agentline for task ").append(state.getTaskId()).append(". Every prompt, answer, tool call and decision: [timeline](")
        .append(timelineUrl).append(").\n");
    body.append(marker(state.getTaskId())).append('\n');
    return body.toString();
  }

  /**
   * The hidden line by which the code host intake finds the task of a pull request event: {@code
   * <!-- agentline-task: ID -->}. Task ids never contain "--".
   */
  static String marker(String taskId) {
    return "<!-- agentline-task: " + taskId + " -->";
  }

  /** The open pull request's body with a section for a review iteration's changes, the marker kept last. */
  static String withIteration(String body, TaskState state, String summary) {
    String marker = marker(state.getTaskId());
    String kept = body.replace(marker, "").stripTrailing();
    return kept + "\n\n## Iteration " + state.getIteration() + "\n\n" + summary.strip() + "\n\nTests: "
        + (state.getFinalTests() == null ? "not run" : state.getFinalTests().getSummary()) + "\n\n" + marker + "\n";
  }

  /**
   * What was planned against what happened: steps added and dropped by revisions, attempts per
   * step, and the files each step planned to change against those its edits touched.
   */
  static String planVsActual(TaskState state) {
    StringBuilder out = new StringBuilder();
    List<String> planned = state.getPlannedStepIds();
    List<String> finalIds = state.getPlan().getSteps().stream().map(PlanStep::getId).toList();
    List<String> added = finalIds.stream().filter(id -> !planned.contains(id)).toList();
    List<String> dropped = planned.stream().filter(id -> !finalIds.contains(id)).toList();
    out.append(String.format(Locale.ROOT, "- plan v%d: %d step(s) planned, %d added, %d dropped%s%s%n", state.getPlan().getVersion(), planned.size(),
        added.size(), dropped.size(), added.isEmpty() ? "" : "; added " + String.join(", ", added),
        dropped.isEmpty() ? "" : "; dropped " + String.join(", ", dropped)));
    for (PlanStep step : state.getPlan().getSteps()) {
      StepProgress progress = Steps.progress(state, step.getId()).orElse(null);
      List<String> touched = progress == null ? List.of() : progress.getTouchedFiles();
      List<String> unplanned = touched.stream().filter(f -> !step.getFiles().contains(f)).toList();
      List<String> untouched = step.getFiles().stream().filter(f -> !touched.contains(f)).toList();
      out.append(String.format(Locale.ROOT, "- %s: %s, %d attempt(s); files planned %s, touched %s%s%s%n", step.getId(),
          step.getStatus().name().toLowerCase(Locale.ROOT), progress == null ? 0 : progress.getAttempt(), step.getFiles(), touched,
          unplanned.isEmpty() ? "" : " (unplanned: " + String.join(", ", unplanned) + ")",
          untouched.isEmpty() || touched.isEmpty() ? "" : " (planned but untouched: " + String.join(", ", untouched) + ")"));
    }
    return out.toString();
  }

  /** Tokens and dollars by role, one line each, and the total. */
  static String spend(TaskState state) {
    StringBuilder out = new StringBuilder();
    for (RoleSpend spend : state.getSpend()) {
      out.append(String.format(Locale.ROOT, "- %s: %d call(s), %d in / %d out tokens, $%.4f%n", TaskWorkflow.roleName(spend.getRole()),
          spend.getCalls(), spend.getInputTokens(), spend.getOutputTokens(), spend.getCostUsd()));
    }
    out.append(String.format(Locale.ROOT, "- total: %d tokens, $%.4f%n", Ledger.spentTokens(state), Ledger.spentCost(state)));
    return out.toString();
  }

  /** The plan's goal and each step with its outcome, one line each. */
  static String outcomes(TaskState state) {
    StringBuilder out = new StringBuilder("Goal: ").append(state.getPlan().getGoal()).append('\n');
    for (PlanStep step : state.getPlan().getSteps()) {
      StepProgress progress = Steps.progress(state, step.getId()).orElse(null);
      out.append("- [").append(step.getStatus() == StepStatus.DONE ? 'x' : ' ').append("] ")
          .append(step.getId()).append(" (").append(step.getType()).append("): ").append(step.getDescription());
      if (progress != null && progress.getCommit() != null) {
        out.append(" — commit ").append(TaskWorkflow.shortCommit(progress.getCommit()));
        if (progress.getAttempt() > 1) out.append(" on attempt ").append(progress.getAttempt());
      }
      if (progress != null && progress.getTests() != null) out.append("; ").append(progress.getTests().getSummary());
      out.append('\n');
    }
    if (state.getFinalTests() != null) out.append("Full test run: ").append(state.getFinalTests().getSummary()).append('\n');
    return out.toString();
  }
}

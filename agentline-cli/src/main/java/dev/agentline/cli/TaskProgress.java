package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.schemas.TaskStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What changed between two looks at a task view ({@code GET /api/tasks/{id}}), as lines for a person, and the progress
 * bar of its steps. Plain functions of the views: {@code agentline watch} polls and prints.
 */
final class TaskProgress {
  private TaskProgress() {}

  /** What changed from {@code before} (null: the first look) to {@code now}, oldest first. */
  static List<String> changes(JsonNode before, JsonNode now) {
    List<String> lines = new ArrayList<>();
    String taskId = now.path("taskId").asText();
    String status = now.path("status").asText();
    if (before == null) {
      lines.add("task " + taskId + " " + status + ": " + now.path("title").asText());
    } else if (!status.equals(before.path("status").asText())) {
      lines.add("-> " + status);
    }
    JsonNode plan = now.path("plan");
    boolean planChanged = plan.isObject() && (before == null || !plan.path("goal").equals(before.path("plan").path("goal"))
        || !stepIds(plan).equals(stepIds(before.path("plan"))));
    if (planChanged) {
      lines.add((before != null && before.path("plan").isObject() ? "plan revised: " : "plan: ") + plan.path("goal").asText()
          + " (" + plan.path("steps").size() + " step" + (plan.path("steps").size() == 1 ? "" : "s") + ")");
      for (JsonNode step : plan.path("steps")) {
        lines.add("   " + step.path("id").asText() + " " + kind(step) + ": " + step.path("description").asText());
      }
    }
    Map<String, JsonNode> earlier = new HashMap<>();
    if (before != null) for (JsonNode step : before.path("plan").path("steps")) earlier.put(step.path("id").asText(), step);
    for (JsonNode step : plan.path("steps")) {
      JsonNode was = earlier.get(step.path("id").asText());
      boolean statusChanged = was == null ? !"PENDING".equals(step.path("status").asText()) : !step.path("status").equals(was.path("status"));
      boolean attemptChanged = was != null && step.path("attempts").asInt() != was.path("attempts").asInt();
      if (statusChanged || attemptChanged) lines.add(step(step));
    }
    JsonNode awaiting = now.path("awaiting");
    if (awaiting.isObject() && (before == null || !awaiting.equals(before.path("awaiting")))) {
      String what = awaiting.path("what").asText();
      boolean planGate = "plan".equals(what);
      String until = awaiting.path("expiresAt").isTextual() ? " (until " + awaiting.path("expiresAt").asText() + ")" : "";
      lines.add("awaiting " + (planGate ? "approval of the plan" : "a decision on step " + what) + until + ":");
      for (String command : ApprovalPrompt.commands(taskId, planGate ? null : what, "")) lines.add("   " + command);
    }
    JsonNode pr = now.path("pullRequest");
    if (pr.isObject() && (before == null || !before.path("pullRequest").isObject())) {
      lines.add("pull request: \"" + pr.path("title").asText() + "\" at " + pr.path("url").asText());
    }
    String reason = text(now, "failureReason");
    if (!reason.isEmpty() && (before == null || !reason.equals(text(before, "failureReason")))) {
      String code = text(now, "failureCode");
      lines.add("reason: " + firstLine(reason) + (code.isEmpty() ? "" : " (" + code + ")"));
    }
    return lines;
  }

  /** {@code [#####.....] 1/2 steps  EXECUTING  s2 running, attempt 1}, {@code width} characters of bar. */
  static String bar(JsonNode task, int width) {
    JsonNode steps = task.path("plan").path("steps");
    int total = steps.size();
    int done = 0;
    String running = "";
    for (JsonNode step : steps) {
      if ("DONE".equals(step.path("status").asText())) done++;
      if ("RUNNING".equals(step.path("status").asText()) && running.isEmpty()) {
        running = "  " + step.path("id").asText() + " running, attempt " + Math.max(1, step.path("attempts").asInt());
      }
    }
    int filled = total == 0 ? 0 : done * width / total;
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total + " steps  " + task.path("status").asText() + running;
  }

  /** Whether the task has ended (DONE, FAILED, CANCELLED, BUDGET_EXHAUSTED). */
  static boolean ended(JsonNode task) {
    try {
      return TaskWorkflow.isTerminal(TaskStatus.valueOf(task.path("status").asText()));
    } catch (IllegalArgumentException unknownStatus) {
      return false;
    }
  }

  /** Whether the task waits for a person (a plan or step gate). */
  static boolean atGate(JsonNode task) {
    return "AWAITING_APPROVAL".equals(task.path("status").asText()) && task.path("awaiting").isObject();
  }

  /** The exit code of an ended task: 0 DONE, else 1. */
  static int exitCode(JsonNode task) {
    return "DONE".equals(task.path("status").asText()) ? ExitCodes.OK : ExitCodes.TASK_FAILED;
  }

  private static String step(JsonNode step) {
    StringBuilder line = new StringBuilder("   ").append(step.path("id").asText()).append(' ').append(step.path("status").asText());
    List<String> facts = new ArrayList<>();
    if (step.path("attempts").asInt() > 0) facts.add("attempt " + step.path("attempts").asInt());
    String commit = text(step, "commit");
    if (!commit.isEmpty() && "DONE".equals(step.path("status").asText())) facts.add("commit " + commit.substring(0, Math.min(7, commit.length())));
    if (step.path("tests").isObject()) facts.add(step.path("tests").path("summary").asText());
    if (!facts.isEmpty()) line.append(" (").append(String.join(", ", facts)).append(')');
    String error = text(step, "lastError");
    if (!error.isEmpty() && !"DONE".equals(step.path("status").asText())) line.append(": ").append(firstLine(error));
    return line.toString();
  }

  private static List<String> stepIds(JsonNode plan) {
    List<String> ids = new ArrayList<>();
    for (JsonNode step : plan.path("steps")) ids.add(step.path("id").asText());
    return ids;
  }

  private static String kind(JsonNode step) {
    return step.path("type").asText().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNull() || value.isMissingNode() ? "" : value.asText();
  }

  private static String firstLine(String text) {
    String first = text.lines().findFirst().orElse("");
    return first.length() > 160 ? first.substring(0, 157) + "..." : first;
  }
}

package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A task view ({@code GET /api/tasks/{id}}) as a few readable lines: status, what it awaits, plan, spend. */
final class TaskSummary {
  private static final String INDENT = "                ";

  private TaskSummary() {}

  static List<String> lines(JsonNode task, Instant now) {
    List<String> lines = new ArrayList<>();
    String taskId = task.path("taskId").asText();
    lines.add("task " + taskId + " " + task.path("status").asText() + ": " + task.path("title").asText());
    if (!task.path("requester").asText("").isBlank()) lines.add("  requested by: " + task.path("requester").asText());
    JsonNode awaiting = task.path("awaiting");
    if (awaiting.isObject()) {
      String what = awaiting.path("what").asText();
      boolean plan = "plan".equals(what);
      lines.add("  awaiting:     " + (plan ? "approval of the plan" : "a decision on step " + what) + until(awaiting.path("expiresAt"), now));
      for (String command : ApprovalPrompt.commands(taskId, plan ? null : what, "")) lines.add(INDENT + command);
    }
    if (!text(task, "failureReason").isEmpty()) {
      String code = text(task, "failureCode");
      lines.add("  reason:       " + text(task, "failureReason").replace("\n", "\n" + INDENT) + (code.isEmpty() ? "" : " (" + code + ")"));
    }
    JsonNode plan = task.path("plan");
    if (plan.isObject()) {
      lines.add("  plan:         " + plan.path("goal").asText());
      for (JsonNode step : plan.path("steps")) lines.add(step(step));
    }
    JsonNode spend = task.path("spend");
    if (spend.isObject()) lines.add("  spend:        " + spend(spend));
    JsonNode pr = task.path("pullRequest");
    if (pr.isObject()) lines.add("  pull request: \"" + pr.path("title").asText() + "\" at " + pr.path("url").asText());
    return lines;
  }

  private static String step(JsonNode step) {
    StringBuilder line = new StringBuilder("    ").append(step.path("id").asText()).append(' ')
        .append(step.path("type").asText().toLowerCase(Locale.ROOT).replace('_', '-')).append(' ')
        .append(step.path("status").asText()).append(": ").append(step.path("description").asText());
    List<String> facts = new ArrayList<>();
    if (step.path("attempts").asInt() > 0) facts.add("attempts " + step.path("attempts").asInt());
    String commit = text(step, "commit");
    if (!commit.isEmpty()) facts.add("commit " + commit.substring(0, Math.min(7, commit.length())));
    if (step.path("tests").isObject()) facts.add(step.path("tests").path("summary").asText());
    if (!facts.isEmpty()) line.append(" (").append(String.join(", ", facts)).append(')');
    return line.toString();
  }

  private static String spend(JsonNode spend) {
    JsonNode total = spend.path("total");
    String line = String.format(Locale.ROOT, "%,d tokens, $%.4f", total.path("tokens").asLong(), total.path("costUsd").asDouble());
    List<String> limits = new ArrayList<>();
    if (spend.path("maxTokens").isNumber()) limits.add(String.format(Locale.ROOT, "%,d tokens", spend.path("maxTokens").asLong()));
    if (spend.path("maxCostUsd").isNumber()) limits.add(String.format(Locale.ROOT, "$%.2f", spend.path("maxCostUsd").asDouble()));
    return limits.isEmpty() ? line : line + " of a budget of " + String.join(" and ", limits);
  }

  /** ", until T (in 42 min)" or ", until T (expired 3 min ago)"; empty when the view gives no time. */
  private static String until(JsonNode expiresAt, Instant now) {
    if (!expiresAt.isTextual()) return "";
    Instant at;
    try {
      at = Instant.parse(expiresAt.asText());
    } catch (DateTimeParseException e) {
      return ", until " + expiresAt.asText();
    }
    Duration left = Duration.between(now, at);
    String when = left.isNegative() ? "expired " + roughly(left.negated()) + " ago" : "in " + roughly(left);
    return ", until " + at + " (" + when + ")";
  }

  private static String roughly(Duration d) {
    if (d.toMinutes() < 1) return d.toSeconds() + " s";
    if (d.toHours() < 1) return d.toMinutes() + " min";
    return d.toHours() + " h " + d.toMinutesPart() + " min";
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNull() || value.isMissingNode() ? "" : value.asText();
  }
}

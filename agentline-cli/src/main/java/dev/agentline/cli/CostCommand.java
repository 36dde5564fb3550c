package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code agentline cost TASK-ID}: what a task spent, in tokens and US dollars, by role, against its budget. */
@Command(name = "cost", mixinStandardHelpOptions = true,
    description = "Show what a task spent: tokens and US dollars in total, manager against workers, by role, and its budget.")
final class CostCommand extends PlannerCommand {
  @Override
  int run(TaskClient client) throws Exception {
    JsonNode task = client.task(taskId);
    if (json) {
      ObjectNode cost = RestClient.JSON.createObjectNode().put("taskId", taskId).put("status", task.path("status").asText());
      cost.set("spend", task.path("spend"));
      printJson(cost);
    } else {
      lines(task).forEach(out()::println);
    }
    return ExitCodes.OK;
  }

  static List<String> lines(JsonNode task) {
    JsonNode spend = task.path("spend");
    List<String> lines = new ArrayList<>();
    lines.add("task " + task.path("taskId").asText() + " " + task.path("status").asText() + ": " + task.path("title").asText());
    lines.add("  total:    " + amount(spend.path("total")));
    lines.add("  manager:  " + amount(spend.path("manager")));
    lines.add("  workers:  " + amount(spend.path("workers")));
    if (spend.path("reserved").path("tokens").asLong() > 0) lines.add("  reserved: " + amount(spend.path("reserved")) + " (the call in flight)");
    List<String> limits = new ArrayList<>();
    if (spend.path("maxTokens").isNumber()) limits.add(String.format(Locale.ROOT, "%,d tokens", spend.path("maxTokens").asLong()));
    if (spend.path("maxCostUsd").isNumber()) limits.add(String.format(Locale.ROOT, "$%.2f", spend.path("maxCostUsd").asDouble()));
    lines.add("  budget:   " + (limits.isEmpty() ? "none" : String.join(" and ", limits)));
    if (!spend.path("byRole").isEmpty()) {
      lines.add(String.format(Locale.ROOT, "  %-12s %6s %12s %12s %10s", "role", "calls", "input tok", "output tok", "USD"));
      for (JsonNode role : spend.path("byRole")) {
        lines.add(String.format(Locale.ROOT, "  %-12s %6d %,12d %,12d %10.4f", role.path("role").asText(), role.path("calls").asInt(),
            role.path("inputTokens").asLong(), role.path("outputTokens").asLong(), role.path("costUsd").asDouble()));
      }
    }
    return lines;
  }

  private static String amount(JsonNode amount) {
    return String.format(Locale.ROOT, "%,d tokens, $%.4f", amount.path("tokens").asLong(), amount.path("costUsd").asDouble());
  }
}

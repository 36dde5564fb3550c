package dev.agentline.audit.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What changed from one plan version to the next, one line per change: {@code + s3 ...} a step
 * added, {@code - s2 ...} a step removed, {@code ~ s1 field: old → new} a step changed, and the goal.
 */
final class PlanDiff {
  private static final List<String> STEP_FIELDS = List.of("type", "description", "files", "dependsOn", "testCommand");

  private PlanDiff() {}

  static List<String> between(JsonNode before, JsonNode after) {
    List<String> changes = new ArrayList<>();
    if (before == null || before.isNull() || before.isMissingNode()) return changes;
    String goalBefore = text(before.path("goal"));
    String goalAfter = text(after.path("goal"));
    if (!goalBefore.equals(goalAfter)) changes.add("~ goal: " + goalBefore + " → " + goalAfter);
    Map<String, JsonNode> old = steps(before);
    Map<String, JsonNode> now = steps(after);
    old.forEach((id, step) -> {
      if (!now.containsKey(id)) changes.add("- " + id + " (" + text(step.path("type")) + "): " + text(step.path("description")));
    });
    now.forEach((id, step) -> {
      JsonNode previous = old.get(id);
      if (previous == null) {
        changes.add("+ " + id + " (" + text(step.path("type")) + "): " + text(step.path("description")));
        return;
      }
      for (String field : STEP_FIELDS) {
        String was = text(previous.path(field));
        String is = text(step.path(field));
        if (!was.equals(is)) changes.add("~ " + id + " " + field + ": " + was + " → " + is);
      }
    });
    return changes;
  }

  private static Map<String, JsonNode> steps(JsonNode plan) {
    Map<String, JsonNode> steps = new LinkedHashMap<>();
    for (JsonNode step : plan.path("steps")) steps.put(text(step.path("id")), step);
    return steps;
  }

  /** Strings as they are, arrays as [a, b], absent or null as empty. */
  private static String text(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) return "";
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : node) items.add(text(item));
      return items.toString();
    }
    return node.isString() ? node.asString() : node.toString();
  }
}

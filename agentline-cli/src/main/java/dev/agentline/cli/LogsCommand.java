package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code agentline logs TASK-ID}: the task's recorded history from the audit service ({@code GET /api/tasks/{id}/timeline}). */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = {"Show a task's timeline as the audit service recorded it: its submission, its events (states, steps, tests, gates, the PR) "
        + "and people's commands, oldest first.", "--all adds every other record (model calls, step and tool requests and results)."})
final class LogsCommand extends ApiCommand {
  /** The records that tell the task's story; the rest (model calls, requests, results, states) come with --all. */
  static final Set<String> STORY = Set.of("TaskSubmitted", "TaskEvent", "TaskCommand");

  @Parameters(index = "0", paramLabel = "TASK-ID", description = "The task, e.g. t-1a2b3c4d.")
  String taskId;

  @Option(names = "--all", description = "Every record of the task, not only its events and commands.")
  boolean all;

  @Option(names = "--step", paramLabel = "STEP-ID", description = "Only the records about this plan step, e.g. s1.")
  String step;

  @Mixin AuditOptions audit;

  @Override
  int execute() throws Exception {
    RestClient client = audit(audit);
    checkTaskId(taskId);
    JsonNode timeline = client.get("/api/tasks/" + taskId + "/timeline").orFail();
    List<JsonNode> entries = entries(timeline, all, step);
    if (json) {
      ObjectNode filtered = RestClient.JSON.createObjectNode().put("taskId", taskId);
      ArrayNode array = filtered.putArray("entries");
      entries.forEach(array::add);
      printJson(filtered);
    } else {
      entries.forEach(e -> out().println(line(e)));
      if (entries.isEmpty()) err().println(name() + ": nothing recorded for task " + taskId + (step == null ? "" : " step " + step) + (all ? "" : " (--all shows every record)"));
    }
    return ExitCodes.OK;
  }

  /** The timeline's entries to show: the story (or all), of one step when {@code step} is given. */
  static List<JsonNode> entries(JsonNode timeline, boolean all, String step) {
    List<JsonNode> entries = new ArrayList<>();
    for (JsonNode entry : timeline.path("entries")) {
      if (!all && !STORY.contains(entry.path("recordType").asText())) continue;
      if (step != null && !step.equals(entry.path("body").path("stepId").asText(null))) continue;
      entries.add(entry);
    }
    return entries;
  }

  /** {@code 2026-11-26T01:30:02.120Z  TaskEvent     STEP_STARTED      the summary}. */
  static String line(JsonNode entry) {
    String type = entry.path("recordType").asText();
    String event = entry.path("eventType").isTextual() ? entry.path("eventType").asText() : "";
    return String.format(Locale.ROOT, "%-24s  %-13s %-20s %s", entry.path("occurredAt").asText(), type, event, entry.path("summary").asText());
  }
}

package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Submits one ticket to a running system, prints its history as it happens, then the outcome. */
final class TaskRun {
  private final EmbeddedSystem system;
  private final PrintStream out;
  private final boolean json;

  /** How a task ended, for the exit code and for tests. */
  record Outcome(String taskId, String status, JsonNode task) {
    int exitCode() {
      return "DONE".equals(status) ? ExitCodes.OK : ExitCodes.TASK_FAILED;
    }
  }

  TaskRun(EmbeddedSystem system, PrintStream out, boolean json) {
    this.system = system;
    this.out = out;
    this.json = json;
  }

  Outcome run(String repository, TicketFile ticket, String testCommand, String searchHint, Duration timeout, long startedNanos)
      throws IOException, InterruptedException {
    TaskClient client = new TaskClient(system.plannerUrl());
    try (TaskFollower follower = new TaskFollower(system.bootstrapServers())) {
      String taskId = client.submit(repository, ticket, testCommand);
      progress("submitted task " + taskId + ": " + ticket.title());
      long submitted = System.nanoTime();
      Optional<TaskEvent> end = follower.follow(taskId, timeout, event -> progress(line(event, submitted)));
      JsonNode task = client.task(taskId);
      String status = end.map(e -> e.getStatus().name()).orElse("TIMED_OUT");
      if (end.isEmpty()) progress("gave up waiting after " + timeout.toSeconds() + " s; the task is " + task.path("status").asText());
      if (json) {
        out.println(TaskClient.pretty(task));
      } else {
        report(taskId, task, searchHint, startedNanos);
      }
      return new Outcome(taskId, status, task);
    }
  }

  private void report(String taskId, JsonNode task, String searchHint, long startedNanos) {
    String status = task.path("status").asText();
    out.println();
    out.println("task " + taskId + " " + status + ": " + task.path("title").asText());
    if (!task.path("failureReason").isNull() && !task.path("failureReason").isMissingNode()) {
      out.println("  reason:       " + task.path("failureReason").asText().replace("\n", "\n                "));
    }
    out.println("  branch:       " + task.path("branch").asText() + " (pushed to " + task.path("repository").asText() + ")");
    JsonNode pr = task.path("pullRequest");
    if (pr.isObject()) out.println("  pull request: \"" + pr.path("title").asText() + "\" at " + pr.path("url").asText());
    JsonNode plan = task.path("plan");
    if (plan.isObject()) {
      out.println("  plan:         " + plan.path("goal").asText());
      for (JsonNode step : plan.path("steps")) {
        StringBuilder line = new StringBuilder("    ").append(step.path("id").asText()).append(' ')
            .append(step.path("type").asText().toLowerCase(Locale.ROOT).replace('_', '-')).append(' ')
            .append(step.path("status").asText()).append(": ").append(step.path("description").asText());
        line.append(" (attempts ").append(step.path("attempts").asInt());
        if (step.hasNonNull("commit")) line.append(", commit ").append(step.path("commit").asText(), 0, 7);
        if (step.path("tests").isObject()) line.append("; ").append(step.path("tests").path("summary").asText());
        line.append(')');
        out.println(line);
        if (step.hasNonNull("lastError") && !"DONE".equals(step.path("status").asText())) {
          out.println("      last error: " + firstLine(step.path("lastError").asText()));
        }
      }
    }
    JsonNode finalTests = task.path("finalTests");
    out.println("  final tests:  " + (finalTests.isObject() ? finalTests.path("summary").asText() : "not run"));
    JsonNode review = task.path("review");
    if (review.isObject()) {
      out.println("  review:       " + review.path("verdict").asText().toLowerCase(Locale.ROOT).replace('_', '-') + ": " + review.path("summary").asText());
      for (JsonNode comment : review.path("comments")) out.println("                - " + comment.asText());
    }
    JsonNode spend = task.path("spend");
    if (spend.isObject()) {
      int calls = 0;
      for (JsonNode role : spend.path("byRole")) calls += role.path("calls").asInt();
      out.printf(Locale.ROOT, "  model calls:  %d, %,d tokens, $%.4f (manager %,d tokens $%.4f, workers %,d tokens $%.4f)%n", calls,
          spend.path("total").path("tokens").asLong(), spend.path("total").path("costUsd").asDouble(),
          spend.path("manager").path("tokens").asLong(), spend.path("manager").path("costUsd").asDouble(),
          spend.path("workers").path("tokens").asLong(), spend.path("workers").path("costUsd").asDouble());
    }
    String query = URLEncoder.encode(searchHint, StandardCharsets.UTF_8);
    out.println("  search:       " + system.auditUrl() + "/api/audit/search?q=" + query + "&taskId=" + taskId);
    out.println("  timeline:     " + system.auditUrl() + "/api/tasks/" + taskId + "/timeline");
    out.printf(Locale.ROOT, "  wall time:    %.1f s%n", (System.nanoTime() - startedNanos) / 1e9);
  }

  private void progress(String message) {
    if (!json) out.println(message);
  }

  private static String line(TaskEvent event, long submittedNanos) {
    double seconds = (System.nanoTime() - submittedNanos) / 1e9;
    String what = event.getType() == TaskEventType.STATE_CHANGED ? "" : event.getType().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": ";
    String marker = event.getType() == TaskEventType.STATE_CHANGED ? "->" : "  ";
    TaskStatus status = event.getStatus();
    return String.format(Locale.ROOT, "[%6.1fs] %s %-12s %s%s", seconds, marker, status, what, firstLine(event.getMessage()));
  }

  private static String firstLine(String text) {
    String first = text.lines().findFirst().orElse("");
    return first.length() > 160 ? first.substring(0, 157) + "..." : first;
  }
}

package dev.agentline.audit.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The console's charts, computed from audit records: time from ticket to pull request, worker
 * failures by role (with their reasons), cost per task over time.
 */
record ConsoleMetrics(Instant since, List<TicketToPr> ticketToPr, List<RoleFailures> failuresByRole, List<TaskCost> costPerTask) {

  /** A task that reached PR_OPENED: how long after its ticket was submitted. */
  record TicketToPr(String taskId, String title, Instant submittedAt, Instant prOpenedAt, double minutes) {}

  /** Failed worker results of one role; {@code reasons}: failures per error text (its first line, cut at 80 characters). */
  record RoleFailures(String role, long failures, Map<String, Long> reasons) {}

  /** What one task's model calls cost; {@code status} is its latest status. */
  record TaskCost(String taskId, String title, Instant submittedAt, double costUsd, String status) {}

  /** Computes the metrics from the records {@code ConsoleStore.metricRecords} returns. */
  static ConsoleMetrics of(Instant since, List<ConsoleRecord> records) {
    Map<String, JsonNode> submitted = new LinkedHashMap<>();
    Map<String, Instant> submittedAt = new LinkedHashMap<>();
    Map<String, Instant> prOpenedAt = new LinkedHashMap<>();
    Map<String, Double> cost = new LinkedHashMap<>();
    Map<String, ConsoleRecord> lastState = new LinkedHashMap<>();
    Map<String, Map<String, Long>> failures = new LinkedHashMap<>();
    for (ConsoleRecord record : records) {
      JsonNode body = record.body();
      String taskId = body.path("meta").path("taskId").asString(null);
      switch (record.recordType()) {
        case "TaskSubmitted" -> {
          submitted.putIfAbsent(taskId, body);
          submittedAt.putIfAbsent(taskId, record.occurredAt());
        }
        case "ModelCall" -> cost.merge(taskId, body.path("usage").path("costUsd").asDouble(), Double::sum);
        case "TaskEvent" -> {
          if ("PR_OPENED".equals(record.eventType())) prOpenedAt.putIfAbsent(taskId, record.occurredAt());
          ConsoleRecord last = lastState.get(taskId);
          if (last == null || record.offset() > last.offset()) lastState.put(taskId, record);
        }
        case "StepResult" -> failures.computeIfAbsent(body.path("role").asString("UNKNOWN"), r -> new LinkedHashMap<>())
            .merge(reason(body.path("error").asString("")), 1L, Long::sum);
        default -> { }
      }
    }
    List<TicketToPr> ticketToPr = new ArrayList<>();
    List<TaskCost> costPerTask = new ArrayList<>();
    submitted.forEach((taskId, ticket) -> {
      Instant start = submittedAt.get(taskId);
      String title = ticket.path("title").asString("");
      Instant pr = prOpenedAt.get(taskId);
      if (pr != null) ticketToPr.add(new TicketToPr(taskId, title, start, pr, Duration.between(start, pr).toMillis() / 60_000.0));
      ConsoleRecord state = lastState.get(taskId);
      costPerTask.add(new TaskCost(taskId, title, start, cost.getOrDefault(taskId, 0.0),
          state == null ? "RECEIVED" : state.body().path("status").asString("RECEIVED")));
    });
    List<RoleFailures> byRole = new ArrayList<>();
    failures.forEach((role, reasons) -> byRole.add(new RoleFailures(role, reasons.values().stream().mapToLong(Long::longValue).sum(), reasons)));
    byRole.sort(Comparator.comparingLong(RoleFailures::failures).reversed().thenComparing(RoleFailures::role));
    costPerTask.sort(Comparator.comparing(TaskCost::submittedAt));
    ticketToPr.sort(Comparator.comparing(TicketToPr::submittedAt));
    return new ConsoleMetrics(since, ticketToPr, byRole, costPerTask);
  }

  private static String reason(String error) {
    String line = error.isBlank() ? "(no reason given)" : error.strip().lines().findFirst().orElse("");
    return line.length() > 80 ? line.substring(0, 80) + "…" : line;
  }
}

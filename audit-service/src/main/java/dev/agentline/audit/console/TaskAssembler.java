package dev.agentline.audit.console;

import dev.agentline.audit.console.TaskDetail.Command;
import dev.agentline.audit.console.TaskDetail.Cost;
import dev.agentline.audit.console.TaskDetail.Event;
import dev.agentline.audit.console.TaskDetail.ModelCallView;
import dev.agentline.audit.console.TaskDetail.PlanVersion;
import dev.agentline.audit.console.TaskDetail.PrEvent;
import dev.agentline.audit.console.TaskDetail.Step;
import dev.agentline.audit.console.TaskDetail.ToolCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Builds a task's page from its audit records (as stored: JSON bodies of the Avro records). */
final class TaskAssembler {
  /** Statuses a person cannot take the task over from (as the planner decides: a DONE task's pull request is still open, a failed task's branch can be finished by hand). */
  private static final Set<String> NOT_TAKEABLE = Set.of("MERGED", "CLOSED", "CANCELLED");

  private TaskAssembler() {}

  /** The task's page, or empty when none of the records is a task's (no TaskSubmitted, no TaskEvent). */
  static Optional<TaskDetail> assemble(String taskId, List<ConsoleRecord> records) {
    JsonNode submitted = null;
    List<ConsoleRecord> events = new ArrayList<>();
    List<ModelCallView> modelCalls = new ArrayList<>();
    List<ToolCall> toolCalls = new ArrayList<>();
    List<Command> commands = new ArrayList<>();
    List<PrEvent> prEvents = new ArrayList<>();
    java.util.Set<String> prItems = new java.util.HashSet<>();
    for (ConsoleRecord record : records) {
      JsonNode body = record.body();
      switch (record.recordType()) {
        case "TaskSubmitted" -> submitted = submitted == null ? body : submitted;
        case "TaskEvent" -> events.add(record);
        case "ModelCall" -> modelCalls.add(modelCall(taskId, record));
        case "ToolResult" -> toolCalls.add(toolCall(taskId, record));
        case "TaskCommand" -> commands.add(new Command(record.occurredAt(), text(body, "type"), text(body, "actor"),
            text(body, "stepId"), text(body, "reason")));
        // the same thing on the code host seen by webhook and by polling is shown once
        case "PullRequestEvent" -> {
          if (prItems.add(String.valueOf(text(body, "itemKey")))) prEvents.add(prEvent(record));
        }
        default -> { }
      }
    }
    if (submitted == null && events.isEmpty()) return Optional.empty();
    // One task's events share a partition: their offsets are the order the planner wrote them in.
    events.sort(Comparator.comparingInt(ConsoleRecord::partition).thenComparingLong(ConsoleRecord::offset));
    List<Event> eventViews = events.stream().map(TaskAssembler::event).toList();
    String status = eventViews.isEmpty() ? "RECEIVED" : eventViews.get(eventViews.size() - 1).status();
    List<PlanVersion> plans = plans(events);
    JsonNode latestPlan = plans.isEmpty() ? null : plans.get(plans.size() - 1).plan();
    Instant updatedAt = records.stream().map(ConsoleRecord::occurredAt).max(Comparator.naturalOrder()).orElse(null);
    Instant submittedAt = submitted != null && submitted.path("meta").has("occurredAt")
        ? Instant.parse(submitted.path("meta").path("occurredAt").asString())
        : records.get(0).occurredAt();
    return Optional.of(new TaskDetail(
        taskId,
        text(submitted, "title"),
        text(submitted, "description"),
        text(submitted, "repository"),
        text(submitted, "baseBranch"),
        text(submitted, "requester"),
        status,
        awaiting(status, eventViews),
        submittedAt,
        updatedAt,
        cost(modelCalls),
        plans,
        steps(latestPlan, eventViews),
        eventViews,
        eventViews.stream().filter(e -> e.actor() != null).toList(),
        commands,
        modelCalls,
        toolCalls,
        pullRequest(events, toolCalls),
        eventViews.stream().mapToInt(Event::iteration).max().orElse(1),
        takeover(status),
        "TAKEN_OVER".equals(status) ? takenOverBy(eventViews) : null,
        prEvents.stream().sorted(Comparator.comparing(PrEvent::at)).toList(),
        "/api/tasks/" + taskId + "/timeline"));
  }

  private static Event event(ConsoleRecord record) {
    JsonNode body = record.body();
    return new Event(record.occurredAt(), text(body, "type"), text(body, "status"), text(body, "stepId"), text(body, "message"),
        text(body, "actor"), text(body, "reason"), body.path("iteration").asInt(1), text(body, "prItemKey"));
  }

  private static PrEvent prEvent(ConsoleRecord record) {
    JsonNode body = record.body();
    JsonNode line = body.path("line");
    Instant happened = body.path("happenedAt").isString() ? Instant.parse(body.path("happenedAt").asString()) : record.occurredAt();
    return new PrEvent(happened, text(body, "type"), text(body, "itemKey"), text(body, "actor"), text(body, "body"),
        text(body, "reviewState"), text(body, "path"), line.isNumber() ? line.asInt() : null, text(body, "ciName"),
        text(body, "ciConclusion"), text(body, "ciUrl"), text(body, "url"), text(body, "via"));
  }

  /** {@code taken} while a person has the task, {@code possible} while one may take it over, null once that is over. */
  static String takeover(String status) {
    if ("TAKEN_OVER".equals(status)) return "taken";
    return NOT_TAKEABLE.contains(status) ? null : "possible";
  }

  private static String takenOverBy(List<Event> events) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if ("TAKEN_OVER".equals(events.get(i).type())) return events.get(i).actor();
    }
    return null;
  }

  /** While awaiting approval: what the latest APPROVAL_REQUESTED asked about ("plan" or a step id). */
  private static String awaiting(String status, List<Event> events) {
    if (!"AWAITING_APPROVAL".equals(status)) return null;
    for (int i = events.size() - 1; i >= 0; i--) {
      Event event = events.get(i);
      if ("APPROVAL_REQUESTED".equals(event.type())) return event.stepId() == null ? "plan" : event.stepId();
    }
    return "plan";
  }

  private static List<PlanVersion> plans(List<ConsoleRecord> events) {
    List<PlanVersion> plans = new ArrayList<>();
    JsonNode previous = null;
    for (ConsoleRecord record : events) {
      JsonNode body = record.body();
      String type = text(body, "type");
      JsonNode plan = body.path("plan");
      if (!plan.isObject() || !("PLAN_ACCEPTED".equals(type) || "PLAN_REVISED".equals(type))) continue;
      plans.add(new PlanVersion(plan.path("version").asInt(plans.size() + 1), record.occurredAt(), type, text(body, "message"), plan,
          PlanDiff.between(previous, plan)));
      previous = plan;
    }
    return plans;
  }

  /** The latest plan's steps, each with its status from the events (started, completed, failed) and attempts. */
  private static List<Step> steps(JsonNode plan, List<Event> events) {
    if (plan == null) return List.of();
    List<Step> steps = new ArrayList<>();
    for (JsonNode step : plan.path("steps")) {
      String id = text(step, "id");
      String status = "PENDING";
      int attempts = 0;
      for (Event event : events) {
        if (!id.equals(event.stepId())) continue;
        switch (event.type()) {
          case "STEP_STARTED" -> {
            status = "RUNNING";
            attempts++;
          }
          case "STEP_COMPLETED", "STEP_ACCEPTED" -> status = "DONE";
          case "STEP_FAILED" -> status = "FAILED";
          default -> { }
        }
      }
      List<String> files = new ArrayList<>();
      for (JsonNode file : step.path("files")) files.add(file.asString());
      steps.add(new Step(id, text(step, "type"), text(step, "description"), files, status, attempts));
    }
    return steps;
  }

  private static ModelCallView modelCall(String taskId, ConsoleRecord record) {
    JsonNode body = record.body();
    String requestId = text(body, "requestId");
    return new ModelCallView(record.occurredAt(), requestId, stepOf(taskId, requestId), text(body, "role"), text(body, "kind"),
        text(body, "provider"), text(body, "model"), text(body, "promptVersion"), body.path("prompt"), text(body, "response"),
        body.path("usage"), body.path("latencyMs").asLong(), body.path("ok").asBoolean(), text(body, "error"));
  }

  private static ToolCall toolCall(String taskId, ConsoleRecord record) {
    JsonNode body = record.body();
    String requestId = text(body, "requestId");
    List<String> changed = new ArrayList<>();
    for (JsonNode file : body.path("changedFiles")) changed.add(file.asString());
    return new ToolCall(record.occurredAt(), requestId, stepOf(taskId, requestId), text(body, "tool"), body.path("ok").asBoolean(),
        text(body, "error"), text(body, "output"), text(body, "diff"), changed, nullIfAbsent(body.path("tests")),
        nullIfAbsent(body.path("pullRequest")), body.path("durationMs").asLong());
  }

  /** requestId = taskId/stepId/attempt[/phase]: the step id, or null when it does not have that shape. */
  static String stepOf(String taskId, String requestId) {
    if (requestId == null || !requestId.startsWith(taskId + "/")) return null;
    String rest = requestId.substring(taskId.length() + 1);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static Cost cost(List<ModelCallView> calls) {
    double cost = 0;
    long input = 0;
    long output = 0;
    Map<String, Double> byRole = new LinkedHashMap<>();
    for (ModelCallView call : calls) {
      double callCost = call.usage().path("costUsd").asDouble();
      cost += callCost;
      input += call.usage().path("inputTokens").asLong();
      output += call.usage().path("outputTokens").asLong();
      byRole.merge(call.role(), callCost, Double::sum);
    }
    return new Cost(cost, input, output, byRole);
  }

  private static JsonNode pullRequest(List<ConsoleRecord> events, List<ToolCall> toolCalls) {
    for (int i = events.size() - 1; i >= 0; i--) {
      JsonNode pr = events.get(i).body().path("pullRequest");
      if (pr.isObject()) return pr;
    }
    for (int i = toolCalls.size() - 1; i >= 0; i--) {
      if (toolCalls.get(i).pullRequest() != null) return toolCalls.get(i).pullRequest();
    }
    return null;
  }

  private static JsonNode nullIfAbsent(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull() ? null : node;
  }

  /** A string field, or null when absent or null. */
  private static String text(JsonNode node, String field) {
    if (node == null) return null;
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asString();
  }
}

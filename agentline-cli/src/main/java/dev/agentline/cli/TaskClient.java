package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Talks to the planner's REST API like any other client would. */
final class TaskClient {
  private final RestClient api;

  TaskClient(String plannerUrl) {
    this(plannerUrl, null);
  }

  TaskClient(String plannerUrl, String token) {
    this.api = new RestClient("planner", plannerUrl, "--planner-url or AGENTLINE_PLANNER_URL", token);
  }

  /** Submits the ticket and returns the new task id; a refused ticket is a {@link CliFailure} with the server's problem. */
  String submit(String repository, TicketFile ticket, String testCommand) {
    return submit(TaskSpec.of(repository, ticket, testCommand)).path("taskId").asText();
  }

  /** {@code POST /api/tasks}: the planner's answer ({@code taskId}, {@code status}); a refusal is a {@link CliFailure}. */
  JsonNode submit(TaskSpec spec) {
    return api.post("/api/tasks", spec.body()).orFail();
  }

  /** The task view; any answer but 200 is a {@link CliFailure}. */
  JsonNode task(String taskId) {
    return view(taskId).orFail();
  }

  /** {@code GET /api/tasks/{id}}, whatever the answer. */
  RestClient.Reply view(String taskId) {
    return api.get("/api/tasks/" + taskId);
  }

  /**
   * {@code POST /api/tasks/{id}/commands}: a person's decision about the task (approve-plan, reject-plan, accept-step,
   * reject-step, retry-step, cancel, takeover, handback). Null step id and comment are left out. Every answer the planner gave, accepted or
   * refused, is the reply.
   */
  RestClient.Reply command(String taskId, String type, String actor, String stepId, String comment) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("actor", actor);
    if (stepId != null) body.put("stepId", stepId);
    if (comment != null) body.put("comment", comment);
    return api.post("/api/tasks/" + taskId + "/commands", body);
  }

  static String pretty(JsonNode node) throws IOException {
    return RestClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }

  static String compact(JsonNode node) throws IOException {
    return RestClient.JSON.writeValueAsString(node);
  }

  static List<String> texts(JsonNode array) {
    return array == null ? List.of() : java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}

package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Talks to the planner's REST API like any other client would. */
final class TaskClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String plannerUrl;

  TaskClient(String plannerUrl) {
    this.plannerUrl = plannerUrl;
  }

  /** Submits the ticket and returns the new task id; a refused ticket throws with the server's problem detail. */
  String submit(String repository, TicketFile ticket, String testCommand) throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("repository", repository);
    if (ticket.key() != null && !ticket.key().isBlank()) body.put("ticketKey", ticket.key().strip());
    body.put("baseBranch", ticket.baseBranch());
    body.put("title", ticket.title());
    body.put("description", ticket.description());
    body.put("acceptanceCriteria", ticket.acceptanceCriteria());
    body.put("testCommand", testCommand);
    if (ticket.requester() != null) body.put("requester", ticket.requester());
    if (!ticket.labels().isEmpty()) body.put("labels", ticket.labels());
    TicketFile.Spec spec = ticket.spec();
    if (spec.workType() != null) body.put("workType", spec.workType());
    if (spec.goal() != null) body.put("goal", spec.goal());
    if (!spec.constraints().isEmpty()) body.put("constraints", spec.constraints());
    if (!spec.interfaces().isEmpty()) body.put("interfaces", spec.interfaces());
    if (ticket.maxTokens() != null || ticket.maxCostUsd() != null) {
      Map<String, Object> budget = new LinkedHashMap<>();
      budget.put("maxTokens", ticket.maxTokens());
      budget.put("maxCostUsd", ticket.maxCostUsd());
      body.put("budget", budget);
    }
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(plannerUrl + "/api/tasks"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IOException("the planner refused the ticket (HTTP " + response.statusCode() + "): " + detail(response.body()));
    }
    return JSON.readTree(response.body()).path("taskId").asText();
  }

  JsonNode task(String taskId) throws IOException, InterruptedException {
    Reply reply = view(taskId);
    if (reply.status() != 200) throw new IOException("GET /api/tasks/" + taskId + " answered HTTP " + reply.status() + ": " + detail(reply.raw()));
    return reply.body();
  }

  /** {@code GET /api/tasks/{id}}, whatever the answer; an IOException means the planner could not be reached. */
  Reply view(String taskId) throws IOException, InterruptedException {
    return exchange(HttpRequest.newBuilder(URI.create(plannerUrl + "/api/tasks/" + taskId)).GET());
  }

  /**
   * {@code POST /api/tasks/{id}/commands}: a person's decision about the task (approve-plan, reject-plan, accept-step,
   * reject-step, retry-step, cancel). Null step id and comment are left out. An IOException means the planner could
   * not be reached; every answer it gave, accepted or refused, is the reply.
   */
  Reply command(String taskId, String type, String actor, String stepId, String comment) throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("actor", actor);
    if (stepId != null) body.put("stepId", stepId);
    if (comment != null) body.put("comment", comment);
    return exchange(HttpRequest.newBuilder(URI.create(plannerUrl + "/api/tasks/" + taskId + "/commands"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  private Reply exchange(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).header("Accept", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
    } catch (IOException notJson) {
      body = JSON.missingNode();
    }
    return new Reply(response.statusCode(), body, response.body());
  }

  /** The planner's answer: its HTTP status, the body as JSON (missing when it was not JSON) and as text. */
  record Reply(int status, JsonNode body, String raw) {
    boolean succeeded() {
      return status / 100 == 2;
    }

    /** An RFC 9457 problem as lines to print: the detail (or title, or the raw body), then each field error. */
    List<String> problem() {
      List<String> lines = new java.util.ArrayList<>();
      String detail = body.path("detail").asText("");
      if (detail.isBlank()) detail = body.path("title").asText("");
      if (detail.isBlank()) detail = raw.isBlank() ? "(no details)" : raw.lines().findFirst().orElse("");
      lines.add(detail);
      for (JsonNode error : body.path("errors")) {
        lines.add("  " + error.path("field").asText("?") + ": " + error.path("message").asText(""));
      }
      return lines;
    }
  }

  static String pretty(JsonNode node) throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }

  private static String detail(String body) {
    try {
      JsonNode problem = JSON.readTree(body);
      return problem.hasNonNull("detail") ? problem.get("detail").asText() : body;
    } catch (IOException e) {
      return body;
    }
  }

  static List<String> texts(JsonNode array) {
    return array == null ? List.of() : java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}

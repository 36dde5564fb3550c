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
    body.put("baseBranch", ticket.baseBranch());
    body.put("title", ticket.title());
    body.put("description", ticket.description());
    body.put("acceptanceCriteria", ticket.acceptanceCriteria());
    body.put("testCommand", testCommand);
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
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(plannerUrl + "/api/tasks/" + taskId)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) throw new IOException("GET /api/tasks/" + taskId + " answered HTTP " + response.statusCode() + ": " + detail(response.body()));
    return JSON.readTree(response.body());
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

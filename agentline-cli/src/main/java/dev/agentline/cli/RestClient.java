package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One agentline REST API (the planner's or the audit service's), called with the user's token as
 * {@code Authorization: Bearer ...} when there is one. Every answer the server gives is a {@link Reply};
 * a server that cannot be reached is a {@link CliFailure} with {@link ExitCodes#UNREACHABLE}, naming the URL, the
 * reason and the option that says where the server is.
 */
final class RestClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String service;
  private final String baseUrl;
  private final String where;
  private final String token;

  /**
   * @param service what the server is, for messages ("planner", "audit service")
   * @param where the option and variable that say where it is, for messages
   * @param token the bearer token, or null/blank for none
   */
  RestClient(String service, String baseUrl, String where, String token) {
    this.service = service;
    this.baseUrl = baseUrl;
    this.where = where;
    this.token = token == null || token.isBlank() ? null : token.strip();
  }

  String baseUrl() {
    return baseUrl;
  }

  Reply get(String path) {
    return get(path, "application/json");
  }

  /** A GET asking for {@code accept} (e.g. {@code text/csv}); the reply's raw text is the body. */
  Reply get(String path, String accept) {
    return exchange(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), accept);
  }

  Reply post(String path, Object body) {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the request as JSON: " + e.getMessage(), e);
    }
    return exchange(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)), "application/json");
  }

  private Reply exchange(HttpRequest.Builder request, String accept) {
    request.timeout(Duration.ofSeconds(30)).header("Accept", accept);
    if (token != null) request.header("Authorization", "Bearer " + token);
    HttpResponse<String> response;
    try {
      response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.UNREACHABLE, "cannot reach the " + service + " at " + baseUrl + ": " + reason(e)
          + " (is it running? " + where + " says where it is)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCodes.UNREACHABLE, "interrupted while waiting for the " + service + " at " + baseUrl);
    }
    return new Reply(service, response.statusCode(), parse(response.body()), response.body());
  }

  static JsonNode parse(String text) {
    try {
      return text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
    } catch (IOException notJson) {
      return JSON.missingNode();
    }
  }

  /** The JDK's HTTP client throws with null messages; the causes say what happened. */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) return "unknown host";
      if (t instanceof java.net.http.HttpTimeoutException) return "no answer in time";
      if (t instanceof java.net.ConnectException && t.getCause() instanceof java.nio.channels.ClosedChannelException) {
        return "connection refused";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
    return e.getClass().getSimpleName();
  }

  /** A server's answer: its HTTP status, the body as JSON (missing when it was not JSON) and as text. */
  record Reply(String service, int status, JsonNode body, String raw) {
    boolean succeeded() {
      return status / 100 == 2;
    }

    /**
     * The body of a successful answer; otherwise a {@link CliFailure}: a refusal (4xx) is bad input
     * ({@link ExitCodes#BAD_INPUT}), a failure (5xx or anything else) an unreachable server ({@link ExitCodes#UNREACHABLE});
     * the message holds the problem's detail and each field error.
     */
    JsonNode orFail() {
      if (succeeded()) return body;
      boolean refused = status / 100 == 4;
      throw new CliFailure(refused ? ExitCodes.BAD_INPUT : ExitCodes.UNREACHABLE,
          "the " + service + " " + (refused ? "refused" : "failed") + " (HTTP " + status + "): " + String.join(System.lineSeparator(), problem()));
    }

    /** An RFC 9457 problem as lines to print: the detail (or title, or the raw body), then each field error or the bad parameter. */
    List<String> problem() {
      List<String> lines = new ArrayList<>();
      String detail = body.path("detail").asText("");
      if (detail.isBlank()) detail = body.path("title").asText("");
      if (detail.isBlank()) detail = raw == null || raw.isBlank() ? "(no details)" : raw.lines().findFirst().orElse("");
      lines.add(detail);
      for (JsonNode error : body.path("errors")) {
        lines.add("  " + error.path("field").asText("?") + ": " + error.path("message").asText(""));
      }
      if (body.path("parameter").isTextual()) lines.add("  parameter: " + body.path("parameter").asText());
      return lines;
    }
  }
}

package dev.agentline.planner.jira;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few Jira Cloud REST v3 calls the connector makes, over java.net.http with basic auth (e-mail and API token). 429 and
 * 5xx answers (and failed connections) are retried with {@link Backoff}: Jira's {@code Retry-After} when it sends one; any
 * other 4xx is a {@link JiraException} naming the call and Jira's error messages.
 */
class JiraClient {
  private static final Logger log = LoggerFactory.getLogger(JiraClient.class);
  static final int PAGE_SIZE = 50;

  private final URI baseUrl;
  private final String authorization;
  private final JiraProperties.Http settings;
  private final Backoff backoff;
  private final HttpClient http;
  private final JsonMapper json = JsonMapper.builder().build();

  JiraClient(JiraProperties properties) {
    this.baseUrl = URI.create(properties.baseUrl().toString().replaceAll("/+$", "") + "/");
    this.authorization = blank(properties.userEmail()) || blank(properties.apiToken()) ? null
        : "Basic " + Base64.getEncoder().encodeToString((properties.userEmail() + ":" + properties.apiToken()).getBytes(StandardCharsets.UTF_8));
    this.settings = properties.http();
    this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), () -> ThreadLocalRandom.current().nextDouble());
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout()).build();
  }

  /** {@code GET /rest/api/3/issue/{key}}: the issue with all its fields. */
  JsonNode issue(String key) {
    return call("GET", "rest/api/3/issue/" + encode(key), null);
  }

  /** Every issue {@code jql} finds, page by page ({@code GET /rest/api/3/search/jql} with {@code nextPageToken} until {@code isLast}). */
  List<JsonNode> search(String jql, List<String> fields) {
    List<JsonNode> issues = new ArrayList<>();
    String token = null;
    do {
      String path = "rest/api/3/search/jql?jql=" + encode(jql) + "&fields=" + encode(String.join(",", fields)) + "&maxResults=" + PAGE_SIZE
          + (token == null ? "" : "&nextPageToken=" + encode(token));
      JsonNode page = call("GET", path, null);
      page.path("issues").forEach(issues::add);
      String next = page.path("nextPageToken").asString(null);
      boolean last = page.path("isLast").asBoolean(next == null);
      if (!last && (next == null || next.equals(token))) throw new JiraException(0, "Jira's search page is not the last but carries no new nextPageToken");
      token = last ? null : next;
    } while (token != null);
    return issues;
  }

  /** {@code POST /rest/api/3/issue/{key}/comment} with an ADF body. */
  void comment(String key, ObjectNode adf) {
    ObjectNode body = json.createObjectNode();
    body.set("body", adf);
    call("POST", "rest/api/3/issue/" + encode(key) + "/comment", body);
  }

  /** Moves the issue by a transition's name: looks its id up ({@code GET .../transitions}), then posts it. */
  void transition(String key, String name) {
    JsonNode transitions = call("GET", "rest/api/3/issue/" + encode(key) + "/transitions", null).path("transitions");
    List<String> names = new ArrayList<>();
    for (JsonNode transition : transitions) {
      String candidate = transition.path("name").asString("");
      names.add(candidate);
      if (candidate.equalsIgnoreCase(name)) {
        ObjectNode body = json.createObjectNode();
        body.putObject("transition").put("id", transition.path("id").asString());
        call("POST", "rest/api/3/issue/" + encode(key) + "/transitions", body);
        return;
      }
    }
    throw new JiraException(0, "issue " + key + " has no transition named '" + name + "' now; it offers " + names);
  }

  private JsonNode call(String method, String path, JsonNode body) {
    URI uri = baseUrl.resolve(path);
    String what = method + " " + uri.getPath();
    for (int attempt = 1; ; attempt++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout()).header("Accept", "application/json");
      if (authorization != null) request.header("Authorization", authorization);
      if (body != null) request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
      else request.method(method, HttpRequest.BodyPublishers.noBody());
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt >= settings.maxAttempts()) throw new JiraException(0, what + " failed after " + attempt + " attempts: " + e, e);
        pause(what, attempt, backoff.delay(attempt, Optional.empty()), e.toString());
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JiraException(0, what + " was interrupted", e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) return parse(response.body());
      boolean retryable = status == 429 || status >= 500;
      if (!retryable) throw new JiraException(status, "Jira answered " + status + " to " + what + ": " + errors(response.body()));
      if (attempt >= settings.maxAttempts()) {
        throw new JiraException(status, "Jira answered " + status + " to " + what + " " + attempt + " times; giving up: " + errors(response.body()));
      }
      pause(what, attempt, backoff.delay(attempt, response.headers().firstValue("Retry-After")), "status " + status);
    }
  }

  private static void pause(String what, int attempt, Duration delay, String why) {
    log.warn("Jira {} refused ({}), attempt {}; retrying in {} ms", what, why, attempt, delay.toMillis());
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JiraException(0, what + " was interrupted while backing off", e);
    }
  }

  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) return json.createObjectNode();
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      throw new JiraException(0, "Jira's answer is not JSON: " + e.getOriginalMessage());
    }
  }

  /** Jira's {@code errorMessages} and {@code errors}, or the start of the body. */
  private String errors(String body) {
    try {
      JsonNode error = json.readTree(body);
      List<String> messages = new ArrayList<>();
      error.path("errorMessages").forEach(m -> messages.add(m.asString()));
      error.path("errors").properties().forEach(e -> messages.add(e.getKey() + ": " + e.getValue().asString()));
      if (!messages.isEmpty()) return String.join("; ", messages);
    } catch (JacksonException | IllegalArgumentException e) {
      // not JSON: fall through
    }
    return body == null || body.isBlank() ? "(no body)" : body.substring(0, Math.min(300, body.length()));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A call to Jira that failed for good; {@code status} is 0 when Jira gave no HTTP answer. */
  static final class JiraException extends RuntimeException {
    final int status;

    JiraException(int status, String message) {
      super(message);
      this.status = status;
    }

    JiraException(int status, String message, Throwable cause) {
      super(message, cause);
      this.status = status;
    }
  }
}

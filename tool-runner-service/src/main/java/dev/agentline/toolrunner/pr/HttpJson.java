package dev.agentline.toolrunner.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * JSON over HTTP for one code host: adds the auth and fixed headers, turns auth failures and rate
 * limits into a {@link CodeHostException} naming the reset time (no waiting, no retry), and keeps
 * the token out of every message.
 */
public final class HttpJson {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int PAGE_SIZE = 100;
  private static final int MAX_PAGES = 50;

  private final String hostName;
  private final HttpClient client;
  private final Clock clock;
  private final Map<String, String> headers;
  private final String tokenEnv;
  private final boolean hasToken;

  /** {@code authHeader} gets the token from {@code env.apply(tokenEnv)}; a missing token fails before any call. */
  public HttpJson(String hostName, HttpClient client, Clock clock, String tokenEnv, Function<String, String> env,
      String authHeader, String authPrefix, Map<String, String> fixedHeaders) {
    this.hostName = hostName;
    this.client = client;
    this.clock = clock;
    this.tokenEnv = tokenEnv;
    String token = env.apply(tokenEnv);
    var all = new java.util.LinkedHashMap<>(fixedHeaders);
    hasToken = token != null && !token.isBlank();
    if (hasToken) all.put(authHeader, authPrefix + token.strip());
    this.headers = Map.copyOf(all);
  }

  private void requireToken() {
    if (!hasToken) throw new CodeHostException("no " + hostName + " token: environment variable " + tokenEnv + " is not set");
  }

  public record Response(int status, JsonNode body, String text) {}

  public Response send(String method, URI uri, Object body) {
    requireToken();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json");
    headers.forEach(request::header);
    try {
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body() == null ? "" : response.body();
      JsonNode json = parse(text);
      Response result = new Response(response.statusCode(), json, text);
      failOnAuthOrRateLimit(method, uri, response, result);
      return result;
    } catch (IOException e) {
      throw new CodeHostException(hostName + " " + method + " " + uri.getPath() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CodeHostException(hostName + " " + method + " " + uri.getPath() + " interrupted", e);
    }
  }

  /** A 2xx response or a {@link CodeHostException} with the host's message. */
  public Response expectOk(String method, URI uri, Object body) {
    Response response = send(method, uri, body);
    if (response.status() / 100 != 2) throw unexpected(method, uri, response);
    return response;
  }

  /** Every element of a list the host pages with {@code per_page} and {@code page} (GitHub and GitLab), at most 50 pages of 100. */
  List<JsonNode> allPages(String url) {
    return pages(url, null, element -> true);
  }

  /**
   * The elements of a list the host pages with {@code per_page} and {@code page} (GitHub and GitLab; {@code url} may
   * have a query already): page after page of {@value #PAGE_SIZE} until a short page, the first element {@code wanted}
   * refuses (it and the rest are left out: for a list sorted newest first, the first one too old), or
   * {@value #MAX_PAGES} pages. {@code arrayField}: each page is an object holding the list in this field (GitHub's
   * check runs); null: each page is the list.
   */
  public List<JsonNode> pages(String url, String arrayField, Predicate<JsonNode> wanted) {
    List<JsonNode> all = new ArrayList<>();
    String separator = url.contains("?") ? "&" : "?";
    for (int page = 1; page <= MAX_PAGES; page++) {
      JsonNode body = expectOk("GET", URI.create(url + separator + "per_page=" + PAGE_SIZE + "&page=" + page), null).body();
      JsonNode list = body == null || arrayField == null ? body : body.path(arrayField);
      if (list == null || !list.isArray()) break;
      for (JsonNode element : list) {
        if (!wanted.test(element)) return all;
        all.add(element);
      }
      if (list.size() < PAGE_SIZE) break;
    }
    return all;
  }

  public CodeHostException unexpected(String method, URI uri, Response response) {
    return new CodeHostException(hostName + " " + method + " " + uri.getPath() + " answered " + response.status() + ": " + message(response));
  }

  private void failOnAuthOrRateLimit(String method, URI uri, HttpResponse<String> http, Response response) {
    int status = response.status();
    if (status == 401) {
      throw new CodeHostException(hostName + " rejected the token from " + tokenEnv + " (401 " + message(response)
          + ") on " + method + " " + uri.getPath());
    }
    Optional<String> remaining = http.headers().firstValue("x-ratelimit-remaining").or(() -> http.headers().firstValue("ratelimit-remaining"));
    Optional<String> retryAfter = http.headers().firstValue("retry-after");
    boolean limited = (status == 403 || status == 429) && (remaining.filter("0"::equals).isPresent() || retryAfter.isPresent())
        || status == 429;
    if (!limited) return;
    Instant reset = retryAfter.flatMap(HttpJson::number).map(s -> clock.instant().plusSeconds(s))
        .or(() -> http.headers().firstValue("x-ratelimit-reset").or(() -> http.headers().firstValue("ratelimit-reset"))
            .flatMap(HttpJson::number).map(Instant::ofEpochSecond))
        .orElse(null);
    throw new CodeHostException(hostName + " rate limit exceeded (" + status + ") on " + method + " " + uri.getPath()
        + (reset == null ? "; no reset time given" : "; retry after " + reset));
  }

  private static Optional<Long> number(String value) {
    try {
      return Optional.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The host's own error text: {@code message} (a string or a list) plus GitHub's {@code errors[].message}. */
  public static String message(Response response) {
    JsonNode body = response.body();
    if (body == null) return response.text().isBlank() ? "(no body)" : Text.cut(response.text());
    StringBuilder out = new StringBuilder();
    JsonNode message = body.path("message");
    if (message.isArray()) message.forEach(m -> out.append(out.isEmpty() ? "" : "; ").append(m.asText()));
    else if (!message.isMissingNode()) out.append(message.asText());
    body.path("errors").forEach(e -> {
      String text = e.isTextual() ? e.asText() : e.path("message").asText(e.path("code").asText(""));
      if (!text.isBlank()) out.append(out.isEmpty() ? "" : "; ").append(text);
    });
    if (out.isEmpty() && body.has("error")) out.append(body.path("error").asText());
    return out.isEmpty() ? Text.cut(response.text()) : out.toString();
  }

  private static JsonNode parse(String text) {
    if (text.isBlank()) return null;
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  static final class Text {
    static String cut(String s) {
      return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
  }
}

package dev.agentline.audit.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read-only JSON over HTTP for one code host: the token header, pages followed through {@code Link: <...>; rel="next"}
 * (GitHub and GitLab both send it), and every failure as a {@link BaselineException} that says what to do: a missing
 * or rejected token names its variable, a rate limit (403/429 with no calls remaining, or Retry-After) names the reset
 * time. No retries, no waiting. The token never appears in a message.
 */
final class HostApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final String hostName;
  private final HttpClient client;
  private final Clock clock;
  private final String tokenEnv;
  private final Map<String, String> headers;

  HostApi(String hostName, HttpClient client, Clock clock, String tokenEnv, String token, String authHeader, String authPrefix,
      Map<String, String> fixedHeaders) {
    if (token == null || token.isBlank()) {
      throw new BaselineException("no " + hostName + " token for the baseline: environment variable " + tokenEnv
          + " is not set (agentline.audit.baseline.token-env names it)");
    }
    this.hostName = hostName;
    this.client = client;
    this.clock = clock;
    this.tokenEnv = tokenEnv;
    var all = new java.util.LinkedHashMap<>(fixedHeaders);
    all.put(authHeader, authPrefix + token.strip());
    this.headers = Map.copyOf(all);
  }

  static HttpClient defaultClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** One JSON document. */
  JsonNode get(URI uri) {
    return fetch(uri).body();
  }

  /** Every element of every page of a JSON array, following rel="next". */
  List<JsonNode> all(URI first) {
    return pages(first, element -> true);
  }

  /**
   * The elements of the pages, in order, until {@code keepGoing} is false for one (that one and the rest are left
   * out and no further page is read).
   */
  List<JsonNode> pages(URI first, Predicate<JsonNode> keepGoing) {
    List<JsonNode> elements = new ArrayList<>();
    URI next = first;
    while (next != null) {
      Page page = fetch(next);
      if (!page.body().isArray()) throw new BaselineException(hostName + " GET " + next.getPath() + " did not answer a JSON array");
      for (JsonNode element : page.body()) {
        if (!keepGoing.test(element)) return elements;
        elements.add(element);
      }
      next = page.next();
    }
    return elements;
  }

  /**
   * Up to {@code max} pull requests of a list sorted newest first, created in [from, until) and {@code wanted}; pages are
   * read until one was created before {@code from} or {@code max} are found.
   */
  List<JsonNode> newestFirst(URI first, Instant from, Instant until, int max, Predicate<JsonNode> wanted) {
    List<JsonNode> found = new ArrayList<>();
    pages(first, pr -> {
      Instant created = instant(pr.path("created_at"));
      if (created == null || created.isBefore(from) || found.size() >= max) return false;
      if (created.isBefore(until) && wanted.test(pr)) found.add(pr);
      return true;
    });
    return found;
  }

  record Page(JsonNode body, URI next) {}

  private Page fetch(URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new BaselineException(hostName + " GET " + uri.getPath() + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BaselineException(hostName + " GET " + uri.getPath() + " interrupted", e);
    }
    String text = response.body() == null ? "" : response.body();
    JsonNode body = parse(text);
    int status = response.statusCode();
    if (status / 100 == 2 && body != null) return new Page(body, next(response.headers()));
    if (status == 401) {
      throw new BaselineException(hostName + " rejected the token from " + tokenEnv + " (401 " + message(body, text) + ") on GET " + uri.getPath());
    }
    rateLimit(uri, status, response.headers(), message(body, text));
    if (status / 100 == 2) throw new BaselineException(hostName + " GET " + uri.getPath() + " answered " + status + " without JSON");
    String hint = status == 404 ? " (is the repository right, and may the token from " + tokenEnv + " read it?)" : "";
    throw new BaselineException(hostName + " GET " + uri.getPath() + " answered " + status + ": " + message(body, text) + hint);
  }

  private void rateLimit(URI uri, int status, HttpHeaders headers, String message) {
    Optional<String> remaining = headers.firstValue("x-ratelimit-remaining").or(() -> headers.firstValue("ratelimit-remaining"));
    Optional<String> retryAfter = headers.firstValue("retry-after");
    // GitHub's secondary limit is a 403 whose message says so, sometimes with Retry-After
    boolean limited = status == 429 || status == 403 && (remaining.filter("0"::equals).isPresent() || retryAfter.isPresent()
        || message.toLowerCase(java.util.Locale.ROOT).contains("rate limit"));
    if (!limited) return;
    Instant reset = retryAfter.flatMap(HostApi::number).map(s -> clock.instant().plusSeconds(s))
        .or(() -> headers.firstValue("x-ratelimit-reset").or(() -> headers.firstValue("ratelimit-reset"))
            .flatMap(HostApi::number).map(Instant::ofEpochSecond))
        .orElse(null);
    throw new BaselineException(hostName + " rate limit exceeded (" + status + ") on GET " + uri.getPath() + " while reading the baseline; "
        + (reset == null ? "no reset time given" : "try again after " + reset) + ", or lower agentline.audit.baseline.max-pull-requests");
  }

  static URI next(HttpHeaders headers) {
    for (String link : headers.allValues("link")) {
      Matcher m = NEXT.matcher(link);
      if (m.find()) return URI.create(m.group(1));
    }
    return null;
  }

  private static Optional<Long> number(String value) {
    try {
      return Optional.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String message(JsonNode body, String text) {
    if (body != null && body.path("message").isTextual()) return body.path("message").asText();
    if (body != null && body.has("error")) return body.path("error").asText();
    if (text.isBlank()) return "(no body)";
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  private static JsonNode parse(String text) {
    if (text.isBlank()) return null;
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  /** The earliest of the elements' instants (each read by {@code field}), whatever their order; null when none has one. */
  static Instant earliest(List<JsonNode> elements, java.util.function.Function<JsonNode, JsonNode> field) {
    return elements.stream().map(e -> instant(field.apply(e))).filter(java.util.Objects::nonNull).min(Instant::compareTo).orElse(null);
  }

  /** An ISO-8601 instant from the host, or null. */
  static Instant instant(JsonNode value) {
    if (value == null || !value.isTextual() || value.asText().isBlank()) return null;
    return java.time.OffsetDateTime.parse(value.asText()).toInstant();
  }
}

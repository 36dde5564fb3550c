package dev.agentline.worker.models;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RetriableException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a failed provider call means: HTTP 408, 429, 5xx (529 is Anthropic's "overloaded"),
 * timeouts, I/O errors and a cut-off response body may pass when tried again; 400, 401, 403, 404 and
 * the rest will not. The reason carries the provider's own message ({@code error.message} of its
 * JSON body).
 */
final class ProviderErrors {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_REASON = 300;

  private final Clock clock;

  ProviderErrors(Clock clock) {
    this.clock = clock;
  }

  ModelException classify(RuntimeException error, String provider, String model) {
    HttpException http = null;
    boolean transientCause = false;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof HttpException h && http == null) http = h;
      if (t instanceof RetriableException || t instanceof IOException || t instanceof java.util.concurrent.TimeoutException
          || isMalformedBody(t)) {
        transientCause = true;
      }
    }
    if (http == null) {
      String reason = isMalformedBodyAnywhere(error) ? "malformed response from " + provider + ": " + firstLine(error) : firstLine(error);
      return transientCause
          ? new TransientModelException(reason, provider, model, error)
          : new ModelException(reason, provider, model, error);
    }
    int status = http.statusCode();
    String reason = "HTTP " + status + " " + providerMessage(http.getMessage());
    if (status == 408 || status == 429 || status >= 500) {
      Duration retryAfter = http instanceof HeaderKeepingHttpClient.ErrorResponse response
          ? response.header("retry-after").flatMap(this::retryAfter).orElse(null)
          : null;
      return new TransientModelException(reason, provider, model, error, retryAfter);
    }
    return new ModelException(reason, provider, model, error);
  }

  /** {@code retry-after}: delay seconds or an HTTP-date. */
  Optional<Duration> retryAfter(String value) {
    String text = value.trim();
    if (text.matches("\\d+(\\.\\d+)?")) return Optional.of(Duration.ofMillis((long) (Double.parseDouble(text) * 1000)));
    try {
      Duration until = Duration.between(clock.instant(), ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return Optional.of(until.isNegative() ? Duration.ZERO : until);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code error.message} of an OpenAI or Anthropic error body, else its first line. */
  static String providerMessage(String body) {
    if (body == null || body.isBlank()) return "(no body)";
    try {
      JsonNode tree = JSON.readTree(body);
      JsonNode message = tree.path("error").path("message");
      if (message.isString()) {
        String type = tree.path("error").path("type").asString("");
        return truncate((type.isEmpty() ? "" : type + ": ") + message.asString());
      }
    } catch (JacksonException e) {
      // not JSON: fall through to the raw text
    }
    return truncate(firstLineOf(body.strip()));
  }

  private static boolean isMalformedBody(Throwable t) {
    String name = t.getClass().getName();
    return name.startsWith("com.fasterxml.jackson.") || name.startsWith("tools.jackson.");
  }

  private static boolean isMalformedBodyAnywhere(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) if (isMalformedBody(t)) return true;
    return false;
  }

  static String firstLine(Throwable error) {
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage().strip();
    return truncate(firstLineOf(message));
  }

  private static String firstLineOf(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static String truncate(String line) {
    return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "…" : line;
  }
}

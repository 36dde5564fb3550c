package dev.agentline.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's actuator seen from outside, over HTTP: its health probes and its
 * {@code /actuator/prometheus} scrape, read into samples. For the services' tests and for tools
 * that watch a running system (like {@link LocalKafka}, it lives here so every module can use it).
 */
public final class Actuator {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
  private static final Pattern HEALTH_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  /** One sample of the Prometheus text format: a series name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    /** Whether every given label has the given value (other labels may be present). */
    public boolean has(Map<String, String> wanted) {
      return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
  }

  private final URI base;

  /** @param baseUrl the service's root, e.g. {@code http://localhost:8081} */
  public Actuator(String baseUrl) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
  }

  /** The HTTP status and body of {@code GET /actuator/<path>}. */
  public Response get(String path) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("actuator/" + path)).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + request.uri(), e);
    }
  }

  /**
   * A health probe ({@code liveness} or {@code readiness}) as {@code "<HTTP status> <health status>"}:
   * {@code "200 UP"} when it passes, e.g. {@code "503 OUT_OF_SERVICE"} when it does not.
   */
  public String probe(String name) {
    Response response = get("health/" + name);
    Matcher status = HEALTH_STATUS.matcher(response.body());
    return response.status() + " " + (status.find() ? status.group(1) : "?");
  }

  /** Every sample of {@code /actuator/prometheus}; fails unless it answers 200. */
  public List<Sample> scrape() {
    Response response = get("prometheus");
    if (response.status() != 200) throw new IllegalStateException("/actuator/prometheus answered " + response.status() + ": " + response.body());
    return parse(response.body());
  }

  /**
   * The sum of the samples named {@code name} that carry these labels (other labels are summed over);
   * empty when there is none.
   */
  public static OptionalDouble value(List<Sample> samples, String name, Map<String, String> labels) {
    List<Sample> matching = samples.stream().filter(s -> s.name().equals(name) && s.has(labels)).toList();
    return matching.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matching.stream().mapToDouble(Sample::value).sum());
  }

  /** A status code and a body. */
  public record Response(int status, String body) {}

  /** Reads the Prometheus text exposition format (comments skipped). */
  public static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      Matcher m = SAMPLE.matcher(line.strip());
      if (!m.matches()) continue;
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
      }
      samples.add(new Sample(m.group(1), Map.copyOf(labels), Double.parseDouble(m.group(3))));
    }
    return samples;
  }
}

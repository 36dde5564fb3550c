package dev.agentline.toolrunner.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.toolrunner.pr.CodeHostException;
import dev.agentline.toolrunner.pr.CodeHostSettings;
import dev.agentline.toolrunner.pr.HttpJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Read-only REST calls the intake and the poller make on one code host, with the configured token: JSON through
 * {@link HttpJson} (auth and rate-limit errors named), and job logs as text. GitHub answers a job log request with a
 * 302 to a signed download URL, which is followed without the token.
 */
final class CodeHostApi {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  final CodeHostKind kind;
  final CodeHostSettings settings;
  private final HttpJson http;
  private final HttpClient client;
  private final Function<String, String> env;

  CodeHostApi(CodeHostKind kind, CodeHostSettings settings, Function<String, String> env, HttpClient client, Clock clock) {
    this.kind = kind;
    this.settings = settings;
    this.env = env;
    this.client = client;
    this.http = kind == CodeHostKind.GITHUB
        ? new HttpJson("GitHub", client, clock, settings.tokenEnv(), env, "Authorization", "Bearer ",
            Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"))
        : new HttpJson("GitLab", client, clock, settings.tokenEnv(), env, "PRIVATE-TOKEN", "", Map.of("Accept", "application/json"));
  }

  static HttpClient defaultClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** GET {@code apiUrl + path}: the JSON body of a 2xx answer, else a {@link CodeHostException}. */
  JsonNode get(String path) {
    return http.expectOk("GET", uri(path), null).body();
  }

  /** Every element of the list at {@code path}, page by page (see {@link HttpJson#pages}). */
  List<JsonNode> list(String path) {
    return list(path, null, element -> true);
  }

  /**
   * The elements of the list at {@code path}, page by page, up to the first that {@code wanted} refuses;
   * {@code arrayField} names the list in each page's object, null when the page is the list (see {@link HttpJson#pages}).
   */
  List<JsonNode> list(String path, String arrayField, Predicate<JsonNode> wanted) {
    return http.pages(uri(path).toString(), arrayField, wanted);
  }

  /** GitLab's API path of a project: its numeric id, or its path URL-encoded. */
  static String project(String idOrPath) {
    return "/projects/" + (idOrPath.matches("\\d+") ? idOrPath : URLEncoder.encode(idOrPath, StandardCharsets.UTF_8));
  }

  /** The text at {@code path} (a job log), following one redirect to another host without the token. */
  String text(String path) {
    String token = env.apply(settings.tokenEnv());
    if (token == null || token.isBlank()) throw new CodeHostException("no token: environment variable " + settings.tokenEnv() + " is not set");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET();
    if (kind == CodeHostKind.GITHUB) request.header("Authorization", "Bearer " + token.strip()).header("Accept", "application/vnd.github+json");
    else request.header("PRIVATE-TOKEN", token.strip());
    HttpResponse<String> response = send(request.build());
    if (response.statusCode() / 100 == 3) {
      String location = response.headers().firstValue("location")
          .orElseThrow(() -> new CodeHostException("GET " + uri(path).getPath() + " answered " + response.statusCode() + " without a Location"));
      HttpResponse<String> download = send(HttpRequest.newBuilder(uri(path).resolve(location)).timeout(TIMEOUT).GET().build());
      return ok(download, "GET (download of " + uri(path).getPath() + ")");
    }
    return ok(response, "GET " + uri(path).getPath());
  }

  private static String ok(HttpResponse<String> response, String what) {
    if (response.statusCode() / 100 != 2) throw new CodeHostException(what + " answered " + response.statusCode());
    return response.body() == null ? "" : response.body();
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CodeHostException("GET " + request.uri().getPath() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CodeHostException("GET " + request.uri().getPath() + " interrupted", e);
    }
  }

  private URI uri(String path) {
    return URI.create(settings.apiUrl() + (kind == CodeHostKind.GITLAB && !path.startsWith("/api/v4") ? "/api/v4" : "") + path);
  }
}

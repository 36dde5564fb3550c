package dev.agentline.toolrunner.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.toolrunner.pr.CodeHostSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Payload fixtures (src/test/resources/review), signing, and an intake wired to a WireMock code host and a list sink. */
final class ReviewFixtures {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String GITHUB_SECRET = "It's a Secret to Everybody";
  static final String GITLAB_SECRET = "gitlab-hook-token-1";
  static final String TOKEN = "ghp_apiToken123";
  static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");

  private ReviewFixtures() {}

  static String text(String resource) {
    try (InputStream in = ReviewFixtures.class.getResourceAsStream("/review/" + resource)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String resource) {
    try {
      return (ObjectNode) JSON.readTree(text(resource));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh copy of element {@code index} of an array fixture. */
  static ObjectNode element(String resource, int index) {
    try {
      return (ObjectNode) JSON.readTree(text(resource)).get(index);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(Object json) {
    try {
      return json instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> github(String event, String delivery, byte[] body) {
    return Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", delivery, "X-Hub-Signature-256", Signatures.github(GITHUB_SECRET, body),
        "Content-Type", "application/json");
  }

  static Map<String, String> gitlab(String event, String delivery) {
    return Map.of("X-Gitlab-Event", event, "X-Gitlab-Event-UUID", delivery, "X-Gitlab-Token", GITLAB_SECRET);
  }

  /** Collects what the intake writes; {@code failing} makes it throw as a broker that cannot be reached would. */
  static final class ListSink implements PullRequestEventSink {
    final List<Map.Entry<String, PullRequestEvent>> sent = new ArrayList<>();
    boolean failing;

    @Override
    public synchronized void send(String taskId, PullRequestEvent event) {
      if (failing) throw new IllegalStateException("broker unreachable");
      sent.add(Map.entry(taskId, event));
    }

    List<PullRequestEvent> events() {
      return sent.stream().map(Map.Entry::getValue).toList();
    }
  }

  static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("GITHUB_WEBHOOK_SECRET", GITHUB_SECRET);
    env.put("GITLAB_WEBHOOK_SECRET", GITLAB_SECRET);
    env.put("GITHUB_TOKEN", TOKEN);
    env.put("GITLAB_TOKEN", TOKEN);
    return env;
  }

  static Map<CodeHostKind, CodeHostApi> apis(String baseUrl, Map<String, String> env) {
    return Map.of(
        CodeHostKind.GITHUB, new CodeHostApi(CodeHostKind.GITHUB,
            new CodeHostSettings(URI.create(baseUrl), "github.com", "GITHUB_TOKEN", List.of(), false), env::get, CodeHostApi.defaultClient(), clock()),
        CodeHostKind.GITLAB, new CodeHostApi(CodeHostKind.GITLAB,
            new CodeHostSettings(URI.create(baseUrl), "gitlab.acme.example", "GITLAB_TOKEN", List.of(), false), env::get, CodeHostApi.defaultClient(), clock()));
  }

  static PullRequestIntake intake(String baseUrl, Map<String, String> env, PullRequestEventSink sink) {
    PullRequestLookup lookup = new PullRequestLookup(apis(baseUrl, env), new LogExcerpt(60, 6000));
    return new PullRequestIntake(Map.of(CodeHostKind.GITHUB, "GITHUB_WEBHOOK_SECRET", CodeHostKind.GITLAB, "GITLAB_WEBHOOK_SECRET"),
        env::get, lookup, sink, clock());
  }

  static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }
}

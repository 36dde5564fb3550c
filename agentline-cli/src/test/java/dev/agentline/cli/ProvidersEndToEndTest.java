package dev.agentline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The demo ticket with Anthropic as the manager and an OpenAI-compatible server as every worker,
 * chosen by configuration only. Both providers are real HTTP APIs faked by WireMock with their
 * own payloads, so the real clients run.
 */
class ProvidersEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  WireMockServer http;

  @BeforeEach
  void startProviders() throws Exception {
    http = new WireMockServer(options().dynamicPort());
    http.start();
    anthropic("Plan the ticket as small steps", answer("manager", "plan", null));
    anthropic("A worker has carried out one step of your plan", answer("manager", "evaluate", "s1"));
    anthropic("Write the pull request description", answer("manager", "summarize", null));
    openAiCompatible("You are the analysis role of agentline", answer("analysis", "analyze", null));
    openAiCompatible("You are a code-edit worker of agentline", answer("code-edit", "execute", "s1"));
    openAiCompatible("You are a test-writer worker of agentline", answer("test-writer", "execute", "s2"));
    openAiCompatible("You are the reviewer of agentline", answer("review", "review", null));
  }

  @AfterEach
  void stopProviders() {
    http.stop();
  }

  @Test
  void aTaskRunsWithAnthropicAsManagerAndAnOpenAiCompatibleServerAsWorkers() throws Exception {
    Path models = dir.resolve("models.yaml");
    Files.writeString(models, """
        defaults:
          provider: openai-compatible
          base-url: http://localhost:%1$d/v1
          model: qwen2.5-coder
          max-output-tokens: 1024
          price: {input: 0.20, output: 0.60}
        roles:
          manager:
            provider: anthropic
            base-url: http://localhost:%1$d/v1/
            model: claude-sonnet-4-5
            api-key: sk-ant-test
            temperature: 0.1
            max-output-tokens: 2048
            price: {input: 3.00, output: 15.00}
        """.formatted(http.port()));
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve("repo")));
    TicketFile ticket = TicketFile.read(SampleRepository.copyResource("demo/ticket.yaml", dir));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    TaskRun.Outcome outcome;
    try (EmbeddedSystem system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), models, 1, 0, 0, false), m -> {})) {
      outcome = new TaskRun(system, new PrintStream(out, true, StandardCharsets.UTF_8), false)
          .run(origin.toUri().toString(), ticket, ticket.testCommand(), "Calculator", Duration.ofMinutes(4), System.nanoTime());
    }

    assertThat(outcome.status()).as(out.toString(StandardCharsets.UTF_8)).isEqualTo("DONE");
    http.verify(4, postRequestedFor(urlEqualTo("/v1/messages")).withHeader("x-api-key", equalTo("sk-ant-test"))
        .withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5"))));
    http.verify(4, postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(matchingJsonPath("$.model", equalTo("qwen2.5-coder"))));

    // manager: 4 calls of 1,000 in / 200 out at $3 / $15 per million; workers: 4 of 800 / 100 at $0.20 / $0.60
    JsonNode spend = outcome.task().path("spend");
    assertThat(spend.path("manager").path("tokens").asLong()).isEqualTo(4 * 1200);
    assertThat(spend.path("manager").path("costUsd").asDouble()).isCloseTo(4 * 0.006, offset(1e-9));
    assertThat(spend.path("workers").path("tokens").asLong()).isEqualTo(4 * 900);
    assertThat(spend.path("workers").path("costUsd").asDouble()).isCloseTo(4 * 0.00022, offset(1e-9));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("model calls:  8, 8,400 tokens, $0.0249");
  }

  private void anthropic(String promptFragment, String text) throws Exception {
    Map<String, Object> body = Map.of("id", "msg_01", "type", "message", "role", "assistant", "model", "claude-sonnet-4-5",
        "content", List.of(Map.of("type", "text", "text", text)), "stop_reason", "end_turn",
        "usage", Map.of("input_tokens", 1000, "output_tokens", 200));
    http.stubFor(post(urlEqualTo("/v1/messages")).withRequestBody(containing(promptFragment))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(body))));
  }

  private void openAiCompatible(String promptFragment, String text) throws Exception {
    Map<String, Object> body = Map.of("id", "chatcmpl-1", "object", "chat.completion", "created", 1_764_000_000, "model", "qwen2.5-coder",
        "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", text), "finish_reason", "stop")),
        "usage", Map.of("prompt_tokens", 800, "completion_tokens", 100, "total_tokens", 900));
    http.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing(promptFragment))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(body))));
  }

  /** The demo cassette's answer for a role, kind and (optionally) step: the same answers, served over HTTP. */
  @SuppressWarnings("unchecked")
  private static String answer(String role, String kind, String step) throws Exception {
    try (InputStream in = SampleRepository.resource("demo/cassette.yaml")) {
      Map<String, Object> cassette = new Yaml().load(in);
      for (Map<String, Object> interaction : (List<Map<String, Object>>) cassette.get("interactions")) {
        if (role.equals(interaction.get("role")) && kind.equals(interaction.get("kind")) && (step == null || step.equals(interaction.get("step")))) {
          return (String) interaction.get("response");
        }
      }
    }
    throw new IllegalArgumentException("the demo cassette has no answer for " + role + " " + kind + " " + step);
  }
}

package dev.agentline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.Yaml;

/**
 * Model providers faked by WireMock with their own payloads (Anthropic's messages API, an OpenAI-compatible
 * chat completions API), answering with the demo cassette's answers, so the real provider clients run.
 */
final class FakeModels implements AutoCloseable {
  /** The first line of each worker contract's system prompt: it tells which role a request is for. */
  static final String ANALYSIS = "You are the analysis role of agentline";
  static final String CODE_EDIT = "You are a code-edit worker of agentline";
  static final String TEST_WRITER = "You are a test-writer worker of agentline";
  static final String REVIEW = "You are the reviewer of agentline";
  static final String PLAN = "Plan the ticket as small steps";
  static final String EVALUATE = "A worker has carried out one step of your plan";
  static final String SUMMARIZE = "Write the pull request description";
  /** Chat completions under any path prefix, so each worker can have a base URL of its own ({@code /<prefix>/v1}). */
  static final String CHAT_COMPLETIONS = "(/[^/]+)?/v1/chat/completions";

  private static final ObjectMapper JSON = new ObjectMapper();
  final WireMockServer http = new WireMockServer(options().dynamicPort());

  FakeModels() {
    http.start();
  }

  int port() {
    return http.port();
  }

  /** Anthropic's messages API answers {@code text} to a request whose body contains {@code promptFragment}. */
  void anthropic(String promptFragment, String text) {
    Map<String, Object> body = Map.of("id", "msg_01", "type", "message", "role", "assistant", "model", "claude-sonnet-4-5",
        "content", List.of(Map.of("type", "text", "text", text)), "stop_reason", "end_turn",
        "usage", Map.of("input_tokens", 1000, "output_tokens", 200));
    http.stubFor(post(urlEqualTo("/v1/messages")).withRequestBody(containing(promptFragment)).willReturn(json(body)));
  }

  /** An OpenAI-compatible server answers {@code text} to a request whose body contains {@code promptFragment}. */
  void openAiCompatible(String promptFragment, String text) {
    openAiCompatible(promptFragment, text, UnaryOperator.identity());
  }

  /** The same, with the stub adjusted by {@code stub} (a scenario state, a delay...). */
  void openAiCompatible(String promptFragment, String text, UnaryOperator<MappingBuilder> stub) {
    http.stubFor(stub.apply(post(urlPathMatching(CHAT_COMPLETIONS)).withRequestBody(containing(promptFragment))
        .willReturn(chatCompletion(text))));
  }

  /** A chat completion answering {@code text}, 800 tokens in and 100 out. */
  static ResponseDefinitionBuilder chatCompletion(String text) {
    return json(Map.of("id", "chatcmpl-1", "object", "chat.completion", "created", 1_764_000_000, "model", "qwen2.5-coder",
        "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", text), "finish_reason", "stop")),
        "usage", Map.of("prompt_tokens", 800, "completion_tokens", 100, "total_tokens", 900)));
  }

  /** The chat completion requests received so far whose body contains {@code promptFragment}, in order. */
  List<LoggedRequest> chatRequests(String promptFragment) {
    return http.findAll(postRequestedFor(urlPathMatching(CHAT_COMPLETIONS)).withRequestBody(containing(promptFragment)));
  }

  private static ResponseDefinitionBuilder json(Map<String, Object> body) {
    try {
      return aResponse().withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The demo cassette's answer for a role, kind and (optionally) step: the same answers, served over HTTP. */
  @SuppressWarnings("unchecked")
  static String answer(String role, String kind, String step) {
    try (InputStream in = SampleRepository.resource("demo/cassette.yaml")) {
      Map<String, Object> cassette = new Yaml().load(in);
      for (Map<String, Object> interaction : (List<Map<String, Object>>) cassette.get("interactions")) {
        if (role.equals(interaction.get("role")) && kind.equals(interaction.get("kind")) && (step == null || step.equals(interaction.get("step")))) {
          return (String) interaction.get("response");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("the demo cassette has no answer for " + role + " " + kind + " " + step);
  }

  @Override
  public void close() {
    http.stop();
  }
}

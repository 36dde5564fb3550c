package dev.agentline.worker.models;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.agentline.platform.models.ModelSpec;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each provider against a stubbed API with realistic payloads, and how transient and permanent
 * faults are told apart: retried inside the call (with the provider's retry-after when it gives
 * one) or failed at once with the provider's message.
 */
class ProviderClientsTest {
  private static final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30));
  private static final String ANTHROPIC_ANSWER = """
      {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
       "content": [{"type": "text", "text": "{\\"verdict\\": \\"accept\\", \\"feedback\\": \\"good\\"}"}],
       "stop_reason": "end_turn", "stop_sequence": null,
       "usage": {"input_tokens": 2095, "output_tokens": 503, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}
      """;
  private static final String OPENAI_ANSWER = """
      {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1764000000, "model": "gpt-4o-mini-2024-07-18",
       "choices": [{"index": 0, "message": {"role": "assistant", "content": "a.txt\\n<<<<<<< SEARCH\\n=======\\nhi\\n>>>>>>> REPLACE\\n", "refusal": null},
                    "logprobs": null, "finish_reason": "length"}],
       "usage": {"prompt_tokens": 57, "completion_tokens": 21, "total_tokens": 78},
       "system_fingerprint": "fp_44709d6fcb"}
      """;

  private final List<Duration> slept = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
  }

  private static ModelSpec spec(String provider, String baseUrl, String model) {
    return new ModelSpec(provider, model, baseUrl, null, 0.1, 1024, Duration.ofSeconds(5), 3, 15, 8000, null);
  }

  private ModelClient anthropic() {
    return new RetryingModelClient(ChatModelClient.of(spec("anthropic", server.baseUrl() + "/v1/", "claude-sonnet-4-5"), "sk-ant-test", CLOCK),
        RETRY, slept::add, () -> 0.5);
  }

  private ModelClient openAi() {
    return new RetryingModelClient(ChatModelClient.of(spec("openai", server.baseUrl() + "/v1", "gpt-4o-mini"), "sk-test-123", CLOCK),
        RETRY, slept::add, () -> 0.5);
  }

  private static ModelRequest request() {
    return new ModelRequest(Role.CODE_EDIT, StepKind.EXECUTE, "s1", 1, 0, "t1/s1/1",
        List.of(Message.system("You are a code-edit worker."), Message.user("Title: Add a greeting endpoint")));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  /** The first response, then the second for every later request. */
  private static void failThenAnswer(String url, ResponseDefinitionBuilder failure, String answer) {
    server.stubFor(post(url).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED).willReturn(failure).willSetStateTo("recovered"));
    server.stubFor(post(url).inScenario("flaky").whenScenarioStateIs("recovered").willReturn(json(200, answer)));
  }

  @Test
  void anthropicMessagesSendsKeyVersionSystemAndLimitsAndReadsContentUsageAndStopReason() {
    server.stubFor(post("/v1/messages").willReturn(json(200, ANTHROPIC_ANSWER)));

    ModelResponse response = anthropic().call(request());

    server.verify(postRequestedFor(urlEqualTo("/v1/messages"))
        .withHeader("x-api-key", equalTo("sk-ant-test"))
        .withHeader("anthropic-version", equalTo("2023-06-01"))
        .withRequestBody(equalToJson("""
            {"model": "claude-sonnet-4-5", "max_tokens": 1024, "temperature": 0.1,
             "messages": [{"role": "user", "content": [{"type": "text", "text": "Title: Add a greeting endpoint"}]}]}
            """, true, true)));
    assertThat(server.getAllServeEvents().get(0).getRequest().getBodyAsString()).contains("You are a code-edit worker.");
    assertThat(response.text()).isEqualTo("{\"verdict\": \"accept\", \"feedback\": \"good\"}");
    assertThat(response.provider()).isEqualTo("anthropic");
    assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(response.inputTokens()).isEqualTo(2095);
    assertThat(response.outputTokens()).isEqualTo(503);
    assertThat(response.stopReason()).isEqualTo("end_turn");
  }

  @Test
  void openAiChatCompletionsSendsBearerKeyAndLimitsAndReadsAnswerUsageAndFinishReason() {
    server.stubFor(post("/v1/chat/completions").willReturn(json(200, OPENAI_ANSWER)));

    ModelResponse response = openAi().call(request());

    server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withHeader("Authorization", equalTo("Bearer sk-test-123"))
        .withRequestBody(equalToJson("""
            {"model": "gpt-4o-mini", "temperature": 0.1, "max_completion_tokens": 1024,
             "messages": [{"role": "system", "content": "You are a code-edit worker."},
                          {"role": "user", "content": "Title: Add a greeting endpoint"}]}
            """, true, true)));
    assertThat(response.text()).isEqualTo("a.txt\n<<<<<<< SEARCH\n=======\nhi\n>>>>>>> REPLACE\n");
    assertThat(response.provider()).isEqualTo("openai");
    assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(response.inputTokens()).isEqualTo(57);
    assertThat(response.outputTokens()).isEqualTo(21);
    assertThat(response.stopReason()).isEqualTo("length");
  }

  @Test
  void anOpenAiCompatibleServerAtItsOwnBaseUrlIsCalledWithoutAKey() {
    server.stubFor(post("/ollama/v1/chat/completions").willReturn(json(200, OPENAI_ANSWER.replace("gpt-4o-mini-2024-07-18", "qwen2.5-coder"))));
    ModelClient local = ChatModelClient.of(spec("openai-compatible", server.baseUrl() + "/ollama/v1", "qwen2.5-coder"), null, CLOCK);

    ModelResponse response = local.call(request());

    server.verify(postRequestedFor(urlEqualTo("/ollama/v1/chat/completions"))
        .withHeader("Authorization", absent())
        .withRequestBody(equalToJson("{\"model\": \"qwen2.5-coder\", \"max_tokens\": 1024}", true, true)));
    assertThat(response.provider()).isEqualTo("openai-compatible");
    assertThat(response.model()).isEqualTo("qwen2.5-coder");
  }

  @Test
  void aRateLimitWithRetryAfterWaitsAsToldThenSucceeds() {
    failThenAnswer("/v1/chat/completions", json(429, "{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\"}}")
        .withHeader("retry-after", "2"), OPENAI_ANSWER);

    assertThat(openAi().call(request()).outputTokens()).isEqualTo(21);

    assertThat(slept).containsExactly(Duration.ofSeconds(2));
    server.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
  }

  @Test
  void aRateLimitWithAnHttpDateRetryAfterWaitsUntilThen() {
    failThenAnswer("/v1/chat/completions", json(429, "{\"error\": {\"message\": \"slow down\"}}")
        .withHeader("retry-after", "Wed, 25 Nov 2026 12:00:07 GMT"), OPENAI_ANSWER);

    openAi().call(request());

    assertThat(slept).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void aRateLimitWithoutRetryAfterBacksOffExponentially() {
    failThenAnswer("/v1/chat/completions", json(429, "{\"error\": {\"message\": \"slow down\"}}"), OPENAI_ANSWER);

    openAi().call(request());

    assertThat(slept).containsExactly(Duration.ofMillis(150));
  }

  @Test
  void anthropicOverloadedIsRetriedThenSucceeds() {
    failThenAnswer("/v1/messages", json(529, "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}"),
        ANTHROPIC_ANSWER);

    assertThat(anthropic().call(request()).stopReason()).isEqualTo("end_turn");

    server.verify(2, postRequestedFor(urlEqualTo("/v1/messages")));
  }

  @Test
  void aServerErrorIsRetriedThenSucceeds() {
    failThenAnswer("/v1/chat/completions", json(500, "{\"error\": {\"message\": \"The server had an error\", \"type\": \"server_error\"}}"),
        OPENAI_ANSWER);

    assertThat(openAi().call(request()).text()).startsWith("a.txt");
  }

  @Test
  void aTruncatedBodyIsRetriedThenSucceeds() {
    failThenAnswer("/v1/chat/completions", json(200, OPENAI_ANSWER.substring(0, 120)), OPENAI_ANSWER);

    assertThat(openAi().call(request()).text()).startsWith("a.txt");

    server.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
  }

  @Test
  void aServerThatStaysOverloadedFailsTransientlyAfterTheLastTry() {
    server.stubFor(post("/v1/messages").willReturn(json(529, "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}")));

    assertThatThrownBy(() -> anthropic().call(request()))
        .isInstanceOf(TransientModelException.class)
        .hasMessage("HTTP 529 overloaded_error: Overloaded (3 tries)");
    assertThat(slept).containsExactly(Duration.ofMillis(150), Duration.ofMillis(300));
  }

  @Test
  void aBadKeyIsNotRetriedAndCarriesTheProvidersMessage() {
    server.stubFor(post("/v1/messages").willReturn(json(401,
        "{\"type\": \"error\", \"error\": {\"type\": \"authentication_error\", \"message\": \"invalid x-api-key\"}}")));

    assertThatThrownBy(() -> anthropic().call(request()))
        .isExactlyInstanceOf(ModelException.class)
        .hasMessage("HTTP 401 authentication_error: invalid x-api-key");
    server.verify(1, postRequestedFor(urlEqualTo("/v1/messages")));
    assertThat(slept).isEmpty();
  }

  @Test
  void aBadRequestIsNotRetried() {
    server.stubFor(post("/v1/chat/completions").willReturn(json(400,
        "{\"error\": {\"message\": \"max_tokens is too large\", \"type\": \"invalid_request_error\"}}")));

    assertThatThrownBy(() -> openAi().call(request()))
        .isExactlyInstanceOf(ModelException.class)
        .hasMessage("HTTP 400 invalid_request_error: max_tokens is too large");
    server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
  }

  @Test
  void aServerTooSlowForTheTimeoutIsTransient() {
    server.stubFor(post("/v1/chat/completions").willReturn(json(200, OPENAI_ANSWER).withFixedDelay(1500)));
    ModelSpec impatient = new ModelSpec("openai", "gpt-4o-mini", server.baseUrl() + "/v1", null, null, 100, Duration.ofMillis(300), 0, 0, 8000, null);

    assertThatThrownBy(() -> ChatModelClient.of(impatient, "k", CLOCK).call(request())).isInstanceOf(TransientModelException.class);
  }

  @Test
  void anUnreachableServerIsTransient() {
    ModelSpec nowhere = spec("openai", "http://127.0.0.1:" + dev.agentline.platform.LocalKafka.freePort() + "/v1", "gpt-4o-mini");

    assertThatThrownBy(() -> ChatModelClient.of(nowhere, "k", CLOCK).call(request())).isInstanceOf(TransientModelException.class);
  }
}

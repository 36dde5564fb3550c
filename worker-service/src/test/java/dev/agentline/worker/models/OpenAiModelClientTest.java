package dev.agentline.worker.models;

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
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiModelClientTest {
  private static final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
  private static final String COMPLETION = """
      {"id": "chatcmpl-1", "object": "chat.completion", "created": 1764000000, "model": "gpt-4o-mini-2024-07-18",
       "choices": [{"index": 0, "message": {"role": "assistant", "content": "a.txt\\n<<<<<<< SEARCH\\n=======\\nhi\\n>>>>>>> REPLACE\\n"},
                    "finish_reason": "stop"}],
       "usage": {"prompt_tokens": 57, "completion_tokens": 21, "total_tokens": 78}}
      """;

  private OpenAiModelClient client;

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
    client = new OpenAiModelClient(server.baseUrl() + "/v1", "sk-test-123", "gpt-4o-mini", Duration.ofSeconds(5));
  }

  private static ModelRequest request() {
    return new ModelRequest(Role.CODE_EDIT, StepKind.EXECUTE, "s1", 1, "t1/s1/1",
        List.of(Message.system("You are a code-edit worker."), Message.user("Title: Add a greeting endpoint")));
  }

  @Test
  void sendsTheModelAndBothMessagesWithTheBearerKeyAndReadsAnswerAndUsage() {
    server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(COMPLETION)));

    ModelResponse response = client.call(request());

    server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withHeader("Authorization", equalTo("Bearer sk-test-123"))
        .withRequestBody(equalToJson("""
            {"model": "gpt-4o-mini",
             "messages": [{"role": "system", "content": "You are a code-edit worker."},
                          {"role": "user", "content": "Title: Add a greeting endpoint"}]}
            """, true, true)));
    assertThat(response.text()).isEqualTo("a.txt\n<<<<<<< SEARCH\n=======\nhi\n>>>>>>> REPLACE\n");
    assertThat(response.provider()).isEqualTo("openai");
    assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(response.inputTokens()).isEqualTo(57);
    assertThat(response.outputTokens()).isEqualTo(21);
    assertThat(response.latency()).isPositive();
  }

  @Test
  void serviceUnavailableIsTransient() {
    server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(503).withBody("{\"error\": {\"message\": \"overloaded\"}}")));

    assertThatThrownBy(() -> client.call(request()))
        .isInstanceOf(TransientModelException.class)
        .hasMessageStartingWith("HTTP 503");
  }

  @Test
  void rateLimitIsTransient() {
    server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429).withBody("{\"error\": {\"message\": \"slow down\"}}")));

    assertThatThrownBy(() -> client.call(request())).isInstanceOf(TransientModelException.class).hasMessageStartingWith("HTTP 429");
  }

  @Test
  void unauthorizedIsPermanent() {
    server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(401)
        .withBody("{\"error\": {\"message\": \"Incorrect API key provided\", \"type\": \"invalid_request_error\"}}")));

    assertThatThrownBy(() -> client.call(request()))
        .isExactlyInstanceOf(ModelException.class)
        .hasMessageStartingWith("HTTP 401")
        .hasMessageContaining("Incorrect API key provided");
  }

  @Test
  void aServerTooSlowForTheTimeoutIsTransient() {
    server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withFixedDelay(1500).withBody(COMPLETION)));
    OpenAiModelClient impatient = new OpenAiModelClient(server.baseUrl() + "/v1", "sk-test-123", "gpt-4o-mini", Duration.ofMillis(300));

    assertThatThrownBy(() -> impatient.call(request())).isInstanceOf(TransientModelException.class);
  }

  @Test
  void anUnreachableServerIsTransient() {
    OpenAiModelClient nowhere = new OpenAiModelClient("http://127.0.0.1:" + dev.agentline.platform.LocalKafka.freePort() + "/v1",
        "sk-test-123", "gpt-4o-mini", Duration.ofSeconds(2));

    assertThatThrownBy(() -> nowhere.call(request())).isInstanceOf(TransientModelException.class);
  }
}

package dev.agentline.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An OpenAI-compatible chat-completions server (WireMock) that answers every call, after a fixed
 * delay, with a valid code-edit answer (one SEARCH/REPLACE block creating {@code Hello.java}).
 * Point a role at it with {@code provider=openai-compatible}, {@code base-url=}{@link #baseUrl}.
 */
public final class FakeModel {
  public static final String ANSWER = """
      {"id": "chatcmpl-fake", "object": "chat.completion", "created": 1764000000, "model": "fake-model",
       "choices": [{"index": 0, "message": {"role": "assistant",
         "content": "src/main/java/demo/Hello.java\\n<<<<<<< SEARCH\\n=======\\npackage demo;\\n\\nclass Hello {}\\n>>>>>>> REPLACE\\n",
         "refusal": null}, "logprobs": null, "finish_reason": "stop"}],
       "usage": {"prompt_tokens": 812, "completion_tokens": 31, "total_tokens": 843}}
      """;

  private FakeModel() {}

  /** Started; stop it when done. Enough server threads for many concurrent calls. */
  public static WireMockServer start(int delayMs) {
    WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(64));
    server.start();
    server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody(ANSWER).withFixedDelay(delayMs)));
    return server;
  }

  /** The base URL for {@code agentline.models.base-url}. */
  public static String baseUrl(WireMockServer server) {
    return server.baseUrl() + "/v1";
  }

  /**
   * One worker-service replica, as the launcher or a pod runs it, whose every role asks the server at
   * {@code modelBaseUrl}: no web server, one share consumer a role; {@code more} settings are added last.
   */
  public static ConfigurableApplicationContext worker(String bootstrapServers, String modelBaseUrl, String... more) {
    List<String> args = new ArrayList<>(List.of(
        "--spring.kafka.bootstrap-servers=" + bootstrapServers,
        "--spring.main.web-application-type=none",
        "--agentline.worker.consumers-per-role=1",
        "--agentline.models.provider=openai-compatible",
        "--agentline.models.base-url=" + modelBaseUrl,
        "--agentline.models.model=bench-model"));
    args.addAll(List.of(more));
    return new SpringApplicationBuilder(WorkerApplication.class).run(args.toArray(String[]::new));
  }
}

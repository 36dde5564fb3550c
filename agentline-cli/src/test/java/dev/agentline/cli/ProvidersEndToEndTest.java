package dev.agentline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo ticket with Anthropic as the manager and an OpenAI-compatible server as every worker,
 * chosen by configuration only. Both providers are real HTTP APIs faked by WireMock with their
 * own payloads, so the real clients run.
 */
class ProvidersEndToEndTest {
  @TempDir Path dir;
  FakeModels models;

  @BeforeEach
  void startProviders() {
    models = new FakeModels();
    models.anthropic(FakeModels.PLAN, FakeModels.answer("manager", "plan", null));
    models.anthropic(FakeModels.EVALUATE, FakeModels.answer("manager", "evaluate", "s1"));
    models.anthropic(FakeModels.SUMMARIZE, FakeModels.answer("manager", "summarize", null));
    models.openAiCompatible(FakeModels.ANALYSIS, FakeModels.answer("analysis", "analyze", null));
    models.openAiCompatible(FakeModels.CODE_EDIT, FakeModels.answer("code-edit", "execute", "s1"));
    models.openAiCompatible(FakeModels.TEST_WRITER, FakeModels.answer("test-writer", "execute", "s2"));
    models.openAiCompatible(FakeModels.REVIEW, FakeModels.answer("review", "review", null));
  }

  @AfterEach
  void stopProviders() {
    models.close();
  }

  @Test
  void aTaskRunsWithAnthropicAsManagerAndAnOpenAiCompatibleServerAsWorkers() throws Exception {
    Path modelsFile = dir.resolve("models.yaml");
    Files.writeString(modelsFile, """
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
        """.formatted(models.port()));
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve("repo")));
    TicketFile ticket = TicketFile.read(SampleRepository.copyResource("demo/ticket.yaml", dir));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    TaskRun.Outcome outcome;
    try (EmbeddedSystem system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), modelsFile, 1, 0, 0, false), m -> {})) {
      outcome = new TaskRun(system, new PrintStream(out, true, StandardCharsets.UTF_8), false)
          .run(origin.toUri().toString(), ticket, ticket.testCommand(), "Calculator", Duration.ofMinutes(4), System.nanoTime());
    }

    assertThat(outcome.status()).as(out.toString(StandardCharsets.UTF_8)).isEqualTo("DONE");
    models.http.verify(4, postRequestedFor(urlEqualTo("/v1/messages")).withHeader("x-api-key", equalTo("sk-ant-test"))
        .withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5"))));
    models.http.verify(4, postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(matchingJsonPath("$.model", equalTo("qwen2.5-coder"))));

    // manager: 4 calls of 1,000 in / 200 out at $3 / $15 per million; workers: 4 of 800 / 100 at $0.20 / $0.60
    JsonNode spend = outcome.task().path("spend");
    assertThat(spend.path("manager").path("tokens").asLong()).isEqualTo(4 * 1200);
    assertThat(spend.path("manager").path("costUsd").asDouble()).isCloseTo(4 * 0.006, offset(1e-9));
    assertThat(spend.path("workers").path("tokens").asLong()).isEqualTo(4 * 900);
    assertThat(spend.path("workers").path("costUsd").asDouble()).isCloseTo(4 * 0.00022, offset(1e-9));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("model calls:  8, 8,400 tokens, $0.0249");
  }
}

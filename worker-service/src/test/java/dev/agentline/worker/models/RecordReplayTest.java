package dev.agentline.worker.models;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Record mode: real answers are appended to a cassette, which then replays the same answers offline. */
class RecordReplayTest {
  private static final String PLAN = "Here is the plan:\n```json\n{\"goal\": \"g: \\\"quoted\\\"\", \"steps\": []}\n```\n  indented line\n# not a comment\n";
  private static final String BAD = "I will not answer in JSON.";
  private static final String GOOD = "{\"verdict\": \"accept\", \"feedback\": \"ok\"}";

  @TempDir Path dir;
  private WireMockServer openAi;

  @BeforeEach
  void start() {
    openAi = new WireMockServer(wireMockConfig().dynamicPort());
    openAi.start();
    stub("Plan the ticket", PLAN, 120, 40);
    stub("Evaluate the step", BAD, 80, 7);
    stub("could not be used", GOOD, 95, 12);
  }

  @AfterEach
  void stop() {
    openAi.stop();
  }

  private void stub(String promptContains, String answer, int in, int out) {
    String body = """
        {"id": "c", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": %s}, "finish_reason": "stop"}],
         "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d}}"""
        .formatted(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(answer), in, out, in + out);
    openAi.stubFor(post("/v1/chat/completions").withRequestBody(containing(promptContains))
        .atPriority(promptContains.startsWith("could") ? 1 : 5)
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
  }

  private static List<ModelRequest> run() {
    List<Message> evaluate = List.of(Message.system("contract"), Message.user("Evaluate the step"));
    List<Message> reask = new ArrayList<>(evaluate);
    reask.add(Message.assistant(BAD));
    reask.add(Message.user("Your answer could not be used: no JSON object found in the answer"));
    return List.of(
        new ModelRequest(Role.MANAGER, StepKind.PLAN, "plan", 1, 0, "t/plan/1", List.of(Message.system("contract"), Message.user("Plan the ticket"))),
        new ModelRequest(Role.MANAGER, StepKind.EVALUATE, "s1", 1, 0, "t/s1/1", evaluate),
        new ModelRequest(Role.MANAGER, StepKind.EVALUATE, "s1", 1, 1, "t/s1/1", reask));
  }

  @Test
  void aRecordedRunReplaysTheSameAnswersOffline() throws IOException {
    Path recorded = dir.resolve("recorded-cassette.yaml");
    Path config = Files.writeString(dir.resolve("models.yaml"), """
        provider: openai
        base-url: %s/v1
        model: gpt-4o-mini
        record: recorded-cassette.yaml
        """.formatted(openAi.baseUrl()));
    ModelClient real = ModelsSetup.from(ModelsProperties.ofFile(config.toString()), Map.of("OPENAI_API_KEY", "sk")::get)
        .client(RetryPolicy.none(), d -> { }, Clock.systemUTC());

    List<ModelResponse> live = new ArrayList<>();
    for (ModelRequest request : run()) {
      live.add(real.call(request));
      assertThat(Cassette.load(recorded.toString()).interactions()).as("valid cassette after every append").hasSize(live.size());
    }
    openAi.stop();
    ModelClient replay = ModelsSetup.from(ModelsProperties.ofFile(recorded.toString()), Map.<String, String>of()::get)
        .client(RetryPolicy.none(), d -> { }, Clock.systemUTC());

    for (int i = 0; i < run().size(); i++) {
      ModelResponse again = replay.call(run().get(i));
      assertThat(again.text()).isEqualTo(live.get(i).text());
      assertThat(again.inputTokens()).isEqualTo(live.get(i).inputTokens());
      assertThat(again.outputTokens()).isEqualTo(live.get(i).outputTokens());
    }
    assertThat(live).extracting(ModelResponse::text).containsExactly(PLAN, BAD, GOOD);
    assertThat(Files.readString(recorded)).startsWith("# agentline cassette").contains("reask: 1");
  }

  @Test
  void concurrentAppendsAllLandAndTheFileStaysACassette() throws Exception {
    Path file = dir.resolve("rec.yaml");
    CassetteRecorder first = new CassetteRecorder(file);
    CassetteRecorder second = new CassetteRecorder(file);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int n = i;
      CassetteRecorder recorder = i % 2 == 0 ? first : second;
      done.add(pool.submit(() -> recorder.append(
          new ModelRequest(Role.CODE_EDIT, StepKind.EXECUTE, "s" + n, 1, 0, "t/s" + n + "/1", List.of(Message.user("x"))),
          new ModelResponse("answer " + n + "\nline two", "openai", "m", 1, 2, Duration.ZERO, "stop"))));
    }
    for (Future<?> f : done) f.get();
    pool.shutdown();

    Cassette cassette = Cassette.load(file.toString());
    assertThat(cassette.interactions()).hasSize(40);
    assertThat(cassette.interactions()).extracting(Cassette.Interaction::response).contains("answer 7\nline two");
  }

  @Test
  void reopeningARecordFileKeepsItsInteractions() throws IOException {
    Path file = Files.writeString(dir.resolve("rec.yaml"), "interactions: [{role: manager, response: kept}]\n");

    new CassetteRecorder(file).append(new ModelRequest(Role.REVIEW, StepKind.REVIEW, "review", 1, 0, "t/review/1", List.of(Message.user("x"))),
        new ModelResponse("new", "anthropic", "m", 1, 2, Duration.ZERO, "end_turn"));

    assertThat(Cassette.load(file.toString()).interactions()).extracting(Cassette.Interaction::response).containsExactly("kept", "new");
  }
}

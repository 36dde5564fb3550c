package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A task on a real multi-module Maven project ({@link MavenShop}): the worker's first fix is wrong,
 * the build's JUnit reports name the failing test, and the manager's evaluation prompt carries that
 * name and message; its feedback reaches the worker, whose second fix makes the whole build green.
 */
class MavenProjectEndToEndTest {
  static Path dir;
  static EmbeddedSystem system;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("agentline-maven-e2e");
    Path cassette = dir.resolve("cassette.yaml");
    try (var in = MavenProjectEndToEndTest.class.getResourceAsStream("/maven-shop/cassette.yaml")) {
      Files.copy(in, cassette);
    }
    system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), cassette, 1, 0, 0, false), m -> {});
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
  }

  @Test
  void failingTestNamesFromTheBuildReachTheManagerAndTheFixedBranchIsPushed() throws Exception {
    Path origin = MavenShop.createOrigin(dir);
    TicketFile ticket = new TicketFile("Discounts must round half up", "10 % off 19.95 gives 17.95; finance expects 17.96 (half up, to the cent).",
        List.of("DiscountsTest passes", "the whole build passes"), MavenShop.TEST_COMMAND, "main", null, null, List.of(), null, "SHOP-12");
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    TaskRun.Outcome outcome = new TaskRun(system, new PrintStream(output, true, StandardCharsets.UTF_8), false)
        .run(origin.toUri().toString(), ticket, MavenShop.TEST_COMMAND, "Discounts", Duration.ofMinutes(8), System.nanoTime());

    assertThat(outcome.status()).as(output.toString(StandardCharsets.UTF_8)).isEqualTo("DONE");
    String taskId = outcome.taskId();
    List<ToolResult> results = TopicContents.values(system.bootstrapServers(), List.of(Topics.TOOL_RESULTS), true, taskId, ToolResult.class);
    Map<String, TestRun> runs = results.stream().filter(r -> r.getTool() == ToolName.RUN_TESTS)
        .collect(Collectors.toMap(r -> r.getRequestId().toString(), ToolResult::getTests, (a, b) -> a));

    // the first attempt's build failed, and its reports said which test and why
    TestRun first = runs.get(taskId + "/s1/1/test");
    assertThat(first.getPassed()).isFalse();
    assertThat(first.getReportsFound()).isTrue();
    assertThat(first.getFailures()).anySatisfy(f -> {
      assertThat(f.getTestClass().toString()).isEqualTo("shop.pricing.DiscountsTest");
      assertThat(f.getTestName().toString()).isEqualTo("tenPercentOffRoundsHalfUp");
      assertThat(f.getMessage().toString()).contains("17.96");
    });

    // ...which the manager read in its evaluation prompt
    List<ModelCall> calls = TopicContents.values(system.bootstrapServers(), List.of(Topics.MODEL_CALLS), true, taskId, ModelCall.class);
    ModelCall evaluation = calls.stream().filter(c -> c.getRequestId().toString().equals(taskId + "/s1/1/evaluate")).findFirst().orElseThrow();
    String prompt = evaluation.getPrompt().stream().map(ChatMessage::getContent).map(CharSequence::toString).collect(Collectors.joining("\n"));
    assertThat(prompt).contains("shop.pricing.DiscountsTest.tenPercentOffRoundsHalfUp", "17.96");

    // the second attempt and the final full build pass; the whole suite took more than a few seconds
    TestRun second = runs.get(taskId + "/s1/2/test");
    assertThat(second.getPassed()).isTrue();
    assertThat(second.getPassedTests()).isGreaterThanOrEqualTo(5);
    assertThat(second.getDurationMs()).isGreaterThan(3_000);
    JsonNode task = outcome.task();
    assertThat(task.path("finalTests").path("passed").asBoolean()).isTrue();

    // the branch is named by the ticket and holds the right fix
    String branch = task.path("branch").asText();
    assertThat(branch).isEqualTo("agentline/SHOP-12-discounts-must-round-half-up");
    Path verify = dir.resolve("verify");
    try (Git git = Git.cloneRepository().setURI(origin.toUri().toString()).setBranch(branch).setDirectory(verify.toFile()).call()) {
      assertThat(verify.resolve("pricing/src/main/java/shop/pricing/Discounts.java")).content().contains("RoundingMode.HALF_UP");
    }
  }
}

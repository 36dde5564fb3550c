package dev.agentline.worker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.FileContent;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.Ticket;
import dev.agentline.worker.StepRequests;
import dev.agentline.worker.models.Message;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The review iterations must not change what an iteration-1 step is asked: each prompt below is compared, byte for byte,
 * with the one the previous templates ({@code manager.plan@5}, {@code code-edit.execute@3}, {@code test-writer.execute@3},
 * {@code manager.summarize@3}) rendered for the same request, kept in {@code src/test/resources/iteration-1-prompts/}.
 */
class IterationOnePromptsTest {
  private static final int BUDGET = 8000;
  private final PromptContracts contracts = new PromptContracts();

  static Stream<Arguments> iterationOneRequests() {
    Ticket spec = Ticket.newBuilder(StepRequests.ticket()).setWorkType("bugfix").setGoal("GET /hello greets")
        .setConstraints(List.of("no new dependencies")).setInterfaces(List.of("GET /hello keeps its path")).build();
    List<FileContent> files = List.of(
        FileContent.newBuilder().setPath("src/main/java/demo/App.java").setContent("package demo;\n\nclass App {}\n").build(),
        FileContent.newBuilder().setPath("src/main/java/demo/Hello.java").setContent("package demo;\n\nclass Hello {}\n").build(),
        FileContent.newBuilder().setPath("README.md").setContent("```sh\nmake\n```\n").build());
    return Stream.of(
        Arguments.of("manager.plan", StepRequests.planRequest("t1").setTicket(spec).setFeedback("step s3 touches a protected file")
            .setAnalysis("{\"summary\":\"a demo\"}").setRepositoryMap("App.java: class App").setFiles(files).build()),
        Arguments.of("manager.plan-plain", StepRequests.planRequest("t1").build()),
        Arguments.of("code-edit.execute", StepRequests.executeRequest("t1", Role.CODE_EDIT, "s1", 2).setTicket(spec).setFiles(files)
            .setFeedback("HelloTest failed: expected 200 but was 404").setNotes("s0 applied")
            .setSearchHits(List.of("src/main/java/demo/App.java:3: class App {}")).setRepositoryMap("src/main/java/demo/App.java: class App")
            .setAnalysis("{\"summary\":\"demo\"}").build()),
        Arguments.of("test-writer.execute", StepRequests.executeRequest("t1", Role.TEST_WRITER, "s2", 1).build()),
        Arguments.of("manager.summarize", StepRequests.summarizeRequest("t1").setTests(StepRequests.tests(true))
            .setDiff("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n").build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("iterationOneRequests")
  void anIterationOnePromptIsExactlyWhatThePreviousTemplateRendered(String name, StepRequest request) throws IOException {
    List<Message> prompt = contracts.forStep(request.getRole(), request.getKind()).orElseThrow().prompt(request, BUDGET);
    String rendered = "=== system\n" + prompt.get(0).content() + "=== user\n" + prompt.get(1).content();

    assertThat(rendered).isEqualTo(golden(name));
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = IterationOnePromptsTest.class.getClassLoader().getResourceAsStream("iteration-1-prompts/" + name + ".txt")) {
      assertThat(in).as("golden file iteration-1-prompts/" + name + ".txt").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

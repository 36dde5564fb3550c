package dev.agentline.worker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.worker.StepRequests;
import dev.agentline.worker.models.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptContractsTest {
  private final PromptContracts contracts = new PromptContracts();

  private List<Message> prompt(StepRequest request) {
    return contracts.forStep(request.getRole(), request.getKind()).orElseThrow().prompt(request);
  }

  @Test
  void planPromptStatesTheJsonFormatAndCarriesTicketAndFileList() {
    List<Message> prompt = prompt(StepRequests.planRequest("t1").build());

    assertThat(prompt).extracting(Message::role).containsExactly("system", "user");
    assertThat(prompt.get(0).content()).contains("manager", "\"steps\"", "\"dependsOn\"", "code-edit", "test-write");
    assertThat(prompt.get(1).content())
        .contains("Title: " + StepRequests.TITLE)
        .contains("GET /hello should answer with a friendly greeting.")
        .contains("- GET /hello returns 200", "- the body contains Hello")
        .contains("## Repository files\npom.xml\nsrc/main/java/demo/App.java\n")
        .doesNotContain("## Feedback");
  }

  @Test
  void planPromptCarriesFeedbackOfTheRejectedPlan() {
    List<Message> prompt = prompt(StepRequests.planRequest("t1").setFeedback("step s3 touches a protected file").build());

    assertThat(prompt.get(1).content()).contains("## Feedback on the previous attempt", "step s3 touches a protected file");
  }

  @Test
  void executePromptCarriesStepFileContentsAndFeedback() {
    StepRequest request = StepRequests.executeRequest("t1", Role.CODE_EDIT, "s1", 2).setFeedback("HelloTest failed: expected 200 but was 404").build();

    List<Message> prompt = prompt(request);

    assertThat(prompt.get(0).content()).contains("code-edit worker", "<<<<<<< SEARCH", "=======", ">>>>>>> REPLACE");
    assertThat(prompt.get(1).content())
        .contains("Title: " + StepRequests.TITLE)
        .contains("Goal: Serve a greeting")
        .contains("s1 (code-edit, attempt 2): Add the Hello controller")
        .contains("s1 [code-edit, PENDING] Add the Hello controller (files: src/main/java/demo/Hello.java)  <- your step")
        .contains("### src/main/java/demo/App.java\n```\npackage demo;\n\nclass App {}\n```")
        .contains("HelloTest failed: expected 200 but was 404");
  }

  @Test
  void testWriterPromptNamesItsRole() {
    List<Message> prompt = prompt(StepRequests.executeRequest("t1", Role.TEST_WRITER, "s2", 1).build());

    assertThat(prompt.get(0).content()).contains("test-writer worker");
    assertThat(prompt.get(1).content()).contains("s2 (test-write, attempt 1): Test the Hello controller");
  }

  @Test
  void summarizePromptCarriesPlanAndNotes() {
    List<Message> prompt = prompt(StepRequests.summarizeRequest("t1").build());

    assertThat(prompt.get(0).content()).contains("pull request description");
    assertThat(prompt.get(1).content())
        .contains("Title: " + StepRequests.TITLE)
        .contains("Goal: Serve a greeting")
        .contains("s1 done: Hello.java added; s2 done: 1 test passes");
  }

  @Test
  void fileContainingFencesIsQuotedWithAnotherFence() {
    StepRequest request = StepRequests.executeRequest("t1", Role.CODE_EDIT, "s1", 1)
        .setFiles(List.of(dev.agentline.schemas.FileContent.newBuilder().setPath("README.md").setContent("```sh\nmake\n```\n").build()))
        .build();

    assertThat(prompt(request).get(1).content()).contains("### README.md\n~~~~\n```sh\nmake\n```\n~~~~");
  }

  @Test
  void onlyTheFourRoleAndKindPairsHaveAContract() {
    assertThat(contracts.forStep(Role.MANAGER, StepKind.PLAN)).isPresent();
    assertThat(contracts.forStep(Role.MANAGER, StepKind.SUMMARIZE)).isPresent();
    assertThat(contracts.forStep(Role.CODE_EDIT, StepKind.EXECUTE)).isPresent();
    assertThat(contracts.forStep(Role.TEST_WRITER, StepKind.EXECUTE)).isPresent();
    assertThat(contracts.forStep(Role.MANAGER, StepKind.EXECUTE)).isEmpty();
    assertThat(contracts.forStep(Role.CODE_EDIT, StepKind.PLAN)).isEmpty();
    assertThat(contracts.forStep(Role.TEST_WRITER, StepKind.SUMMARIZE)).isEmpty();
  }

  @Test
  void summaryMustNotBeEmpty() {
    PromptContract summarize = contracts.forStep(Role.MANAGER, StepKind.SUMMARIZE).orElseThrow();

    assertThat(summarize.read("  \n").error()).isEqualTo("the summary is empty");
    assertThat(summarize.read("\nAdds a greeting.\n").text()).isEqualTo("Adds a greeting.");
  }
}

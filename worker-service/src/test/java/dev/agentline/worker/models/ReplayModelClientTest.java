package dev.agentline.worker.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayModelClientTest {
  private static final String CASSETTE = """
      # agentline cassette
      interactions:
        - role: code-edit
          kind: execute
          step: s1
          attempt: 2
          response: second attempt of s1
        - role: code-edit
          step: s1
          contains: "needle"
          response: s1 with needle
        - role: code-edit
          kind: execute
          step: s1
          response: any attempt of s1
          usage: {inputTokens: 1200, outputTokens: 300}
        - role: manager
          kind: summarize
          response: the summary
        - role: test-writer
          response: |
            tests
      """;

  private final ReplayModelClient client = new ReplayModelClient(Cassette.parse(CASSETTE, "unit.yaml"));

  private static ModelRequest request(Role role, StepKind kind, String step, int attempt, String prompt) {
    return new ModelRequest(role, kind, step, attempt, 0, "t1/" + step + "/" + attempt, List.of(Message.system("contract"), Message.user(prompt)));
  }

  @Test
  void theFirstInteractionWhoseGivenFieldsAllMatchAnswers() {
    assertThat(client.call(request(Role.CODE_EDIT, StepKind.EXECUTE, "s1", 2, "with needle")).text()).isEqualTo("second attempt of s1");
    assertThat(client.call(request(Role.CODE_EDIT, StepKind.EXECUTE, "s1", 1, "a needle here")).text()).isEqualTo("s1 with needle");
    assertThat(client.call(request(Role.CODE_EDIT, StepKind.EXECUTE, "s1", 3, "nothing")).text()).isEqualTo("any attempt of s1");
    assertThat(client.call(request(Role.MANAGER, StepKind.SUMMARIZE, "summary", 1, "x")).text()).isEqualTo("the summary");
    assertThat(client.call(request(Role.TEST_WRITER, StepKind.EXECUTE, "s7", 4, "x")).text()).isEqualTo("tests\n");
  }

  @Test
  void containsIsMatchedAgainstEveryMessage() {
    assertThat(client.call(new ModelRequest(Role.CODE_EDIT, StepKind.EXECUTE, "s1", 1, 0, "r",
        List.of(Message.system("the needle is in the system message"), Message.user("u")))).text()).isEqualTo("s1 with needle");
  }

  @Test
  void reportsReplayProviderCassetteModelAndRecordedUsage() {
    ModelResponse response = client.call(request(Role.CODE_EDIT, StepKind.EXECUTE, "s1", 1, "x"));

    assertThat(response.provider()).isEqualTo("replay");
    assertThat(response.model()).isEqualTo("cassette:unit.yaml");
    assertThat(response.inputTokens()).isEqualTo(1200);
    assertThat(response.outputTokens()).isEqualTo(300);
  }

  @Test
  void estimatesUsageAtFourCharactersATokenWhenNoneIsRecorded() {
    ModelResponse response = client.call(request(Role.MANAGER, StepKind.SUMMARIZE, "summary", 1, "12345678"));

    assertThat(response.inputTokens()).isEqualTo(ModelResponse.estimateTokens("contract\n12345678\n")).isEqualTo(5);
    assertThat(response.outputTokens()).isEqualTo(3); // "the summary" = 11 chars
  }

  @Test
  void noMatchIsAPermanentErrorNamingRoleKindStepAndAttempt() {
    assertThatThrownBy(() -> client.call(request(Role.MANAGER, StepKind.PLAN, "plan", 1, "x")))
        .isExactlyInstanceOf(ModelException.class)
        .hasMessage("no cassette answer in unit.yaml for role manager, kind plan, step plan, attempt 1");
    assertThatThrownBy(() -> client.call(request(Role.CODE_EDIT, StepKind.EXECUTE, "s2", 1, "x")))
        .hasMessageContaining("role code-edit, kind execute, step s2, attempt 1");
  }

  @Test
  void cassetteErrorsNameTheInteractionAndField() {
    assertThatThrownBy(() -> Cassette.parse("interactions:\n  - kind: plan\n    response: x\n", "bad.yaml"))
        .hasMessage("cassette bad.yaml: interactions[0].role is required (manager | code-edit | test-writer | analysis | review)");
    assertThatThrownBy(() -> Cassette.parse("interactions:\n  - role: reviewer\n    response: x\n", "bad.yaml"))
        .hasMessage("cassette bad.yaml: interactions[0].role must be one of manager | code-edit | test-writer | analysis | review, was reviewer");
    assertThatThrownBy(() -> Cassette.parse("interactions:\n  - role: manager\n    kind: plan\n", "bad.yaml"))
        .hasMessage("cassette bad.yaml: interactions[0].response is required");
    assertThatThrownBy(() -> Cassette.parse("interactions:\n  - role: manager\n    respons: x\n", "bad.yaml"))
        .hasMessageStartingWith("cassette bad.yaml: interactions[0].respons is not a cassette field");
    assertThatThrownBy(() -> Cassette.parse("interactions:\n  - role: manager\n    kind: reviews\n    response: x\n", "bad.yaml"))
        .hasMessage("cassette bad.yaml: interactions[0].kind must be one of plan | execute | summarize | analyze | evaluate | revise | review, was reviews");
  }

  @Test
  void theBundledDemoCassetteLoadsFromTheClasspath() {
    Cassette demo = Cassette.load("classpath:cassettes/worker-test.yaml");

    assertThat(demo.name()).isEqualTo("worker-test.yaml");
    assertThat(demo.interactions()).hasSize(5);
  }
}

package dev.agentline.worker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.StepStatus;
import dev.agentline.schemas.StepType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanReaderTest {
  private static final PlanReader reader = new PlanReader();

  private static final String VALID = """
      {"goal": "Serve a greeting", "steps": [
        {"id": "s1", "type": "code-edit", "description": "Add Hello", "files": ["src/main/java/demo/Hello.java"], "dependsOn": []},
        {"id": "s2", "type": "test-write", "description": "Test Hello", "files": ["src/test/java/demo/HelloTest.java"], "dependsOn": ["s1"]}
      ]}
      """;

  @Test
  void readsAValidPlanAsPendingStepsOfVersionOne() {
    StepOutput output = reader.read(VALID);

    assertThat(output.ok()).as(output.error()).isTrue();
    assertThat(output.plan().getGoal()).isEqualTo("Serve a greeting");
    assertThat(output.plan().getVersion()).isEqualTo(1);
    assertThat(output.plan().getSteps()).extracting(PlanStep::getId, PlanStep::getType, PlanStep::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("s1", StepType.CODE_EDIT, StepStatus.PENDING),
            org.assertj.core.groups.Tuple.tuple("s2", StepType.TEST_WRITE, StepStatus.PENDING));
    assertThat(output.plan().getSteps().get(1).getDependsOn()).containsExactly("s1");
    assertThat(output.plan().getSteps().get(0).getFiles()).containsExactly("src/main/java/demo/Hello.java");
  }

  @Test
  void readsJsonInsideAFenceAmidProse() {
    StepOutput output = reader.read("Sure! Here is my plan:\n\n```json\n" + VALID + "```\n\nLet me know.");

    assertThat(output.ok()).as(output.error()).isTrue();
    assertThat(output.plan().getSteps()).hasSize(2);
  }

  @Test
  void readsAStepWithoutOptionalFiles() {
    StepOutput output = reader.read("{\"goal\": \"g\", \"steps\": [{\"id\": \"a\", \"type\": \"code-edit\", \"description\": \"d\"}]}");

    assertThat(output.ok()).as(output.error()).isTrue();
    assertThat(output.plan().getSteps().get(0).getFiles()).isEmpty();
  }

  @Test
  void namesTheBadStepTypeAndTheAllowedOnes() {
    StepOutput output = reader.read(VALID.replace("\"test-write\"", "\"testing\""));

    assertThat(output.error()).isEqualTo("$.steps[1].type must be one of code-edit, test-write, was \"testing\"");
  }

  @Test
  void refusesADependencyCycleAndShowsIt() {
    StepOutput output = reader.read(VALID.replace("\"dependsOn\": []", "\"dependsOn\": [\"s2\"]"));

    assertThat(output.error()).isEqualTo("plan invalid: dependency cycle s1 -> s2 -> s1");
  }

  @Test
  void refusesAStepThatDependsOnItself() {
    StepOutput output = reader.read(VALID.replace("\"dependsOn\": []", "\"dependsOn\": [\"s1\"]"));

    assertThat(output.error()).isEqualTo("plan invalid: dependency cycle s1 -> s1");
  }

  @Test
  void refusesAnUnknownDependency() {
    StepOutput output = reader.read(VALID.replace("[\"s1\"]", "[\"s9\"]"));

    assertThat(output.error()).isEqualTo("plan invalid: step s2 depends on unknown step s9");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      duplicate id        | "id": "s2"                                   | plan invalid: duplicate step id s2
      reserved id         | "id": "plan"                                 | plan invalid: step id 'plan' is reserved
      parent path         | "files": ["../secrets.txt"]                  | plan invalid: step s1: file path must not contain '..': ../secrets.txt
      absolute path       | "files": ["/etc/passwd"]                     | plan invalid: step s1: file path must be relative to the repository root: /etc/passwd
      """)
  void refusesBrokenFirstSteps(String name, String firstStepField, String reason) {
    String broken = firstStepField.startsWith("\"id\"")
        ? VALID.replace("\"id\": \"s1\"", firstStepField).replace("[\"s1\"]", "[]")
        : VALID.replace("\"files\": [\"src/main/java/demo/Hello.java\"]", firstStepField);

    assertThat(reader.read(broken).error()).startsWith(reason);
  }

  @Test
  void refusesAPlanWithoutSteps() {
    assertThat(reader.read("{\"goal\": \"g\", \"steps\": []}").error()).startsWith("$.steps").contains("1");
  }

  @Test
  void refusesAStepWithAMisspelledKey() {
    StepOutput output = reader.read(VALID.replace("\"dependsOn\": [\"s1\"]", "\"depends_on\": [\"s1\"]"));

    assertThat(output.error()).startsWith("$.steps[1]").contains("depends_on");
  }

  @Test
  void saysWhenThereIsNoJsonOrItDoesNotParse() {
    assertThat(reader.read("I cannot plan this ticket.").error()).isEqualTo("no JSON object found in the answer");
    assertThat(reader.read("{\"goal\": \"g\", \"steps\": [}").error()).startsWith("the JSON does not parse");
  }
}

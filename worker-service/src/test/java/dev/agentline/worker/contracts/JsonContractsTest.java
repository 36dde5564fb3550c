package dev.agentline.worker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.ReviewVerdict;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepStatus;
import dev.agentline.schemas.Verdict;
import dev.agentline.worker.StepRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON contracts (analyze, evaluate, review, revise) with good and malformed answers. */
class JsonContractsTest {
  private static final PromptContracts contracts = new PromptContracts();

  private static StepOutput read(StepRequest request, String answer) {
    return contracts.forStep(request.getRole(), request.getKind()).orElseThrow().read(request, answer);
  }

  private static StepOutput evaluate(String answer) {
    return read(StepRequests.evaluateRequest("t1").build(), answer);
  }

  private static final String EVALUATION = "{\"verdict\": \"retry\", \"feedback\": \"HelloTest still fails: /hello answers 404\"}";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bare", "fenced", "prose-wrapped"})
  void anEvaluationIsReadBareFencedOrWrappedInProse(String shape) {
    String answer = switch (shape) {
      case "fenced" -> "```json\n" + EVALUATION + "\n```";
      case "prose-wrapped" -> "I looked at the diff and the tests.\n" + EVALUATION + "\nThat is my verdict.";
      default -> EVALUATION;
    };

    StepOutput output = evaluate(answer);

    assertThat(output.ok()).as(output.error()).isTrue();
    assertThat(output.evaluation().getVerdict()).isEqualTo(Verdict.RETRY);
    assertThat(output.evaluation().getFeedback()).isEqualTo("HelloTest still fails: /hello answers 404");
  }

  @Test
  void anEvaluationWithAWrongVerdictOrWithoutFeedbackNamesTheJsonPath() {
    assertThat(evaluate("{\"verdict\": \"maybe\", \"feedback\": \"x\"}").error())
        .isEqualTo("$.verdict must be one of accept, retry, revise, was \"maybe\"");
    assertThat(evaluate("{\"verdict\": \"accept\"}").error()).isEqualTo("$.feedback is required");
    assertThat(evaluate("Looks fine to me.").error()).isEqualTo("no JSON object found in the answer");
    assertThat(evaluate("{\"verdict\": \"accept\", \"feedback\": }").error()).startsWith("the JSON does not parse");
  }

  @Test
  void anAnalysisIsPassedOnAsCompactValidatedJson() {
    StepOutput output = read(StepRequests.analyzeRequest("t1").build(), """
        Here is the analysis:
        ```json
        {"summary": "A demo app.",
         "files": [{"path": "src/main/java/demo/App.java", "purpose": "entry point", "interfaces": ["class App"]}]}
        ```""");

    assertThat(output.ok()).as(output.error()).isTrue();
    assertThat(output.text()).isEqualTo(
        "{\"summary\":\"A demo app.\",\"files\":[{\"path\":\"src/main/java/demo/App.java\",\"purpose\":\"entry point\",\"interfaces\":[\"class App\"]}]}");
  }

  @Test
  void anAnalysisNeedsFilesWithRelativePaths() {
    StepRequest request = StepRequests.analyzeRequest("t1").build();

    assertThat(read(request, "{\"summary\": \"s\", \"files\": []}").error()).startsWith("$.files").contains("1");
    assertThat(read(request, "{\"summary\": \"s\", \"files\": [{\"path\": \"a\"}]}").error()).isEqualTo("$.files[0].purpose is required");
    assertThat(read(request, "{\"summary\": \"s\", \"files\": [{\"path\": \"../a\", \"purpose\": \"p\"}]}").error())
        .isEqualTo("$.files[0].path: file path must not contain '..': ../a");
  }

  @Test
  void aReviewIsReadWithItsComments() {
    StepOutput output = read(StepRequests.reviewRequest("t1").build(), """
        {"verdict": "request-changes", "summary": "Hello works but is untested.",
         "comments": [{"path": "src/main/java/demo/Hello.java", "line": 1, "comment": "add a test"},
                      {"path": "pom.xml", "comment": "no new dependency needed"}]}""");

    assertThat(output.ok()).as(output.error()).isTrue();
    assertThat(output.review().getVerdict()).isEqualTo(ReviewVerdict.REQUEST_CHANGES);
    assertThat(output.review().getSummary()).isEqualTo("Hello works but is untested.");
    assertThat(output.review().getComments()).hasSize(2);
    assertThat(output.review().getComments().get(0).getLine()).isEqualTo(1);
    assertThat(output.review().getComments().get(1).getLine()).isNull();
  }

  @Test
  void aReviewWithAWrongVerdictOrAMissingSummaryIsRefused() {
    StepRequest request = StepRequests.reviewRequest("t1").build();

    assertThat(read(request, "{\"verdict\": \"lgtm\", \"summary\": \"s\"}").error())
        .isEqualTo("$.verdict must be one of approve, request-changes, was \"lgtm\"");
    assertThat(read(request, "{\"verdict\": \"approve\"}").error()).isEqualTo("$.summary is required");
    assertThat(read(request, "{\"verdict\": \"approve\", \"summary\": \"s\", \"comments\": [{\"path\": \"a\", \"line\": 0, \"comment\": \"c\"}]}").error())
        .startsWith("$.comments[0].line");
  }

  @Test
  void aRevisedPlanKeepsDoneStepsDoneAndCountsTheVersionUp() {
    StepRequest request = StepRequests.reviseRequest("t1").build();

    StepOutput output = read(request, """
        {"goal": "Serve a greeting", "steps": [
          {"id": "s1", "type": "code-edit", "description": "Add the Hello controller", "files": ["src/main/java/demo/Hello.java"]},
          {"id": "s3", "type": "test-write", "description": "Test Hello directly", "files": ["src/test/java/demo/HelloTest.java"], "dependsOn": ["s1"],
           "searchQueries": ["class Hello"], "testCommand": "mvn -q -Dtest=HelloTest test"}]}""");

    assertThat(output.ok()).as(output.error()).isTrue();
    assertThat(output.plan().getVersion()).isEqualTo(2);
    assertThat(output.plan().getSteps().get(1).getTestCommand()).isEqualTo("mvn -q -Dtest=HelloTest test");
    assertThat(output.plan().getSteps().get(0).getTestCommand()).isNull();
    assertThat(output.plan().getSteps()).extracting(PlanStep::getId, PlanStep::getStatus)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("s1", StepStatus.DONE), org.assertj.core.groups.Tuple.tuple("s3", StepStatus.PENDING));
    assertThat(output.plan().getSteps().get(1).getSearchQueries()).containsExactly("class Hello");
  }

  @Test
  void aRevisedPlanThatDropsADoneStepIsRefused() {
    StepOutput output = read(StepRequests.reviseRequest("t1").build(),
        "{\"goal\": \"g\", \"steps\": [{\"id\": \"s9\", \"type\": \"code-edit\", \"description\": \"d\"}]}");

    assertThat(output.error()).isEqualTo("$.steps must keep every DONE step with its id; missing: s1");
  }

  @Test
  void contractsOfOtherKindsAreNotConfused() {
    assertThat(contracts.forStep(Role.MANAGER, StepKind.EVALUATE)).isNotEqualTo(contracts.forStep(Role.MANAGER, StepKind.PLAN));
  }
}

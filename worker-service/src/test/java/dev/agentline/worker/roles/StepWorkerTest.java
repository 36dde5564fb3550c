package dev.agentline.worker.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentline.platform.models.ModelSpec;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.PullRequestFeedback;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.Verdict;
import dev.agentline.worker.StepRequests;
import dev.agentline.worker.contracts.PromptContracts;
import dev.agentline.worker.models.Cassette;
import dev.agentline.worker.models.ModelClient;
import dev.agentline.worker.models.ModelException;
import dev.agentline.worker.models.ModelRequest;
import dev.agentline.worker.models.ModelResponse;
import dev.agentline.worker.models.ReplayModelClient;
import dev.agentline.worker.models.TransientModelException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepWorkerTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private static final ModelSpec SPEC = new ModelSpec("openai", "gpt-4o", "https://api.openai.com/v1", "OPENAI_API_KEY", 0.2, 2048,
      Duration.ofSeconds(60), 2.5, 10, 8000, null);
  private static final String PLAN_ANSWER = """
      ```json
      {"goal": "Serve a greeting", "steps": [{"id": "s1", "type": "code-edit", "description": "Add Hello", "files": ["Hello.java"]}]}
      ```""";

  private final List<ModelRequest> asked = new ArrayList<>();

  private StepWorker worker(ModelClient client) {
    return new StepWorker(client, new PromptContracts(), role -> SPEC, 3, "worker-test", CLOCK);
  }

  /** Answers with the given texts in turn, 1000 tokens in and 200 out each. */
  private ModelClient answering(String... texts) {
    Deque<String> answers = new ArrayDeque<>(List.of(texts));
    return request -> {
      asked.add(request);
      String text = answers.size() > 1 ? answers.poll() : answers.peek();
      return new ModelResponse(text, "openai", "gpt-4o-2024-08-06", 1000, 200, Duration.ofMillis(420), "stop");
    };
  }

  private static ModelClient failing(ModelException error) {
    return request -> {
      throw error;
    };
  }

  @Test
  void aValidPlanBecomesAnOkResultWithTheRequestIdsCopiedAndUsageCosted() {
    StepRequest request = StepRequests.planRequest("task-1").build();

    StepOutcome.Answered outcome = (StepOutcome.Answered) worker(answering(PLAN_ANSWER)).handle(request, 1);

    StepResult result = outcome.result();
    assertThat(result.getOk()).as(result.getError()).isTrue();
    assertThat(result.getRequestId()).isEqualTo("task-1/plan/1");
    assertThat(result.getRole()).isEqualTo(Role.MANAGER);
    assertThat(result.getKind()).isEqualTo(StepKind.PLAN);
    assertThat(result.getStepId()).isEqualTo("plan");
    assertThat(result.getAttempt()).isEqualTo(1);
    assertThat(result.getPlan().getSteps()).hasSize(1);
    assertThat(result.getUsage().getInputTokens()).isEqualTo(1000);
    assertThat(result.getUsage().getCostUsd()).isCloseTo((1000 * 2.5 + 200 * 10) / 1_000_000, within(1e-12));
    assertThat(result.getPromptVersion()).isEqualTo("manager.plan@6");
    assertThat(result.getModel()).isEqualTo("openai/gpt-4o-2024-08-06");
    assertThat(result.getModelCalls()).isEqualTo(1);
    assertThat(result.getMeta().getTaskId()).isEqualTo("task-1");
    assertThat(result.getMeta().getCausationId()).isEqualTo(request.getMeta().getEventId());
    assertThat(result.getMeta().getProducer()).isEqualTo("worker-test");
    assertThat(asked).singleElement().satisfies(call -> {
      assertThat(call.requestId()).isEqualTo("task-1/plan/1");
      assertThat(call.reask()).isZero();
    });
  }

  @Test
  void theModelCallRecordsPromptAnswerUsageCostSettingsAndStopReason() {
    StepOutcome outcome = worker(answering(PLAN_ANSWER)).handle(StepRequests.planRequest("task-1").build(), 1);

    ModelCall call = outcome.modelCalls().get(0);
    assertThat(call.getPrompt()).extracting(ChatMessage::getRole).containsExactly("system", "user");
    assertThat(call.getPrompt().get(1).getContent()).contains("Title: " + StepRequests.TITLE);
    assertThat(call.getResponse()).isEqualTo(PLAN_ANSWER);
    assertThat(call.getProvider()).isEqualTo("openai");
    assertThat(call.getModel()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(call.getLatencyMs()).isEqualTo(420);
    assertThat(call.getUsage().getOutputTokens()).isEqualTo(200);
    assertThat(call.getUsage().getCostUsd()).isCloseTo(0.0045, within(1e-12));
    assertThat(call.getPromptVersion()).isEqualTo("manager.plan@6");
    assertThat(call.getReask()).isZero();
    assertThat(call.getStopReason()).isEqualTo("stop");
    assertThat(call.getTemperature()).isEqualTo(0.2);
    assertThat(call.getMaxOutputTokens()).isEqualTo(2048);
    assertThat(call.getOk()).isTrue();
  }

  @Test
  void aMalformedAnswerIsReAskedOnceWithTheErrorAndAGoodSecondAnswerSucceedsWithSummedUsage() {
    StepRequest request = StepRequests.evaluateRequest("task-1").build();

    StepOutcome.Answered outcome = (StepOutcome.Answered) worker(answering(
        "{\"verdict\": \"maybe\", \"feedback\": \"hm\"}", "{\"verdict\": \"accept\", \"feedback\": \"good\"}")).handle(request, 1);

    assertThat(outcome.result().getOk()).as(outcome.result().getError()).isTrue();
    assertThat(outcome.result().getEvaluation().getVerdict()).isEqualTo(Verdict.ACCEPT);
    assertThat(outcome.result().getModelCalls()).isEqualTo(2);
    assertThat(outcome.result().getUsage().getInputTokens()).isEqualTo(2000);
    assertThat(outcome.result().getUsage().getOutputTokens()).isEqualTo(400);
    assertThat(outcome.result().getUsage().getCostUsd()).isCloseTo(0.009, within(1e-12));
    assertThat(outcome.modelCalls()).extracting(ModelCall::getReask).containsExactly(0, 1);
    assertThat(outcome.modelCalls()).extracting(ModelCall::getOk).containsExactly(false, true);
    assertThat(outcome.modelCalls().get(0).getError()).isEqualTo("$.verdict must be one of accept, retry, revise, was \"maybe\"");
    ModelRequest reask = asked.get(1);
    assertThat(reask.messages()).extracting(m -> m.role()).containsExactly("system", "user", "assistant", "user");
    assertThat(reask.messages().get(2).content()).isEqualTo("{\"verdict\": \"maybe\", \"feedback\": \"hm\"}");
    assertThat(reask.messages().get(3).content()).startsWith("Your answer could not be used: $.verdict must be one of accept, retry, revise");
  }

  @Test
  void twoMalformedAnswersFailTheStepWithTheReasonAndStillCountBothCalls() {
    StepRequest request = StepRequests.executeRequest("task-1", Role.CODE_EDIT, "s1", 1).build();

    StepOutcome.Answered outcome = (StepOutcome.Answered) worker(answering("Nothing to do.")).handle(request, 1);

    assertThat(outcome.result().getOk()).isFalse();
    assertThat(outcome.result().getError()).isEqualTo("answer invalid after a re-ask: no SEARCH/REPLACE block or unified diff found in the answer");
    assertThat(outcome.result().getModelCalls()).isEqualTo(2);
    assertThat(outcome.result().getUsage().getOutputTokens()).isEqualTo(400);
    assertThat(outcome.result().getPromptVersion()).isEqualTo("code-edit.execute@4");
    assertThat(outcome.modelCalls()).allSatisfy(call -> assertThat(call.getError()).isEqualTo("no SEARCH/REPLACE block or unified diff found in the answer"));
  }

  @Test
  void editsAreReturnedForAnExecuteStep() {
    StepRequest request = StepRequests.executeRequest("task-1", Role.TEST_WRITER, "s2", 1).build();

    StepOutcome.Answered outcome = (StepOutcome.Answered) worker(answering("T.java\n<<<<<<< SEARCH\n=======\nclass T {}\n>>>>>>> REPLACE\n"))
        .handle(request, 1);

    assertThat(outcome.result().getOk()).isTrue();
    assertThat(outcome.result().getEdits()).singleElement().satisfies(edit -> assertThat(edit.getReplace()).isEqualTo("class T {}\n"));
  }

  @Test
  void theRolesContextBudgetShapesThePrompt() {
    StepWorker small = new StepWorker(answering(PLAN_ANSWER), new PromptContracts(),
        role -> new ModelSpec("replay", null, null, null, null, 100, Duration.ofSeconds(1), 0, 0, 300, null), 3, "t", CLOCK);

    small.handle(StepRequests.planRequest("task-1").setRepositoryMap("x".repeat(5000)).build(), 1);

    assertThat(asked.get(0).promptText()).contains("to fit the manager context budget of 300 tokens");
  }

  @Test
  void aTransientFailureIsRetriedWhileDeliveriesRemain() {
    StepWorker worker = worker(failing(new TransientModelException("HTTP 503 overloaded", "openai", "gpt-4o")));

    StepOutcome outcome = worker.handle(StepRequests.planRequest("task-1").build(), 2);

    assertThat(outcome).isInstanceOf(StepOutcome.Retry.class);
    assertThat(((StepOutcome.Retry) outcome).reason()).isEqualTo("HTTP 503 overloaded");
    assertThat(outcome.modelCalls()).singleElement().satisfies(call -> {
      assertThat(call.getOk()).isFalse();
      assertThat(call.getError()).isEqualTo("HTTP 503 overloaded");
    });
  }

  @Test
  void aTransientFailureOnTheLastDeliveryFailsTheStep() {
    StepWorker worker = worker(failing(new TransientModelException("HTTP 503 overloaded", "openai", "gpt-4o")));

    StepOutcome.Answered outcome = (StepOutcome.Answered) worker.handle(StepRequests.planRequest("task-1").build(), 3);

    assertThat(outcome.result().getOk()).isFalse();
    assertThat(outcome.result().getError()).isEqualTo("model call failed after 3 deliveries: HTTP 503 overloaded");
    assertThat(outcome.modelCalls().get(0).getProvider()).isEqualTo("openai");
  }

  @Test
  void aPermanentFailureFailsTheStepAtOnce() {
    StepWorker worker = worker(failing(new ModelException("HTTP 401 Incorrect API key", "openai", "gpt-4o")));

    StepOutcome.Answered outcome = (StepOutcome.Answered) worker.handle(StepRequests.planRequest("task-1").build(), 1);

    assertThat(outcome.result().getError()).isEqualTo("model call failed: HTTP 401 Incorrect API key");
    assertThat(outcome.modelCalls().get(0).getResponse()).isEmpty();
  }

  @Test
  void aRoleAskedForAKindItHasNoContractForFailsWithoutCallingTheModel() {
    StepRequest request = StepRequests.planRequest("task-1").setRole(Role.CODE_EDIT).build();

    StepOutcome.Answered outcome = (StepOutcome.Answered) worker(answering(PLAN_ANSWER)).handle(request, 1);

    assertThat(outcome.result().getError()).isEqualTo("no prompt contract for role code-edit and kind plan");
    assertThat(outcome.modelCalls()).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void aHugeAnswerIsCutBeforeParsingMarkedInItsModelCallAndReAskedForThenTheStepFailsSayingWhy() {
    StepRequest request = StepRequests.planRequest("task-1").build();
    String huge = PLAN_ANSWER + "x".repeat(5_000);
    StepWorker capped = new StepWorker(answering(huge), new PromptContracts(), role -> SPEC, 3, "worker-test", CLOCK, 2_000);

    StepOutcome.Answered outcome = (StepOutcome.Answered) capped.handle(request, 1);

    assertThat(outcome.result().getOk()).isFalse();
    assertThat(outcome.result().getError()).isEqualTo("answer invalid after a re-ask: the answer is " + huge.length()
        + " characters, over the cap of 2000 (agentline.worker.max-response-chars); answer much more briefly");
    assertThat(outcome.modelCalls()).hasSize(2).allSatisfy(call -> {
      assertThat(call.getOk()).isFalse();
      assertThat(call.getResponse()).hasSizeLessThan(2_200).startsWith(PLAN_ANSWER)
          .endsWith("[... agentline: answer truncated at 2000 of " + huge.length() + " characters (agentline.worker.max-response-chars) ...]");
      assertThat(call.getError()).contains("over the cap of 2000");
    });
    // the re-ask carries the cut answer, not the whole one, and says why it was refused
    List<ChatMessage> reask = outcome.modelCalls().get(1).getPrompt();
    assertThat(reask.get(reask.size() - 2).getContent()).hasSizeLessThan(2_200);
    assertThat(reask.get(reask.size() - 1).getContent()).contains("over the cap of 2000");
  }

  @Test
  void aHugeAnswerFollowedByAShortOneSucceedsOnTheReAsk() {
    StepRequest request = StepRequests.planRequest("task-1").build();
    StepWorker capped = new StepWorker(answering(PLAN_ANSWER + "y".repeat(5_000), PLAN_ANSWER), new PromptContracts(), role -> SPEC, 3,
        "worker-test", CLOCK, 2_000);

    StepOutcome.Answered outcome = (StepOutcome.Answered) capped.handle(request, 1);

    assertThat(outcome.result().getOk()).as(outcome.result().getError()).isTrue();
    assertThat(outcome.modelCalls()).extracting(ModelCall::getOk).containsExactly(false, true);
  }

  @Test
  void aCassetteTellsAReviewIterationsPlanFromTheFirstByItsFeedbackSection() {
    ModelClient replay = new ReplayModelClient(Cassette.parse("""
        interactions:
          - role: manager
            kind: plan
            contains: "## Review feedback (iteration 2)"
            response: |
              {"goal": "Handle null input", "steps": [{"id": "r2s1", "type": "code-edit", "description": "Greet null as a stranger", "files": ["src/main/java/demo/Hello.java"]}]}
          - role: manager
            kind: plan
            response: |
              {"goal": "Serve a greeting", "steps": [{"id": "s1", "type": "code-edit", "description": "Add Hello", "files": ["src/main/java/demo/Hello.java"]}]}
        """, "review-iteration.yaml"));
    PullRequestFeedback comment = PullRequestFeedback.newBuilder().setKey("github:review-comment:456").setType(PullRequestEventType.REVIEW_COMMENT)
        .setAuthor("alice").setBody("please also handle null input").setPath("src/main/java/demo/Hello.java").setLine(12).build();

    StepOutcome first = worker(replay).handle(StepRequests.planRequest("task-1").build(), 1);
    StepOutcome second = worker(replay).handle(StepRequests.planRequest("task-1").setIteration(2).setReviewFeedback(List.of(comment)).build(), 1);

    assertThat(((StepOutcome.Answered) first).result().getPlan().getGoal()).isEqualTo("Serve a greeting");
    StepResult result = ((StepOutcome.Answered) second).result();
    assertThat(result.getPlan().getSteps()).extracting(step -> step.getId()).containsExactly("r2s1");
    assertThat(result.getPromptVersion()).isEqualTo("manager.plan@6");
    assertThat(second.modelCalls().get(0).getPrompt().get(1).getContent())
        .contains("### 1. Review comment by alice on src/main/java/demo/Hello.java:12\n```\nplease also handle null input\n```");
  }
}

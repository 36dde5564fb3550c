package dev.agentline.worker.roles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.worker.StepRequests;
import dev.agentline.worker.contracts.PromptContracts;
import dev.agentline.worker.cost.CostTable;
import dev.agentline.worker.cost.Price;
import dev.agentline.worker.models.ModelClient;
import dev.agentline.worker.models.ModelException;
import dev.agentline.worker.models.ModelRequest;
import dev.agentline.worker.models.ModelResponse;
import dev.agentline.worker.models.TransientModelException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepWorkerTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private static final String PLAN_ANSWER = """
      ```json
      {"goal": "Serve a greeting", "steps": [{"id": "s1", "type": "code-edit", "description": "Add Hello", "files": ["Hello.java"]}]}
      ```""";

  private final List<ModelRequest> asked = new ArrayList<>();

  private StepWorker worker(ModelClient client) {
    return new StepWorker(client, new PromptContracts(), new CostTable(Map.of("gpt-4o", new Price(2.5, 10))), 3, "worker-test", CLOCK);
  }

  private ModelClient answering(String text) {
    return request -> {
      asked.add(request);
      return new ModelResponse(text, "openai", "gpt-4o", 1000, 200, Duration.ofMillis(420));
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
    assertThat(result.getUsage().getCostUsd()).isEqualTo((1000 * 2.5 + 200 * 10) / 1_000_000);
    assertThat(result.getMeta().getTaskId()).isEqualTo("task-1");
    assertThat(result.getMeta().getCausationId()).isEqualTo(request.getMeta().getEventId());
    assertThat(result.getMeta().getProducer()).isEqualTo("worker-test");
    assertThat(asked).singleElement().satisfies(call -> {
      assertThat(call.requestId()).isEqualTo("task-1/plan/1");
      assertThat(call.stepId()).isEqualTo("plan");
    });
  }

  @Test
  void theModelCallRecordsTheFullPromptRawAnswerAndLatency() {
    StepOutcome outcome = worker(answering(PLAN_ANSWER)).handle(StepRequests.planRequest("task-1").build(), 1);

    ModelCall call = outcome.modelCall().orElseThrow();
    assertThat(call.getPrompt()).extracting(ChatMessage::getRole).containsExactly("system", "user");
    assertThat(call.getPrompt().get(1).getContent()).contains("Title: " + StepRequests.TITLE);
    assertThat(call.getResponse()).isEqualTo(PLAN_ANSWER);
    assertThat(call.getProvider()).isEqualTo("openai");
    assertThat(call.getModel()).isEqualTo("gpt-4o");
    assertThat(call.getLatencyMs()).isEqualTo(420);
    assertThat(call.getOk()).isTrue();
    assertThat(call.getRequestId()).isEqualTo("task-1/plan/1");
  }

  @Test
  void anInvalidAnswerFailsTheStepWithTheReasonAndStillCountsItsTokens() {
    StepRequest request = StepRequests.executeRequest("task-1", Role.CODE_EDIT, "s1", 1).build();

    StepOutcome.Answered outcome = (StepOutcome.Answered) worker(answering("Nothing to do.")).handle(request, 1);

    assertThat(outcome.result().getOk()).isFalse();
    assertThat(outcome.result().getError()).isEqualTo("no SEARCH/REPLACE block or unified diff found in the answer");
    assertThat(outcome.result().getUsage().getOutputTokens()).isEqualTo(200);
    assertThat(outcome.modelCall().orElseThrow().getOk()).isFalse();
    assertThat(outcome.modelCall().orElseThrow().getError()).isEqualTo("no SEARCH/REPLACE block or unified diff found in the answer");
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
  void aTransientFailureIsRetriedWhileDeliveriesRemain() {
    StepWorker worker = worker(failing(new TransientModelException("HTTP 503 overloaded", "openai", "gpt-4o")));

    StepOutcome outcome = worker.handle(StepRequests.planRequest("task-1").build(), 2);

    assertThat(outcome).isInstanceOf(StepOutcome.Retry.class);
    assertThat(((StepOutcome.Retry) outcome).reason()).isEqualTo("HTTP 503 overloaded");
    assertThat(outcome.modelCall().orElseThrow().getOk()).isFalse();
    assertThat(outcome.modelCall().orElseThrow().getError()).isEqualTo("HTTP 503 overloaded");
  }

  @Test
  void aTransientFailureOnTheLastDeliveryFailsTheStep() {
    StepWorker worker = worker(failing(new TransientModelException("HTTP 503 overloaded", "openai", "gpt-4o")));

    StepOutcome.Answered outcome = (StepOutcome.Answered) worker.handle(StepRequests.planRequest("task-1").build(), 3);

    assertThat(outcome.result().getOk()).isFalse();
    assertThat(outcome.result().getError()).isEqualTo("model call failed after 3 deliveries: HTTP 503 overloaded");
    assertThat(outcome.modelCall().orElseThrow().getProvider()).isEqualTo("openai");
  }

  @Test
  void aPermanentFailureFailsTheStepAtOnce() {
    StepWorker worker = worker(failing(new ModelException("HTTP 401 Incorrect API key", "openai", "gpt-4o")));

    StepOutcome.Answered outcome = (StepOutcome.Answered) worker.handle(StepRequests.planRequest("task-1").build(), 1);

    assertThat(outcome.result().getError()).isEqualTo("model call failed: HTTP 401 Incorrect API key");
    assertThat(outcome.modelCall().orElseThrow().getResponse()).isEmpty();
  }

  @Test
  void aRoleAskedForAKindItHasNoContractForFailsWithoutCallingTheModel() {
    StepRequest request = StepRequests.planRequest("task-1").setRole(Role.CODE_EDIT).build();

    StepOutcome.Answered outcome = (StepOutcome.Answered) worker(answering(PLAN_ANSWER)).handle(request, 1);

    assertThat(outcome.result().getError()).isEqualTo("no prompt contract for role code-edit and kind plan");
    assertThat(outcome.modelCall()).isEmpty();
    assertThat(asked).isEmpty();
  }
}

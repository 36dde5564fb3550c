package dev.agentline.planner.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutstandingStepsTest {
  private final List<String> answered = new ArrayList<>();
  private final OutstandingSteps steps = OutstandingSteps.reportingTo((role, kind, took) -> answered.add(role + " " + kind + " " + took));

  private static StepRequest request(String requestId, Role role, StepKind kind) {
    StepRequest request = new StepRequest(); // only what the tracker reads
    request.setRequestId(requestId);
    request.setRole(role);
    request.setKind(kind);
    return request;
  }

  @Test
  void aRequestCountsUntilItsAnswerArrivesAndItsRequestToResultTimeIsReported() {
    steps.update("t-1", null, "t-1/analysis/1", List.of(request("t-1/analysis/1", Role.ANALYSIS, StepKind.ANALYZE)), 1_000);
    assertThat(steps.outstanding(Role.ANALYSIS)).isEqualTo(1);

    steps.update("t-1", "t-1/analysis/1", "t-1/plan/1", List.of(request("t-1/plan/1", Role.MANAGER, StepKind.PLAN)), 3_500);

    assertThat(steps.outstanding(Role.ANALYSIS)).isZero();
    assertThat(steps.outstanding(Role.MANAGER)).isEqualTo(1);
    assertThat(answered).containsExactly("ANALYSIS ANALYZE " + Duration.ofMillis(2_500));
  }

  @Test
  void aStaleAnswerNeitherEndsTheRequestNorIsTimed() {
    steps.update("t-1", null, "t-1/s1/2", List.of(request("t-1/s1/2", Role.CODE_EDIT, StepKind.EXECUTE)), 0);

    steps.update("t-1", "t-1/s1/1", "t-1/s1/2", List.of(), 10);

    assertThat(steps.outstanding(Role.CODE_EDIT)).isEqualTo(1);
    assertThat(answered).isEmpty();
  }

  @Test
  void aRequestTheTaskNoLongerWaitsForStopsCountingWithoutATime() {
    steps.update("t-1", null, "t-1/s1/1", List.of(request("t-1/s1/1", Role.TEST_WRITER, StepKind.EXECUTE)), 0);
    steps.update("t-2", null, "t-2/s1/1", List.of(request("t-2/s1/1", Role.TEST_WRITER, StepKind.EXECUTE)), 0);

    steps.update("t-1", null, "t-1/s1/1/apply", List.of(), 900_000); // timed out: the task moved on to a tool
    steps.update("t-2", null, null, List.of(), 900_000); // cancelled

    assertThat(steps.outstanding(Role.TEST_WRITER)).isZero();
    assertThat(answered).isEmpty();
  }

  @Test
  void aClosedTrackerCountsNothing() {
    steps.update("t-1", null, "t-1/review/1", List.of(request("t-1/review/1", Role.REVIEW, StepKind.REVIEW)), 0);

    steps.close();

    assertThat(steps.outstanding(Role.REVIEW)).isZero();
  }
}

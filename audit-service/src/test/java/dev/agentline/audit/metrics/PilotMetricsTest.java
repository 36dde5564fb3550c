package dev.agentline.audit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PilotMetricsTest {
  static final Instant NOW = Instant.parse("2030-01-15T12:00:00Z");
  static final Since WINDOW = Since.parse("14d", NOW);

  static TaskFacts task(String id, Double prSeconds, int testFailures, int revisions, double cost, long manager, long workers, String verdict) {
    return new TaskFacts(id, "ticket " + id, NOW.minusSeconds(3600), prSeconds == null ? "FAILED" : "DONE", prSeconds, testFailures, revisions, cost,
        manager, workers, verdict);
  }

  @Test
  void ticketToPrIsANearestRankDistributionOfTheTasksThatGotOne() {
    List<TaskFacts> tasks = List.of(
        task("a", 600.0, 0, 0, 0.01, 0, 0, "APPROVE"), task("b", 1800.0, 0, 0, 0.01, 0, 0, "APPROVE"),
        task("c", 900.0, 0, 0, 0.01, 0, 0, "APPROVE"), task("d", null, 0, 0, 0.01, 0, 0, null));

    PilotReport report = PilotMetrics.compute(WINDOW, NOW, tasks, List.of());

    assertThat(report.tasks()).isEqualTo(4);
    assertThat(report.tasksWithPr()).isEqualTo(3);
    assertThat(report.ticketToPrSeconds()).isEqualTo(new PilotReport.Distribution(3, 1100.0, 900.0, 1800.0, 1800.0));
  }

  @Test
  void countsPerTaskRevisionsReviewsCostAndTokenShare() {
    List<TaskFacts> tasks = List.of(
        task("a", 600.0, 0, 0, 0.0132, 2102, 2326, "APPROVE"),
        task("b", 1800.0, 3, 1, 0.0300, 4000, 1000, "REQUEST_CHANGES"),
        task("c", null, 1, 0, 0.0050, 500, 1572, null));

    PilotReport report = PilotMetrics.compute(WINDOW, NOW, tasks, List.of());

    assertThat(report.testFailures()).isEqualTo(new PilotReport.PerTask(4, 1.3333, 2));
    assertThat(report.planRevisions()).isEqualTo(new PilotReport.PerTask(1, 0.3333, 1));
    assertThat(report.reviews()).isEqualTo(new PilotReport.Reviews(1, 1, 1));
    assertThat(report.costPerTaskUsd()).isEqualTo(new PilotReport.Distribution(3, 0.016067, 0.0132, 0.03, 0.03));
    assertThat(report.totalCostUsd()).isEqualTo(0.0482);
    assertThat(report.tokens()).isEqualTo(new PilotReport.TokenShare(6602, 4898, 0.5741, 0.4259));
  }

  @Test
  void failureRateIsFailuresOverAttemptsPerRoleAndNullWithoutAttempts() {
    PilotReport report = PilotMetrics.compute(WINDOW, NOW, List.of(),
        List.of(new RoleAttempts("TEST_WRITER", 3, 1, Map.of("TESTS_FAILED", 1L)),
            new RoleAttempts("CODE_EDIT", 5, 3, Map.of("MODEL_ERROR", 1L, "TESTS_FAILED", 2L)),
            new RoleAttempts("REVIEW", 0, 1, Map.of("STEP_TIMEOUT", 1L))));

    assertThat(report.workerFailures()).containsExactly(
        new PilotReport.RoleRate("CODE_EDIT", 5, 3, 0.6, Map.of("TESTS_FAILED", 2L, "MODEL_ERROR", 1L)),
        new PilotReport.RoleRate("REVIEW", 0, 1, null, Map.of("STEP_TIMEOUT", 1L)),
        new PilotReport.RoleRate("TEST_WRITER", 3, 1, 0.3333, Map.of("TESTS_FAILED", 1L)));
  }

  @Test
  void aRolesFailureReasonsComeMostFrequentFirst() {
    PilotReport report = PilotMetrics.compute(WINDOW, NOW, List.of(),
        List.of(new RoleAttempts("CODE_EDIT", 9, 6, Map.of("MODEL_ERROR", 1L, "TESTS_FAILED", 3L, "EDITS_NOT_APPLIED", 1L, "STEP_TIMEOUT", 1L))));

    assertThat(report.workerFailures().get(0).reasons().keySet())
        .containsExactly("TESTS_FAILED", "EDITS_NOT_APPLIED", "MODEL_ERROR", "STEP_TIMEOUT");
  }

  @Test
  void everyTaskOfTheWindowIsAPointOldestFirstWithItsTimeToPrAndCost() {
    List<TaskFacts> tasks = List.of(
        new TaskFacts("late", "Late ticket", NOW.minusSeconds(60), "EXECUTING", null, 0, 0, 0.002, 10, 20, null),
        new TaskFacts("early", "Early ticket", NOW.minusSeconds(7200), "DONE", 900.0, 1, 0, 0.03, 100, 200, "APPROVE"));

    PilotReport report = PilotMetrics.compute(WINDOW, NOW, tasks, List.of());

    assertThat(report.taskPoints()).containsExactly(
        new PilotReport.TaskPoint("early", "Early ticket", NOW.minusSeconds(7200), "DONE", 900.0, 0.03),
        new PilotReport.TaskPoint("late", "Late ticket", NOW.minusSeconds(60), "EXECUTING", null, 0.002));
  }

  @Test
  void anEmptyWindowHasZeroCountsAndNoFigures() {
    PilotReport report = PilotMetrics.compute(WINDOW, NOW, List.of(), List.of());

    assertThat(report.tasks()).isZero();
    assertThat(report.ticketToPrSeconds()).isEqualTo(new PilotReport.Distribution(0, null, null, null, null));
    assertThat(report.testFailures()).isEqualTo(new PilotReport.PerTask(0, 0, 0));
    assertThat(report.tokens()).isEqualTo(new PilotReport.TokenShare(0, 0, null, null));
    assertThat(report.from()).isEqualTo(Instant.parse("2030-01-01T12:00:00Z"));
    assertThat(report.since()).isEqualTo("14d");
    assertThat(report.taskPoints()).isEmpty();
    assertThat(report.workerFailures()).isEmpty();
  }
}

package dev.agentline.audit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.audit.baseline.BaselinePullRequest;
import dev.agentline.audit.metrics.ComparisonReport.Figure;
import dev.agentline.audit.metrics.ComparisonReport.MisplannedTask;
import dev.agentline.audit.metrics.PilotReport.Distribution;
import dev.agentline.audit.metrics.PilotReport.PerTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  static final Instant NOW = Instant.parse("2030-02-01T12:00:00Z");
  static final Since PERIOD = Since.parse("28d", NOW);

  static ReportTask task(String id, int hoursAgo, Double prSeconds, int comments, int ciFailures, int iterations, String outcome,
      double cost, int revisions, int rejections, int takeovers, int handbacks) {
    return new ReportTask(id, "ticket " + id, NOW.minus(Duration.ofHours(hoursAgo)), outcome == null ? "FAILED" : outcome,
        prSeconds, comments, ciFailures, iterations, outcome, cost, revisions, rejections, takeovers, handbacks);
  }

  static final List<ReportTask> TASKS = List.of(
      task("merged-clean", 50, 600.0, 0, 0, 1, "MERGED", 0.02, 0, 0, 0, 0),
      task("merged-after-review", 40, 1200.0, 3, 1, 2, "MERGED", 0.06, 1, 0, 0, 0),
      task("closed-after-takeover", 30, 1800.0, 2, 2, 3, "CLOSED", 0.08, 0, 1, 1, 1),
      task("still-open", 20, 2400.0, 1, 0, 1, "OPEN", 0.01, 0, 0, 0, 0),
      task("no-pr", 10, null, 0, 0, 1, null, 0.03, 2, 1, 0, 0));

  static BaselinePullRequest human(int number, Duration ready, int comments, int ciFailures, boolean merged, boolean closed) {
    Instant created = NOW.minus(Duration.ofDays(40)).plus(Duration.ofHours(number));
    return new BaselinePullRequest("acme/billing", number, "https://github.com/acme/billing/pull/" + number, "dev" + number, created,
        closed || merged ? created.plus(Duration.ofDays(1)) : null, merged ? created.plus(Duration.ofDays(1)) : null, comments,
        ciFailures, ready);
  }

  static final List<BaselinePullRequest> HUMANS = List.of(
      human(1, Duration.ofHours(5), 4, 1, true, true),
      human(2, Duration.ofHours(20), 6, 0, true, true),
      human(3, null, 2, 2, false, true),
      human(4, Duration.ofHours(2), 0, 0, false, false));

  static Map<String, Figure> byKey(ComparisonReport report) {
    return report.figures().stream().collect(Collectors.toMap(Figure::key, Function.identity()));
  }

  @Test
  void agentlinesSideCountsItsPullRequestsNotTheTasksThatOpenedNone() {
    ComparisonReport report = Comparison.compute(PERIOD, NOW, TASKS, List.of(), null);

    ComparisonReport.Side a = report.agentline();
    assertThat(a.tasks()).isEqualTo(5);
    assertThat(a.pullRequests()).isEqualTo(4);
    assertThat(a.ticketToPrSeconds()).isEqualTo(new Distribution(4, 1500.0, 1200.0, 2400.0, 2400.0));
    assertThat(a.reviewCommentsPerPr()).isEqualTo(1.5);
    assertThat(a.ciFailuresPerPr()).isEqualTo(0.75);
    assertThat(a.iterationsPerPr()).isEqualTo(1.75);
    assertThat(List.of(a.merged(), a.closed(), a.open())).containsExactly(2, 1, 1);
    assertThat(a.mergeRate()).isEqualTo(0.6667);
    // every task's cost (the one without a PR too) over the merged PRs
    assertThat(a.costPerMergedPrUsd()).isEqualTo(0.1);
    assertThat(a.takeovers()).isEqualTo(1);
    assertThat(report.human()).isNull();
    assertThat(report.baseline()).isNull();
    assertThat(report.pullRequests()).extracting(ComparisonReport.PrPoint::taskId)
        .containsExactly("merged-clean", "merged-after-review", "closed-after-takeover", "still-open");
  }

  @Test
  void misplanningListsTheTasksWithRevisedOrRejectedPlansMostFirst() {
    ComparisonReport report = Comparison.compute(PERIOD, NOW, TASKS, List.of(), null);

    assertThat(report.misplanning().planRevisions()).isEqualTo(new PerTask(3, 0.6, 2));
    assertThat(report.misplanning().planRejections()).isEqualTo(new PerTask(2, 0.4, 2));
    assertThat(report.misplanning().tasks()).containsExactly(
        new MisplannedTask("no-pr", "ticket no-pr", 2, 1),
        new MisplannedTask("merged-after-review", "ticket merged-after-review", 1, 0),
        new MisplannedTask("closed-after-takeover", "ticket closed-after-takeover", 0, 1));
    assertThat(report.takeovers()).isEqualTo(new ComparisonReport.Takeovers(1, 1, List.of("closed-after-takeover")));
  }

  @Test
  void workerRolesComeMostFailuresFirst() {
    ComparisonReport report = Comparison.compute(PERIOD, NOW, TASKS,
        List.of(new RoleAttempts("CODE_EDIT", 10, 2, Map.of("TESTS_FAILED", 2L)),
            new RoleAttempts("TEST_WRITER", 4, 3, Map.of("MODEL_ERROR", 3L)),
            new RoleAttempts("MANAGER", 6, 0, Map.of())), null);

    assertThat(report.workerFailures()).extracting(PilotReport.RoleRate::role).containsExactly("TEST_WRITER", "CODE_EDIT", "MANAGER");
    assertThat(byKey(report).get("worker_failure_rate.TEST_WRITER").agentline()).isEqualTo(0.75);
  }

  @Test
  void theBaselineHasTheFiguresAHumanPullRequestHasAndNoneOfTheOthers() {
    ComparisonReport report = Comparison.compute(PERIOD, NOW, TASKS, List.of(),
        new Comparison.BaselineInput(NOW.minus(Duration.ofDays(56)), PERIOD.start(), true, HUMANS));

    ComparisonReport.Side b = report.human();
    assertThat(b.pullRequests()).isEqualTo(4);
    assertThat(b.ticketToPrSeconds()).isEqualTo(new Distribution(3, 32400.0, 18000.0, 72000.0, 72000.0));
    assertThat(b.reviewCommentsPerPr()).isEqualTo(3.0);
    assertThat(b.ciFailuresPerPr()).isEqualTo(0.75);
    assertThat(List.of(b.merged(), b.closed(), b.open())).containsExactly(2, 1, 1);
    assertThat(b.mergeRate()).isEqualTo(0.6667);
    assertThat(b.costPerMergedPrUsd()).isNull();
    assertThat(b.iterationsPerPr()).isNull();
    assertThat(b.takeovers()).isNull();
    assertThat(report.baseline()).isEqualTo(new ComparisonReport.Baseline(NOW.minus(Duration.ofDays(56)), PERIOD.start(), true, 4));
    Map<String, Figure> figures = byKey(report);
    assertThat(figures.get("review_comments_per_pr")).isEqualTo(new Figure("review_comments_per_pr", "Review comments per PR", 1.5, 3.0));
    assertThat(figures.get("ticket_to_pr_p50_seconds").baseline()).isEqualTo(18000.0);
    assertThat(figures.get("cost_per_merged_pr_usd").baseline()).isNull();
    assertThat(report.baselinePullRequests()).extracting(ComparisonReport.BaselinePoint::outcome)
        .containsExactly("MERGED", "MERGED", "CLOSED", "OPEN");
  }

  @Test
  void aBaselineAskedForWithoutACodeHostShowsNoBaselineFigures() {
    ComparisonReport report = Comparison.compute(PERIOD, NOW, TASKS, List.of(),
        new Comparison.BaselineInput(NOW.minus(Duration.ofDays(56)), PERIOD.start(), false, List.of()));

    assertThat(report.baseline().configured()).isFalse();
    assertThat(report.human()).isNull();
    assertThat(report.figures()).allSatisfy(f -> assertThat(f.baseline()).isNull());
  }

  @Test
  void anEmptyPeriodHasCountsOfZeroAndNoRates() {
    ComparisonReport report = Comparison.compute(PERIOD, NOW, List.of(), List.of(), null);

    assertThat(report.agentline().pullRequests()).isZero();
    assertThat(report.agentline().mergeRate()).isNull();
    assertThat(report.agentline().costPerMergedPrUsd()).isNull();
    assertThat(report.agentline().reviewCommentsPerPr()).isNull();
    assertThat(report.from()).isEqualTo(Instant.parse("2030-01-04T12:00:00Z"));
  }

  @Test
  void theCsvHasOneRowPerFigureWithEmptyCellsWhereASideHasNone() {
    ComparisonReport report = Comparison.compute(PERIOD, NOW, TASKS, List.of(new RoleAttempts("CODE_EDIT", 10, 2, Map.of())),
        new Comparison.BaselineInput(NOW.minus(Duration.ofDays(56)), PERIOD.start(), true, HUMANS));

    String[] lines = ComparisonCsv.of(report).split("\r\n");

    assertThat(lines[0]).isEqualTo("metric,label,agentline,baseline");
    assertThat(lines).hasSize(report.figures().size() + 1)
        .contains("tasks,Tasks submitted,5,", "pull_requests,Pull requests,4,4", "review_comments_per_pr,Review comments per PR,1.5,3",
            "merge_rate,Merge rate (merged / ended),0.6667,0.6667", "cost_per_merged_pr_usd,\"Cost per merged PR, USD\",0.1,",
            "ticket_to_pr_p50_seconds,\"Time to PR ready p50, s (baseline: first commit to ready)\",1200,18000",
            "worker_failure_rate.CODE_EDIT,Failure rate of CODE_EDIT,0.2,");
  }
}

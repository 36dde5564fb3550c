package dev.agentline.audit.metrics;

import dev.agentline.audit.baseline.BaselinePullRequest;
import dev.agentline.audit.metrics.ComparisonReport.Baseline;
import dev.agentline.audit.metrics.ComparisonReport.BaselinePoint;
import dev.agentline.audit.metrics.ComparisonReport.Figure;
import dev.agentline.audit.metrics.ComparisonReport.MisplannedTask;
import dev.agentline.audit.metrics.ComparisonReport.Misplanning;
import dev.agentline.audit.metrics.ComparisonReport.PrPoint;
import dev.agentline.audit.metrics.ComparisonReport.Side;
import dev.agentline.audit.metrics.ComparisonReport.Takeovers;
import dev.agentline.audit.metrics.PilotReport.Distribution;
import dev.agentline.audit.metrics.PilotReport.RoleRate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The pilot report's figures (issue 11 §5) from the period's tasks and the baseline's pull requests: time from ticket to
 * PR ready, review comments and CI failures per PR, merge rate, cost per merged PR, iterations per PR, takeovers, where
 * the manager mis-planned and which worker roles failed most. Pure: no database, no clock, no code host.
 */
public final class Comparison {
  private Comparison() {}

  /**
   * The baseline to compare with.
   *
   * @param configured whether a code host is configured; when not, {@code pullRequests} is empty and no figure is shown
   */
  public record BaselineInput(Instant from, Instant until, boolean configured, List<BaselinePullRequest> pullRequests) {
    public BaselineInput {
      pullRequests = List.copyOf(pullRequests);
    }
  }

  /**
   * @param tasks the tasks submitted in the period
   * @param roles the worker roles' attempts and failures of the period
   * @param baseline null when no baseline was asked for
   */
  public static ComparisonReport compute(Since since, Instant until, List<ReportTask> tasks, List<RoleAttempts> roles,
      BaselineInput baseline) {
    List<ReportTask> ordered = tasks.stream()
        .sorted(Comparator.comparing(ReportTask::submittedAt).thenComparing(ReportTask::taskId)).toList();
    Side agentline = agentline(ordered);
    Side human = baseline == null || !baseline.configured() ? null : human(baseline.pullRequests());
    Misplanning misplanning = misplanning(ordered);
    List<RoleRate> workerFailures = PilotMetrics.roleRates(roles).stream()
        .sorted(Comparator.comparingLong(RoleRate::failures).reversed().thenComparing(RoleRate::role)).toList();
    List<ReportTask> takenOver = ordered.stream().filter(t -> t.takeovers() > 0).toList();
    Takeovers takeovers = new Takeovers(sum(ordered, ReportTask::takeovers), sum(ordered, ReportTask::handbacks),
        takenOver.stream().map(ReportTask::taskId).toList());
    return new ComparisonReport(
        since.text(), since.start(), until,
        baseline == null ? null : new Baseline(baseline.from(), baseline.until(), baseline.configured(), baseline.pullRequests().size()),
        agentline, human, misplanning, workerFailures, takeovers,
        figures(agentline, human, misplanning, workerFailures, takeovers),
        ordered.stream().filter(ReportTask::hasPullRequest)
            .map(t -> new PrPoint(t.taskId(), t.title(), t.submittedAt(), t.ticketToPrSeconds(), t.reviewComments(), t.ciFailures(),
                t.iterations(), t.outcome(), t.costUsd()))
            .toList(),
        baseline == null ? List.of() : baseline.pullRequests().stream()
            .sorted(Comparator.comparing(BaselinePullRequest::createdAt).thenComparing(BaselinePullRequest::number))
            .map(p -> new BaselinePoint(p.repository(), p.number(), p.url(), p.createdAt(),
                p.firstCommitToReady() == null ? null : p.firstCommitToReady().toMillis() / 1000.0, p.reviewComments(),
                p.ciFailures(), outcome(p)))
            .toList());
  }

  private static Side agentline(List<ReportTask> tasks) {
    List<ReportTask> prs = tasks.stream().filter(ReportTask::hasPullRequest).toList();
    int merged = (int) prs.stream().filter(t -> "MERGED".equals(t.outcome())).count();
    int closed = (int) prs.stream().filter(t -> "CLOSED".equals(t.outcome())).count();
    double cost = tasks.stream().mapToDouble(ReportTask::costUsd).sum();
    return new Side(tasks.size(), prs.size(),
        PilotMetrics.distribution(prs.stream().map(ReportTask::ticketToPrSeconds).filter(Objects::nonNull).toList(), 1),
        perPr(prs, ReportTask::reviewComments), perPr(prs, ReportTask::ciFailures),
        merged, closed, prs.size() - merged - closed, rate(merged, merged + closed),
        merged == 0 ? null : PilotMetrics.round(cost / merged, 6),
        perPr(prs, ReportTask::iterations), sum(tasks, ReportTask::takeovers));
  }

  private static Side human(List<BaselinePullRequest> prs) {
    int merged = (int) prs.stream().filter(BaselinePullRequest::merged).count();
    int closed = (int) prs.stream().filter(p -> !p.merged() && p.closedAt() != null).count();
    return new Side(0, prs.size(),
        PilotMetrics.distribution(prs.stream().map(BaselinePullRequest::firstCommitToReady).filter(Objects::nonNull)
            .map(d -> d.toMillis() / 1000.0).toList(), 1),
        perPr(prs, BaselinePullRequest::reviewComments), perPr(prs, BaselinePullRequest::ciFailures),
        merged, closed, prs.size() - merged - closed, rate(merged, merged + closed), null, null, null);
  }

  private static Misplanning misplanning(List<ReportTask> tasks) {
    List<MisplannedTask> misplanned = tasks.stream()
        .filter(t -> t.planRevisions() + t.planRejections() > 0)
        .sorted(Comparator.comparingInt((ReportTask t) -> t.planRevisions() + t.planRejections()).reversed()
            .thenComparing(ReportTask::submittedAt))
        .map(t -> new MisplannedTask(t.taskId(), t.title(), t.planRevisions(), t.planRejections()))
        .toList();
    return new Misplanning(PilotMetrics.perTaskOf(tasks, ReportTask::planRevisions),
        PilotMetrics.perTaskOf(tasks, ReportTask::planRejections), misplanned);
  }

  private static List<Figure> figures(Side a, Side b, Misplanning misplanning, List<RoleRate> workerFailures, Takeovers takeovers) {
    List<Figure> figures = new ArrayList<>();
    figures.add(new Figure("tasks", "Tasks submitted", (double) a.tasks(), null));
    figures.add(both("pull_requests", "Pull requests", a, b, s -> (double) s.pullRequests()));
    figures.add(both("ticket_to_pr_p50_seconds", "Time to PR ready p50, s (baseline: first commit to ready)", a, b,
        s -> s.ticketToPrSeconds().p50()));
    figures.add(both("ticket_to_pr_p90_seconds", "Time to PR ready p90, s (baseline: first commit to ready)", a, b,
        s -> s.ticketToPrSeconds().p90()));
    figures.add(both("review_comments_per_pr", "Review comments per PR", a, b, Side::reviewCommentsPerPr));
    figures.add(both("ci_failures_per_pr", "CI failures per PR", a, b, Side::ciFailuresPerPr));
    figures.add(both("merged", "Merged PRs", a, b, s -> (double) s.merged()));
    figures.add(both("closed", "Closed PRs (not merged)", a, b, s -> (double) s.closed()));
    figures.add(both("open", "Open PRs", a, b, s -> (double) s.open()));
    figures.add(both("merge_rate", "Merge rate (merged / ended)", a, b, Side::mergeRate));
    figures.add(new Figure("cost_per_merged_pr_usd", "Cost per merged PR, USD", a.costPerMergedPrUsd(), null));
    figures.add(new Figure("iterations_per_pr", "Iterations per PR", a.iterationsPerPr(), null));
    figures.add(new Figure("plan_revisions_per_task", "Plan revisions per task", misplanning.planRevisions().perTask(), null));
    figures.add(new Figure("plan_rejections_per_task", "Rejected plans per task", misplanning.planRejections().perTask(), null));
    figures.add(new Figure("tasks_misplanned", "Tasks with a revised or rejected plan", (double) misplanning.tasks().size(), null));
    figures.add(new Figure("takeovers", "Takeovers", (double) takeovers.takeovers(), null));
    figures.add(new Figure("handbacks", "Hand-backs", (double) takeovers.handbacks(), null));
    for (RoleRate role : workerFailures) {
      figures.add(new Figure("worker_failures." + role.role(), "Failed attempts of " + role.role(), (double) role.failures(), null));
      figures.add(new Figure("worker_failure_rate." + role.role(), "Failure rate of " + role.role(), role.rate(), null));
    }
    return List.copyOf(figures);
  }

  private static Figure both(String key, String label, Side agentline, Side baseline, Function<Side, Double> value) {
    return new Figure(key, label, value.apply(agentline), baseline == null ? null : value.apply(baseline));
  }

  private static String outcome(BaselinePullRequest pr) {
    return pr.merged() ? "MERGED" : pr.closedAt() != null ? "CLOSED" : "OPEN";
  }

  private static <T> Double perPr(List<T> prs, ToIntFunction<T> count) {
    if (prs.isEmpty()) return null;
    return PilotMetrics.round((double) prs.stream().mapToLong(count::applyAsInt).sum() / prs.size(), 4);
  }

  private static Double rate(int part, int whole) {
    return whole == 0 ? null : PilotMetrics.round((double) part / whole, 4);
  }

  private static <T> int sum(List<T> items, ToIntFunction<T> count) {
    return items.stream().mapToInt(count).sum();
  }
}

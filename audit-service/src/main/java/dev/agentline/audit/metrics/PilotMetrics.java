package dev.agentline.audit.metrics;

import dev.agentline.audit.metrics.PilotReport.Distribution;
import dev.agentline.audit.metrics.PilotReport.PerTask;
import dev.agentline.audit.metrics.PilotReport.Reviews;
import dev.agentline.audit.metrics.PilotReport.RoleRate;
import dev.agentline.audit.metrics.PilotReport.TaskPoint;
import dev.agentline.audit.metrics.PilotReport.TokenShare;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The pilot metrics of the seed (time from ticket to PR ready, test/CI failures per task, plan
 * revisions per task, worker failure rate by role, review outcome, cost per task, manager versus
 * worker token share), computed from the analyst views' rows, with the tasks they are made of (the
 * console draws its charts from them). Pure: no database, no clock.
 */
public final class PilotMetrics {
  private PilotMetrics() {}

  /** The report of the tasks and role attempts of one window; {@code tasks} should be those submitted since {@code since}. */
  public static PilotReport compute(Since since, Instant until, List<TaskFacts> tasks, List<RoleAttempts> roles) {
    List<Double> prTimes = tasks.stream().map(TaskFacts::ticketToPrSeconds).filter(Objects::nonNull).toList();
    List<Double> costs = tasks.stream().map(TaskFacts::costUsd).toList();
    long manager = tasks.stream().mapToLong(TaskFacts::managerTokens).sum();
    long workers = tasks.stream().mapToLong(TaskFacts::workerTokens).sum();
    long allTokens = manager + workers;
    return new PilotReport(
        since.text(), since.start(), until, tasks.size(), prTimes.size(),
        distribution(prTimes, 1),
        perTask(tasks, TaskFacts::testFailures),
        perTask(tasks, TaskFacts::planRevisions),
        roleRates(roles),
        new Reviews(count(tasks, "APPROVE"), count(tasks, "REQUEST_CHANGES"), count(tasks, null)),
        distribution(costs, 6),
        round(costs.stream().mapToDouble(Double::doubleValue).sum(), 6),
        new TokenShare(manager, workers,
            allTokens == 0 ? null : round((double) manager / allTokens, 4),
            allTokens == 0 ? null : round((double) workers / allTokens, 4)),
        tasks.stream()
            .sorted(Comparator.comparing(TaskFacts::submittedAt).thenComparing(TaskFacts::taskId))
            .map(t -> new TaskPoint(t.taskId(), t.title(), t.submittedAt(), t.status(), t.ticketToPrSeconds(), t.costUsd()))
            .toList());
  }

  /** Each role's failed attempts against its attempts, by role name. */
  static List<RoleRate> roleRates(List<RoleAttempts> roles) {
    return roles.stream()
        .sorted(Comparator.comparing(RoleAttempts::role))
        .map(r -> new RoleRate(r.role(), r.attempts(), r.failures(),
            r.attempts() == 0 ? null : round((double) r.failures() / r.attempts(), 4), mostFirst(r.reasons())))
        .toList();
  }

  private static Map<String, Long> mostFirst(Map<String, Long> counts) {
    Map<String, Long> sorted = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return Collections.unmodifiableMap(sorted);
  }

  /** Nearest-rank percentile of sorted values: the smallest value at or above which lie {@code q} of them. */
  static double percentile(List<Double> sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  static Distribution distribution(List<Double> values, int decimals) {
    if (values.isEmpty()) return new Distribution(0, null, null, null, null);
    List<Double> sorted = values.stream().sorted().toList();
    double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    return new Distribution(sorted.size(), round(mean, decimals), round(percentile(sorted, 0.5), decimals),
        round(percentile(sorted, 0.9), decimals), round(sorted.get(sorted.size() - 1), decimals));
  }

  private static PerTask perTask(List<TaskFacts> tasks, ToIntFunction<TaskFacts> count) {
    return perTaskOf(tasks, count);
  }

  static <T> PerTask perTaskOf(List<T> tasks, ToIntFunction<T> count) {
    long total = tasks.stream().mapToLong(count::applyAsInt).sum();
    int withAny = (int) tasks.stream().filter(t -> count.applyAsInt(t) > 0).count();
    return new PerTask(total, tasks.isEmpty() ? 0 : round((double) total / tasks.size(), 4), withAny);
  }

  private static int count(List<TaskFacts> tasks, String verdict) {
    return (int) tasks.stream().filter(t -> Objects.equals(t.reviewVerdict(), verdict)).count();
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}

package dev.agentline.audit.metrics;

import dev.agentline.schemas.Role;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The pilot metrics as gauges (Prometheus: {@code /actuator/prometheus}), over the configured window
 * ({@code agentline.audit.metrics.window}). The figures are recomputed from the views on a scrape when
 * they are older than {@code agentline.audit.metrics.refresh}; a figure that does not exist yet (no
 * pull request opened, no tokens spent) is NaN.
 */
@Component
class PilotGauges {
  static final String PREFIX = "agentline.pilot.";

  private final PilotQueries queries;
  private final MetricsProperties properties;
  private final Clock clock = Clock.systemUTC();
  private PilotReport report;
  private Instant computedAt = Instant.MIN;

  PilotGauges(PilotQueries queries, MetricsProperties properties, MeterRegistry registry) {
    this.queries = queries;
    this.properties = properties;
    gauge(registry, "tasks", "Tasks submitted in the window", r -> r.tasks());
    gauge(registry, "tasks.with.pr", "Tasks of the window whose pull request was opened", r -> r.tasksWithPr());
    distribution(registry, "ticket.to.pr.seconds", "Time from ticket to pull request ready, seconds", PilotReport::ticketToPrSeconds);
    distribution(registry, "cost.per.task.usd", "Model cost per task, USD", PilotReport::costPerTaskUsd);
    gauge(registry, "test.failures.per.task", "Failed test and lint runs per task", r -> r.testFailures().perTask());
    gauge(registry, "plan.revisions.per.task", "Plan revisions per task (mis-plans)", r -> r.planRevisions().perTask());
    gauge(registry, "cost.usd", "Model cost of the window's tasks, USD", r -> r.totalCostUsd());
    for (Role role : Role.values()) {
      Gauge.builder(PREFIX + "worker.failure.rate", this, g -> value(g.current(), r -> r.workerFailures().stream()
              .filter(f -> f.role().equals(role.name())).findFirst().map(PilotReport.RoleRate::rate).orElse(null)))
          .description("Failed step attempts / step attempts of a role").tag("role", role.name()).register(registry);
    }
    Gauge.builder(PREFIX + "reviews", this, g -> g.current().reviews().approve())
        .description("Review verdicts on the final diff").tag("verdict", "APPROVE").register(registry);
    Gauge.builder(PREFIX + "reviews", this, g -> g.current().reviews().requestChanges())
        .description("Review verdicts on the final diff").tag("verdict", "REQUEST_CHANGES").register(registry);
    Gauge.builder(PREFIX + "token.share", this, g -> value(g.current(), r -> r.tokens().managerShare()))
        .description("Share of the tokens spent by a side").tag("side", "manager").register(registry);
    Gauge.builder(PREFIX + "token.share", this, g -> value(g.current(), r -> r.tokens().workerShare()))
        .description("Share of the tokens spent by a side").tag("side", "workers").register(registry);
  }

  /** The report of the window, recomputed when older than the refresh interval. */
  synchronized PilotReport current() {
    Instant now = clock.instant();
    if (report == null || !computedAt.plus(properties.refresh()).isAfter(now)) {
      report = queries.report(Since.parse(properties.since(), now), now);
      computedAt = now;
    }
    return report;
  }

  private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<PilotReport> value) {
    Gauge.builder(PREFIX + name, this, g -> value.applyAsDouble(g.current())).description(description).register(registry);
  }

  private void distribution(MeterRegistry registry, String name, String description, Function<PilotReport, PilotReport.Distribution> of) {
    for (String stat : new String[] {"p50", "p90", "max", "mean"}) {
      Gauge.builder(PREFIX + name, this, g -> value(g.current(), r -> {
            PilotReport.Distribution d = of.apply(r);
            return switch (stat) {
              case "p50" -> d.p50();
              case "p90" -> d.p90();
              case "max" -> d.max();
              default -> d.mean();
            };
          }))
          .description(description).tag("stat", stat).register(registry);
    }
  }

  private static double value(PilotReport report, Function<PilotReport, Double> figure) {
    Double value = figure.apply(report);
    return Objects.requireNonNullElse(value, Double.NaN);
  }
}

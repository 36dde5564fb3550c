package dev.agentline.cli;

import dev.agentline.planner.metrics.PlannerMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The planner's own step timer ({@value PlannerMetrics#STEP_DURATION}: from the decision that emits a StepRequest
 * to the processing of its StepResult, in the planner's stream thread) read as percentiles. With an instant model
 * that time is the orchestration overhead of a step: the planner's exactly-once commit, the worker's share fetch,
 * its answer, the planner's next poll. The timer is made one series (role and kind dropped) with exact percentiles
 * (HdrHistogram, 3 significant digits, no decay) for the benchmark only; {@link #reset()} starts a new sample.
 */
final class StepTimes {
  private final MeterRegistry registry;

  /** Configures the planner's registry; call before the first step. */
  StepTimes(MeterRegistry registry) {
    this.registry = registry;
    registry.config().meterFilter(MeterFilter.ignoreTags("role", "kind")).meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(PlannerMetrics.STEP_DURATION)) return config;
        return DistributionStatisticConfig.builder().percentiles(0.5, 0.99).percentilePrecision(3)
            .expiry(Duration.ofDays(1)).bufferLength(1).build().merge(config);
      }
    });
  }

  /** Percentiles of the steps since the last reset. */
  Sample sample() {
    Timer timer = registry.find(PlannerMetrics.STEP_DURATION).timer();
    if (timer == null) return new Sample(0, 0, 0, 0);
    HistogramSnapshot snapshot = timer.takeSnapshot();
    double p50 = 0;
    double p99 = 0;
    for (ValueAtPercentile v : snapshot.percentileValues()) {
      if (v.percentile() == 0.5) p50 = v.value(TimeUnit.MILLISECONDS);
      if (v.percentile() == 0.99) p99 = v.value(TimeUnit.MILLISECONDS);
    }
    return new Sample(snapshot.count(), p50, p99, snapshot.max(TimeUnit.MILLISECONDS));
  }

  /** Forgets the steps so far. */
  void reset() {
    registry.find(PlannerMetrics.STEP_DURATION).meters().forEach(registry::remove);
  }

  /** Steps counted and their request → result percentiles, in milliseconds. */
  record Sample(long steps, double p50, double p99, double max) {
    String format() {
      return String.format(Locale.ROOT, "p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d steps)", p50, p99, max, steps);
    }
  }
}

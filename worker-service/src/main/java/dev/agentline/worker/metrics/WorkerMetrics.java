package dev.agentline.worker.metrics;

import dev.agentline.schemas.Role;
import dev.agentline.worker.roles.Roles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The worker's meters, one observation per model call:
 * <ul>
 *   <li>{@value #LATENCY} timer by {@code role}, {@code model}, {@code provider}, {@code outcome}
 *       ({@code ok}: the model answered, whatever the contract later says of the answer; {@code error}: it did not);
 *   <li>{@value #TOKENS} counter by {@code role}, {@code model}, {@code direction} ({@code input} | {@code output});
 *   <li>{@value #COST} counter (USD, priced by the role's model spec) by {@code role}, {@code model}.
 * </ul>
 */
public final class WorkerMetrics {
  public static final String LATENCY = "agentline.model.latency";
  public static final String TOKENS = "agentline.model.tokens";
  public static final String COST = "agentline.model.cost";
  public static final String OK = "ok";
  public static final String ERROR = "error";

  private final MeterRegistry registry;

  public WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A call the model answered: its latency, tokens and cost. */
  public void answered(Role role, String provider, String model, Duration latency, long inputTokens, long outputTokens, double costUsd) {
    latency(role, provider, model, OK).record(latency);
    tokens(role, model, "input").increment(inputTokens);
    tokens(role, model, "output").increment(outputTokens);
    Counter.builder(COST).description("Model cost, USD").baseUnit("usd")
        .tag("role", Roles.slug(role)).tag("model", model).register(registry).increment(costUsd);
  }

  /** A call that failed (after the retries inside one delivery): only its latency. */
  public void failed(Role role, String provider, String model, Duration latency) {
    latency(role, provider, model, ERROR).record(latency);
  }

  private Timer latency(Role role, String provider, String model, String outcome) {
    return Timer.builder(LATENCY).description("Model call latency, retries within one delivery included")
        .tag("role", Roles.slug(role)).tag("model", model).tag("provider", provider).tag("outcome", outcome)
        .register(registry);
  }

  private Counter tokens(Role role, String model, String direction) {
    return Counter.builder(TOKENS).description("Model tokens").baseUnit("tokens")
        .tag("role", Roles.slug(role)).tag("model", model).tag("direction", direction)
        .register(registry);
  }
}

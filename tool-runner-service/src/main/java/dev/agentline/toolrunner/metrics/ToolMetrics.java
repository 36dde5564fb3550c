package dev.agentline.toolrunner.metrics;

import dev.agentline.schemas.ToolResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The {@value #DURATION} timer: how long each tool ran, by {@code tool} (the ToolName in lower case
 * with dashes: {@code run-tests}, {@code apply-edits} …) and {@code outcome} ({@code ok} | {@code error},
 * the result's {@code ok}; failing tests are a RUN_TESTS result that is ok).
 */
@Component
public class ToolMetrics {
  public static final String DURATION = "agentline.tool.duration";

  private final MeterRegistry registry;

  public ToolMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void ran(ToolResult result) {
    Timer.builder(DURATION).description("Time a tool took, workspace preparation included")
        .tag("tool", result.getTool().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .tag("outcome", result.getOk() ? "ok" : "error")
        .register(registry)
        .record(Duration.ofMillis(result.getDurationMs()));
  }
}

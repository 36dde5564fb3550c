package dev.agentline.audit.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The pilot metrics ({@code agentline.audit.metrics.*}).
 *
 * @param window the window of the Prometheus gauges, and of {@code GET /api/metrics} without {@code since}
 * @param refresh how old the gauges' figures may be: a scrape recomputes them when they are older
 */
@ConfigurationProperties("agentline.audit.metrics")
public record MetricsProperties(@DefaultValue("14d") Duration window, @DefaultValue("30s") Duration refresh) {

  public MetricsProperties {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("agentline.audit.metrics.window must be positive, was " + window);
    }
    if (refresh.isNegative()) {
      throw new IllegalArgumentException("agentline.audit.metrics.refresh must not be negative, was " + refresh);
    }
  }

  /** The window as {@code since} text, e.g. {@code 14d}. */
  String since() {
    return window.toSeconds() % 86_400 == 0 ? window.toDays() + "d" : window.toString();
  }
}

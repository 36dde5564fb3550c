package dev.agentline.planner.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlannerMetricsConfiguration {

  @Bean
  PlannerMetrics plannerMetrics(MeterRegistry registry) {
    return new PlannerMetrics(registry);
  }
}

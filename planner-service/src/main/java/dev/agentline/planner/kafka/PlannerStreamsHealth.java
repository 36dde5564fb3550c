package dev.agentline.planner.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code plannerStreams} health, part of the readiness group: UP only while the planner's Kafka
 * Streams instance is RUNNING (its stores can be queried and it processes records); while it
 * starts or rebalances, the instance is not ready.
 */
@Component("plannerStreamsHealthIndicator")
class PlannerStreamsHealth implements HealthIndicator {
  private final PlannerStreams streams;

  PlannerStreamsHealth(PlannerStreams streams) {
    this.streams = streams;
  }

  @Override
  public Health health() {
    String state = streams.state();
    return (streams.isReady() ? Health.up() : Health.outOfService()).withDetail("state", state).build();
  }
}

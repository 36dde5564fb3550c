package dev.agentline.toolrunner.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code agentline.tool-runner}: the consumer of {@code agentline.tool-requests}.
 *
 * @param groupId the classic consumer group; a task's requests stay on the instance owning its partition
 * @param concurrency consumer threads in this instance (each owns some partitions)
 */
@ConfigurationProperties("agentline.tool-runner")
public record ToolRequestConsumerProperties(
    @DefaultValue("agentline-tool-runner") String groupId,
    @DefaultValue("1") int concurrency) {

  public ToolRequestConsumerProperties {
    if (groupId == null || groupId.isBlank()) throw new IllegalArgumentException("agentline.tool-runner.group-id must not be blank");
    if (concurrency < 1) throw new IllegalArgumentException("agentline.tool-runner.concurrency must be >= 1, was " + concurrency);
  }
}

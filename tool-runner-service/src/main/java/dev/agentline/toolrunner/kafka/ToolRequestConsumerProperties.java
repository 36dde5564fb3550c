package dev.agentline.toolrunner.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code agentline.tool-runner}: the consumer of {@code agentline.tool-requests}.
 *
 * @param groupId the classic consumer group; a task's requests stay on the instance owning its partition
 * @param concurrency consumer threads in this instance (each owns some partitions)
 * @param nice the nice value (0 to 19) of the consumer threads, which run the requests, and so of the git work and the
 *     commands they start: a higher value yields the CPU to other work on the machine. 0 leaves them as they are; the
 *     embedded system, where every service shares the machine, sets 19 ({@link dev.agentline.platform.CpuPriority})
 */
@ConfigurationProperties("agentline.tool-runner")
public record ToolRequestConsumerProperties(
    @DefaultValue("agentline-tool-runner") String groupId,
    @DefaultValue("1") int concurrency,
    @DefaultValue("0") int nice) {

  public ToolRequestConsumerProperties {
    if (groupId == null || groupId.isBlank()) throw new IllegalArgumentException("agentline.tool-runner.group-id must not be blank");
    if (concurrency < 1) throw new IllegalArgumentException("agentline.tool-runner.concurrency must be >= 1, was " + concurrency);
    if (nice < 0 || nice > 19) throw new IllegalArgumentException("agentline.tool-runner.nice must be 0 to 19, was " + nice);
  }
}

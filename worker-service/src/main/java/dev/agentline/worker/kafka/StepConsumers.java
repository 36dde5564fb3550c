package dev.agentline.worker.kafka;

import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.Role;
import dev.agentline.worker.roles.Roles;
import dev.agentline.worker.roles.StepWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ShareConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ShareKafkaMessageListenerContainer;

/**
 * One share-group consumer pool per role on {@code agentline.steps.<role>}, group
 * {@code agentline-worker-<role>}. Each group is configured (earliest, read_committed) before
 * its consumers join, so requests produced before the first fetch are not skipped.
 */
final class StepConsumers implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(StepConsumers.class);
  private final String bootstrapServers;
  private final ShareConsumerFactory<String, byte[]> consumerFactory;
  private final StepWorker worker;
  private final KafkaTemplate<String, byte[]> kafka;
  private final int consumersPerRole;
  private final TraceContext tracing;
  private final Duration handOver;
  private final List<ShareKafkaMessageListenerContainer<String, byte[]>> containers = new ArrayList<>();
  private StepThreads threads;
  private volatile boolean running;

  StepConsumers(String bootstrapServers, ShareConsumerFactory<String, byte[]> consumerFactory, StepWorker worker,
      KafkaTemplate<String, byte[]> kafka, int consumersPerRole, Duration handOver, TraceContext tracing) {
    this.handOver = handOver;
    this.bootstrapServers = bootstrapServers;
    this.consumerFactory = consumerFactory;
    this.worker = worker;
    this.kafka = kafka;
    this.consumersPerRole = consumersPerRole;
    this.tracing = tracing;
  }

  @Override
  public synchronized void start() {
    if (running) return;
    threads = new StepThreads(handOver);
    for (Role role : Role.values()) {
      String group = Roles.shareGroup(role);
      KafkaAdmin.configureShareGroup(bootstrapServers, group);
      ContainerProperties properties = new ContainerProperties(Topics.steps(role));
      properties.setGroupId(group);
      properties.setShareAckMode(ContainerProperties.ShareAckMode.MANUAL);
      properties.setMessageListener(new StepListener(role, worker, kafka, group, tracing, threads));
      // Spring warns about a record unacknowledged for this long; a model call may take minutes (the planner fails a
      // step after its step-timeout, 15 min by default)
      properties.setShareAcknowledgmentTimeout(Duration.ofMinutes(15));
      ShareKafkaMessageListenerContainer<String, byte[]> container = new ShareKafkaMessageListenerContainer<>(consumerFactory, properties);
      container.setBeanName(group);
      container.setConcurrency(consumersPerRole);
      container.start();
      containers.add(container);
      log.info("{} consumer(s) of {} in share group {}", consumersPerRole, Topics.steps(role), group);
    }
    running = true;
  }

  @Override
  public synchronized void stop() {
    // the steps in progress finish and are acknowledged while their consumers still run; then the consumers stop
    if (threads != null) threads.drain();
    stopAll(containers);
    containers.clear();
    running = false;
  }

  /**
   * Stops {@code containers} all at once and returns when all have stopped. A container stops when its consumers'
   * polls end ({@link StepThreads#POLL} each at most), so one after the other could take that long for each role.
   */
  static void stopAll(List<? extends Lifecycle> containers) {
    ExecutorService stopping = Executors.newFixedThreadPool(Math.max(1, containers.size()));
    try {
      stopping.invokeAll(containers.stream().map(container -> Executors.callable((Runnable) container::stop)).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopping.shutdown();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}

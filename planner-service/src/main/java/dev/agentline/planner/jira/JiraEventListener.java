package dev.agentline.planner.jira;

import dev.agentline.platform.SeenIds;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.ConsumerGroups;
import dev.agentline.platform.DeadLetterMeter;
import dev.agentline.platform.DeadLetters;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.TaskEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.stereotype.Component;

/**
 * The write-back: a spring-kafka listener container on {@code agentline.task-events} (committed records only) that hands each
 * event of a Jira task to {@link WriteBack} and makes its comment and transition. An event id handled once is not handled
 * again (a redelivery after a rebalance does not comment twice); a record that is not a TaskEvent goes to the dead-letter
 * topic and the listener goes on. A Jira call that fails for good is logged and the event is not retried.
 */
@Component
@ConditionalOnBooleanProperty("agentline.jira.enabled")
class JiraEventListener implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(JiraEventListener.class);
  static final String CONSUMER_NAME = "jira-writeback";

  private final WriteBack writeBack;
  private final JiraClient jira;
  private final SeenIds handled = new SeenIds(100_000);
  private final KafkaMessageListenerContainer<String, byte[]> container;
  private final Map<String, Object> producerConfig;
  private KafkaProducer<String, byte[]> deadLetters;
  private final DeadLetterMeter deadLetterMeter;

  JiraEventListener(JiraProperties properties, JiraClient jira, KafkaProperties kafka, MeterRegistry registry) {
    this.deadLetterMeter = new DeadLetterMeter(registry);
    this.writeBack = new WriteBack(properties);
    this.jira = jira;
    ContainerProperties containerProperties = new ContainerProperties(Topics.TASK_EVENTS);
    containerProperties.setAckMode(ContainerProperties.AckMode.RECORD);
    containerProperties.setMessageListener((MessageListener<String, byte[]>) this::onRecord);
    DefaultKafkaConsumerFactory<String, byte[]> consumerFactory = new DefaultKafkaConsumerFactory<>(consumerConfig(properties, kafka));
    consumerFactory.addListener(new MicrometerConsumerListener<>(registry));
    this.container = new KafkaMessageListenerContainer<>(consumerFactory, containerProperties);
    this.container.setBeanName(CONSUMER_NAME);
    this.producerConfig = new HashMap<>(kafka.buildProducerProperties());
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, CONSUMER_NAME + "-dlt");
  }

  static Map<String, Object> consumerConfig(JiraProperties properties, KafkaProperties kafka) {
    Map<String, Object> consumer = ConsumerGroups.withDefaults(kafka.buildConsumerProperties());
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, properties.eventsGroupId());
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // the planner creates the topics (with its partitions); a consumer that auto-created one first would make that fail
    consumer.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return consumer;
  }

  void onRecord(ConsumerRecord<String, byte[]> record) {
    try (TraceContext.LogContext ignored = TraceContext.logContext(record.key(), record.headers())) {
      writeBack(record);
    }
  }

  private void writeBack(ConsumerRecord<String, byte[]> record) {
    TaskEvent event;
    try {
      event = AvroCodec.get().decode(record.value(), TaskEvent.class);
    } catch (RuntimeException e) {
      deadLetter(record, e);
      return;
    }
    Optional<WriteBack.Reaction> reaction = writeBack.on(event);
    if (reaction.isEmpty() || !handled.firstTime(event.getMeta().getEventId())) return;
    WriteBack.Reaction r = reaction.get();
    try {
      jira.comment(r.issueKey(), r.comment());
      log.info("commented on Jira issue {} for {} of task {}", r.issueKey(), event.getType(), event.getMeta().getTaskId());
    } catch (RuntimeException e) {
      log.error("could not comment on Jira issue {} ({}): {}", r.issueKey(), r.commentText(), e.getMessage());
    }
    r.transition().ifPresent(name -> {
      try {
        jira.transition(r.issueKey(), name);
        log.info("moved Jira issue {} by transition '{}'", r.issueKey(), name);
      } catch (RuntimeException e) {
        log.error("could not move Jira issue {} by transition '{}': {}", r.issueKey(), name, e.getMessage());
      }
    });
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, RuntimeException error) {
    log.warn("dead-lettering a record from {} (key {}): {}", record.topic(), record.key(), DeadLetters.reason(error));
    try {
      producer().send(DeadLetters.of(record, CONSUMER_NAME, error)).get(30, TimeUnit.SECONDS);
      deadLetterMeter.sent(Topics.dlt(record.topic()), CONSUMER_NAME);
    } catch (Exception e) {
      throw new IllegalStateException("could not dead-letter a record from " + record.topic() + ": " + e.getMessage(), e);
    }
  }

  private synchronized KafkaProducer<String, byte[]> producer() {
    if (deadLetters == null) deadLetters = new KafkaProducer<>(producerConfig);
    return deadLetters;
  }

  @Override
  public void start() {
    container.start();
  }

  @Override
  public void stop() {
    container.stop();
    synchronized (this) {
      if (deadLetters != null) deadLetters.close();
      deadLetters = null;
    }
  }

  @Override
  public boolean isRunning() {
    return container.isRunning();
  }
}

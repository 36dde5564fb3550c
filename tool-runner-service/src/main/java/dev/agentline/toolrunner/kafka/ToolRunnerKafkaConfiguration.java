package dev.agentline.toolrunner.kafka;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.ConsumerGroups;
import dev.agentline.platform.CpuPriority;
import dev.agentline.platform.DeadLetterMeter;
import dev.agentline.platform.DeadLetters;
import dev.agentline.platform.Topics;
import dev.agentline.toolrunner.SandboxProperties;
import dev.agentline.toolrunner.WorkspaceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka wiring of the tool runner. Serializers, group and commit mode are set here rather than
 * taken from {@code spring.kafka.consumer.*}, because the launcher runs several services with one
 * property map; only connection settings come from Spring Boot's Kafka properties.
 */
@Configuration(proxyBeanMethods = false)
class ToolRunnerKafkaConfiguration {
  static final String CONSUMER_NAME = "tool-runner";
  private static final Logger log = LoggerFactory.getLogger(ToolRunnerKafkaConfiguration.class);

  @Bean
  ProducerFactory<String, byte[]> toolResultProducerFactory(KafkaProperties kafka, MeterRegistry registry) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config);
    factory.addListener(new MicrometerProducerListener<>(registry));
    return factory;
  }

  @Bean
  KafkaTemplate<String, byte[]> toolResultTemplate(ProducerFactory<String, byte[]> producerFactory) {
    return new KafkaTemplate<>(producerFactory);
  }

  @Bean
  ConsumerFactory<String, byte[]> toolRequestConsumerFactory(
      KafkaProperties kafka, ToolRequestConsumerProperties consumer, WorkspaceProperties workspace, SandboxProperties sandbox,
      MeterRegistry registry) {
    Map<String, Object> config = ConsumerGroups.withDefaults(kafka.buildConsumerProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, consumer.groupId());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // only committed planner output is acted on: a request in an aborted planner transaction never runs
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    // One request per poll, and room for the longest dependency resolution and test run before the group evicts us.
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    long longestRequestSeconds = (long) sandbox.resolveTimeoutSeconds() + workspace.testTimeoutMaxSeconds();
    config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(longestRequestSeconds + 300L));
    DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(config);
    // kafka_consumer_fetch_manager_records_lag_max and the other client metrics on /actuator/prometheus
    factory.addListener(new MicrometerConsumerListener<>(registry));
    return factory;
  }

  @Bean
  ConcurrentKafkaListenerContainerFactory<String, byte[]> toolRequestContainerFactory(
      ConsumerFactory<String, byte[]> consumerFactory, DefaultErrorHandler toolRequestErrorHandler, ToolRequestConsumerProperties consumer) {
    var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
    factory.setConsumerFactory(consumerFactory);
    factory.setConcurrency(consumer.concurrency());
    factory.setCommonErrorHandler(toolRequestErrorHandler);
    factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
    CpuPriority priority = new CpuPriority(consumer.nice(), "the tool runner's requests");
    factory.setRecordInterceptor((record, kafkaConsumer) -> {
      priority.lowerThisThread();
      return record;
    });
    return factory;
  }

  /**
   * The one error handler: a record that is not a ToolRequest goes straight to the dead-letter
   * topic; anything else (the result could not be produced) is retried twice, a second apart,
   * then dead-lettered. Either way the reason travels in the headers and the consumer goes on; every
   * dead letter written is counted ({@link DeadLetterMeter}).
   */
  @Bean
  DefaultErrorHandler toolRequestErrorHandler(KafkaTemplate<String, byte[]> template, MeterRegistry registry) {
    DeadLetterMeter deadLetters = new DeadLetterMeter(registry);
    DefaultErrorHandler handler = new DefaultErrorHandler(
        (record, error) -> deadLetter(template, record, error, deadLetters), new FixedBackOff(1_000L, 2));
    handler.addNotRetryableExceptions(AvroCodec.InvalidRecordException.class);
    handler.setCommitRecovered(true);
    return handler;
  }

  @SuppressWarnings("unchecked")
  private static void deadLetter(
      KafkaTemplate<String, byte[]> template, ConsumerRecord<?, ?> record, Exception error, DeadLetterMeter deadLetters) {
    Throwable reason = rootCause(error);
    log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), DeadLetters.reason(reason));
    try {
      template.send(DeadLetters.of((ConsumerRecord<String, byte[]>) record, CONSUMER_NAME, reason)).get(ToolRequestListener.SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      deadLetters.sent(Topics.dlt(record.topic()), CONSUMER_NAME);
    } catch (Exception e) {
      // Thrown back to the error handler: the record is not committed and will be tried again.
      throw new IllegalStateException("cannot write the dead-letter record for " + record.topic() + "@" + record.offset(), e);
    }
  }

  /** The exception that says what was wrong, under the listener-invocation wrappers. */
  static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      if (cause instanceof AvroCodec.InvalidRecordException) return cause;
      cause = cause.getCause();
    }
    return cause;
  }
}

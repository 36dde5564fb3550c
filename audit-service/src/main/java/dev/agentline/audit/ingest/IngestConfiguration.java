package dev.agentline.audit.ingest;

import dev.agentline.audit.AuditProperties;
import dev.agentline.audit.store.AuditStore;
import dev.agentline.audit.store.SearchIndexJob;
import dev.agentline.platform.ConsumerGroups;
import dev.agentline.platform.CpuPriority;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The audit's consumer: a classic group over every topic matching {@code agentline.audit.topic-pattern}
 * (dead-letter topics included), from the earliest offset, committed records only; batches of up
 * to {@code agentline.audit.batch-size} records, each stored in one transaction, by
 * {@code agentline.audit.consumers} consumers.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {
  private static final Logger log = LoggerFactory.getLogger(IngestConfiguration.class);

  /** The listener container's bean name; also its client-id prefix. */
  static final String CONTAINER = "auditIngestContainer";

  /** The most a fetch response brings (a record batch bigger than this still comes, alone): 1.5 MiB. */
  static final int MAX_FETCH_BYTES = 3 * 512 * 1024;

  @Bean
  DefaultKafkaConsumerFactory<String, byte[]> auditConsumerFactory(KafkaProperties kafka, AuditProperties audit, MeterRegistry registry) {
    Map<String, Object> config = new HashMap<>();
    // Topics created after start-up (a new role's steps topic, its .dlt) are found within this time.
    config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 10_000);
    // Batches, not a fetch per record: the broker answers when 1 MiB is ready or after 200 ms. Every record written to
    // any topic would otherwise complete the audit's waiting fetch at once, which cost the broker more CPU than any
    // other client and slowed every hop of a task (agentline-cli/bench/overhead.sh). spring.kafka.consumer.fetch-* override.
    config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
    // A fetch response is read into one buffer. Under 2 MiB it stays below half a G1 region of the image's 4 MiB
    // (-XX:G1HeapRegionSize=4m, audit-service/pom.xml): bigger ones were "humongous" objects, each starting a concurrent
    // collection cycle (bench/ingest.sh kafka). spring.kafka.consumer.properties.fetch.max.bytes overrides.
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_FETCH_BYTES);
    config.putAll(ConsumerGroups.withDefaults(kafka.buildConsumerProperties()));
    // Not overridable by spring.kafka.consumer.*: the audit reads everything, and only what was committed.
    config.put(ConsumerConfig.GROUP_ID_CONFIG, audit.groupId());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, audit.batchSize());
    DefaultKafkaConsumerFactory<String, byte[]> factory =
        new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    // kafka_consumer_fetch_manager_records_lag_max (how far the audit is behind) and the other client metrics
    factory.addListener(new MicrometerConsumerListener<>(registry));
    return factory;
  }

  /** Storage failures are retried with growing pauses and never skipped: the audit must not lose a record. */
  @Bean
  DefaultErrorHandler auditErrorHandler(AuditProperties audit) {
    ExponentialBackOff backOff = new ExponentialBackOff(audit.retryInitialInterval().toMillis(), 2.0);
    backOff.setMaxInterval(audit.retryMaxInterval().toMillis());
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    backOff.setMaxAttempts(Long.MAX_VALUE);
    DefaultErrorHandler handler = new DefaultErrorHandler(
        (record, error) -> log.error("Audit could not store {}-{}@{} and skipped it: {}",
            record.topic(), record.partition(), record.offset(), cause(error), error),
        backOff);
    handler.setRetryListeners(new RetryListener() {
      @Override
      public void failedDelivery(ConsumerRecord<?, ?> record, Exception error, int attempt) {
        log.warn("Cannot store {}-{}@{} (attempt {}), retrying: {}",
            record.topic(), record.partition(), record.offset(), attempt, cause(error));
      }

      @Override
      public void failedDelivery(ConsumerRecords<?, ?> records, Exception error, int attempt) {
        log.warn("Cannot store a batch of {} record(s) (attempt {}), retrying: {}", records.count(), attempt, cause(error));
      }
    });
    return handler;
  }

  private static String cause(Exception error) {
    return NestedExceptionUtils.getMostSpecificCause(error).toString();
  }

  @Bean(CONTAINER)
  ConcurrentMessageListenerContainer<String, byte[]> auditIngestContainer(
      DefaultKafkaConsumerFactory<String, byte[]> auditConsumerFactory,
      DefaultErrorHandler auditErrorHandler,
      AuditStore store,
      SearchIndexJob searchIndex,
      AuditProperties audit,
      MeterRegistry registry) {
    Counter stored = Counter.builder("agentline.audit.records.stored")
        .description("Records written to the audit store (a redelivered record that was already stored is not counted)")
        .register(registry);
    ContainerProperties properties = new ContainerProperties(Pattern.compile(audit.topicPattern()));
    properties.setGroupId(audit.groupId());
    properties.setClientId("agentline-audit");
    properties.setMessageListener(new AuditIngestListener(store, n -> {
      stored.increment(n);
      searchIndex.stored(n);
    }));
    ConcurrentMessageListenerContainer<String, byte[]> container = new ConcurrentMessageListenerContainer<>(auditConsumerFactory, properties);
    container.setConcurrency(audit.consumers());
    container.setCommonErrorHandler(auditErrorHandler);
    CpuPriority priority = new CpuPriority(audit.nice(), "the audit's ingest");
    container.setBatchInterceptor((records, consumer) -> {
      priority.lowerThisThread();
      return records;
    });
    return container;
  }
}

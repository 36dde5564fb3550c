package dev.agentline.worker.kafka;

import dev.agentline.platform.DeadLetterMeter;
import dev.agentline.worker.contracts.PromptContracts;
import dev.agentline.platform.TraceContext;
import dev.agentline.platform.models.ModelCatalog;
import io.opentelemetry.api.OpenTelemetry;
import dev.agentline.worker.models.ModelClient;
import dev.agentline.worker.roles.StepWorker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.ShareConsumerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * Kafka wiring of the worker: byte[] values (AvroCodec), String keys (task id), one share consumer
 * factory ({@code record_limit}, up to {@value #MAX_STEPS_A_POLL} records a poll, explicit acknowledgement) and one
 * producer.
 */
@Configuration(proxyBeanMethods = false)
class WorkerKafkaConfiguration {
  /** The step records a share consumer takes at a time; it works on all of them at once. */
  static final int MAX_STEPS_A_POLL = 8;

  @Bean
  StepWorker stepWorker(ModelClient modelClient, ModelCatalog modelCatalog, WorkerProperties worker) {
    return new StepWorker(modelClient, new PromptContracts(), modelCatalog::spec, worker.maxDeliveries(), worker.producerName(), Clock.systemUTC(),
        worker.maxResponseChars());
  }

  @Bean
  ProducerFactory<String, byte[]> workerProducerFactory(KafkaProperties kafka, MeterRegistry registry) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // Each answer is sent and awaited on the consumer thread: the client default linger (5 ms) would add to every step.
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config);
    factory.addListener(new MicrometerProducerListener<>(registry));
    return factory;
  }

  /** Every dead letter it sends is counted ({@link DeadLetterMeter}). */
  @Bean
  KafkaTemplate<String, byte[]> workerKafkaTemplate(ProducerFactory<String, byte[]> workerProducerFactory, MeterRegistry registry) {
    KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(workerProducerFactory);
    DeadLetterMeter deadLetters = new DeadLetterMeter(registry);
    template.setProducerListener(new ProducerListener<>() {
      @Override
      public void onSuccess(ProducerRecord<String, byte[]> record, RecordMetadata metadata) {
        deadLetters.sentRecord(record);
      }
    });
    return template;
  }

  @Bean
  ShareConsumerFactory<String, byte[]> workerShareConsumerFactory(KafkaProperties kafka) {
    // Only what a share consumer accepts: classic-consumer settings such as auto.offset.reset are refused by it.
    Map<String, Object> config = new HashMap<>(kafka.getProperties());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
    // At most MAX_STEPS_A_POLL records acquired at a time, worked on at once (StepThreads), so replicas share even a
    // one-partition topic (batch_optimized lets one consumer take a whole batch, and what one poll does not return waits
    // in its client until every step it works on is answered): ShareFetchFairnessTest, bench/scaling.sh. The planner
    // writes transactionally, so a commit marker follows its records, and a Kafka 4.2.1 share consumer whose fetch takes
    // a marker alone fetches nothing more until its poll times out: 1 s in Spring, 5 s here (StepThreads.POLL;
    // ShareHandOverTest). The step topics have one partition (Topics.STEP_PARTITIONS), where that happened often with 2:
    // a consumer that took a transaction's records took its marker alone next. With 8 a fetch takes the records and
    // their marker together: the overhead benchmark's 20 tasks with 2 s models, p99 1.9 s (2, six partitions) -> 123 ms
    // (agentline-cli/README.md).
    // The cost: a replica whose provider hangs holds up to 8 steps until the model timeout fails them.
    // spring.kafka.properties.* override both.
    config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_STEPS_A_POLL);
    config.putIfAbsent(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
    return new DefaultShareConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer(), false) {
      @Override
      protected ShareConsumer<String, byte[]> createRawConsumer(String groupId, String clientId, Map<String, Object> overrides) {
        // the steps of one poll all start before its consumer waits for them, and each poll waits 5 s (StepThreads.forSteps)
        return StepThreads.forSteps(super.createRawConsumer(groupId, clientId, overrides));
      }
    };
  }

  @Bean
  StepConsumers stepConsumers(KafkaProperties kafka, ShareConsumerFactory<String, byte[]> workerShareConsumerFactory, StepWorker stepWorker,
      KafkaTemplate<String, byte[]> workerKafkaTemplate, WorkerProperties worker, ObjectProvider<OpenTelemetry> openTelemetry) {
    return new StepConsumers(String.join(",", kafka.getBootstrapServers()), workerShareConsumerFactory, stepWorker, workerKafkaTemplate,
        worker.consumersPerRole(), worker.stepHandOver(), new TraceContext(openTelemetry.getIfAvailable(OpenTelemetry::noop), "worker"));
  }
}

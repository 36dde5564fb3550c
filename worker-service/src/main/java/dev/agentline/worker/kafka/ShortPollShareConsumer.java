package dev.agentline.worker.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.DefaultShareConsumerFactory;

/**
 * A share consumer whose {@link #poll(Duration)} polls in slices until records come or the caller's timeout ends: the
 * first slice after records is {@code first} long, each further empty one twice the one before, up to {@code longest}. Kafka 4.2.1's share consumer sends one fetch per {@code poll} call; when that fetch acquires
 * only a transaction marker (the planner writes transactionally, so a commit marker follows its records, often alone
 * in the next fetch) the call returns nothing to the caller but waits out its whole timeout without fetching again.
 * Spring's share container polls with a fixed 1 s, so a step written meanwhile waited up to a second before any
 * consumer of its role took it. A new call fetches again, so a slice bounds that wait. A marker comes alone mostly just
 * after records, so the slices start short there; an idle consumer's grow, since each call costs CPU (about 0.1 ms with
 * 100 consumers on 2 cores).
 */
final class ShortPollShareConsumer extends KafkaShareConsumer<String, byte[]> {
  private final long firstNanos;
  private final long longestNanos;
  private long sliceNanos;

  ShortPollShareConsumer(Map<String, Object> configs, Duration first, Duration longest) {
    super(configs, new StringDeserializer(), new ByteArrayDeserializer());
    this.firstNanos = first.toNanos();
    this.longestNanos = longest.toNanos();
    this.sliceNanos = firstNanos;
  }

  @Override
  public ConsumerRecords<String, byte[]> poll(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      ConsumerRecords<String, byte[]> records = super.poll(Duration.ofNanos(Math.max(0, Math.min(left, sliceNanos))));
      if (!records.isEmpty()) {
        sliceNanos = firstNanos;
        return records;
      }
      sliceNanos = Math.min(longestNanos, sliceNanos * 2);
      if (deadline - System.nanoTime() <= 0) return records;
    }
  }

  /** Makes {@link ShortPollShareConsumer}s from the factory's configuration. */
  static final class Factory extends DefaultShareConsumerFactory<String, byte[]> {
    private final Duration first;
    private final Duration longest;

    Factory(Map<String, Object> configs, Duration first, Duration longest) {
      super(configs, new StringDeserializer(), new ByteArrayDeserializer(), false);
      this.first = first;
      this.longest = longest;
    }

    @Override
    protected ShareConsumer<String, byte[]> createRawConsumer(@Nullable String groupId, @Nullable String clientId,
        Map<String, Object> overrideProperties) {
      Map<String, Object> properties = new HashMap<>(getConfigurationProperties());
      properties.putAll(overrideProperties);
      if (groupId != null) properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
      if (clientId != null) properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
      return new ShortPollShareConsumer(properties, first, longest);
    }
  }
}

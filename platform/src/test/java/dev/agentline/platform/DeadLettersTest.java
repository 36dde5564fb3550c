package dev.agentline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
  static ConsumerRecord<String, byte[]> consumed(String topic, int partition, long offset, String key, byte[] value, RecordHeaders headers) {
    return new ConsumerRecord<>(topic, partition, offset, 1_700_000_000_000L, TimestampType.CREATE_TIME, -1, value == null ? -1 : value.length,
        key, value, headers, Optional.empty());
  }

  /** What the broker hands back for a record a service sent. */
  static ConsumerRecord<String, byte[]> stored(ProducerRecord<String, byte[]> sent, int partition, long offset) {
    return consumed(sent.topic(), partition, offset, sent.key(), sent.value(), new RecordHeaders(sent.headers().toArray()));
  }

  final RecordHeaders originalHeaders = new RecordHeaders(new Header[] {new RecordHeader(Headers.CORRELATION_ID, Headers.utf8("t-1"))});
  final byte[] value = "not avro".getBytes(StandardCharsets.UTF_8);
  final ConsumerRecord<String, byte[]> original = consumed(Topics.TOOL_REQUESTS, 1, 41, "t-1", value, originalHeaders);

  @Test
  void aDeadLetterNamesWhereItCameFromWhoRefusedItAndWhy() {
    ProducerRecord<String, byte[]> letter = DeadLetters.of(original, "tool-runner", new IllegalArgumentException("bad magic byte"));

    DeadLetters.Letter read = DeadLetters.read(stored(letter, 0, 7));

    assertThat(letter.topic()).isEqualTo("agentline.tool-requests.dlt");
    assertThat(read.position()).isEqualTo("agentline.tool-requests.dlt/0@7");
    assertThat(read.originalTopic()).isEqualTo(Topics.TOOL_REQUESTS);
    assertThat(read.originalPosition()).isEqualTo("1@41");
    assertThat(read.consumer()).isEqualTo("tool-runner");
    assertThat(read.reason()).isEqualTo("bad magic byte");
    assertThat(read.exception()).isEqualTo(IllegalArgumentException.class.getName());
    assertThat(read.key()).isEqualTo("t-1");
    assertThat(read.valueBytes()).isEqualTo(value.length);
  }

  @Test
  void aReplayPutsTheSameRecordBackOnItsTopicWithoutTheDeadLetterHeadersAndSaysWhoReplayedIt() {
    ConsumerRecord<String, byte[]> letter = stored(DeadLetters.of(original, "tool-runner", new IllegalStateException("boom")), 0, 7);

    ProducerRecord<String, byte[]> replay = DeadLetters.replay(letter, "ops@example.com");

    assertThat(replay.topic()).isEqualTo(Topics.TOOL_REQUESTS);
    assertThat(replay.partition()).isNull();
    assertThat(replay.key()).isEqualTo("t-1");
    assertThat(replay.value()).isEqualTo(value);
    assertThat(Headers.text(replay.headers(), Headers.CORRELATION_ID)).isEqualTo("t-1");
    assertThat(replay.headers().toArray()).noneMatch(h -> h.key().startsWith("agentline-dlt-"));
    assertThat(Headers.text(replay.headers(), Headers.REPLAYED_FROM)).isEqualTo("agentline.tool-requests.dlt/0@7");
    assertThat(Headers.text(replay.headers(), Headers.REPLAYED_BY)).isEqualTo("ops@example.com");
  }

  @Test
  void aReplayedRecordThatFailsAgainCarriesOnlyItsNewestReplayHeaders() {
    ConsumerRecord<String, byte[]> first = stored(DeadLetters.of(original, "tool-runner", new IllegalStateException("boom")), 0, 7);
    ConsumerRecord<String, byte[]> replayed = stored(DeadLetters.replay(first, "ann"), 1, 50);
    ConsumerRecord<String, byte[]> second = stored(DeadLetters.of(replayed, "tool-runner", new IllegalStateException("boom again")), 0, 8);

    ProducerRecord<String, byte[]> replay = DeadLetters.replay(second, "bob");

    assertThat(replay.headers().headers(Headers.REPLAYED_FROM)).hasSize(1);
    assertThat(Headers.text(replay.headers(), Headers.REPLAYED_FROM)).isEqualTo("agentline.tool-requests.dlt/0@8");
    assertThat(Headers.text(replay.headers(), Headers.REPLAYED_BY)).isEqualTo("bob");
    assertThat(DeadLetters.read(second).originalPosition()).isEqualTo("1@50");
  }

  @Test
  void aDeadLetterWithoutHeadersIsReplayedToTheTopicItsNameComesFrom() {
    ConsumerRecord<String, byte[]> bare = consumed("agentline.commands.dlt", 0, 3, "t-9", value, new RecordHeaders());

    assertThat(DeadLetters.replay(bare, "ann").topic()).isEqualTo(Topics.COMMANDS);
    assertThat(DeadLetters.read(bare).originalPosition()).isNull();
    assertThat(DeadLetters.read(bare).reason()).isNull();
  }

  @Test
  void onlyADeadLetterCanBeReplayed() {
    assertThatThrownBy(() -> DeadLetters.replay(original, "ann"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agentline.tool-requests is not a dead-letter topic");
  }
}

package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.DeadLetters;
import dev.agentline.platform.Headers;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agentline dlt list | replay} on a real broker: dead letters written the way every service writes them
 * ({@link DeadLetters#of}), listed with their reasons, and one replayed onto its original topic as it was.
 */
class DeadLetterCommandTest {
  @TempDir static Path dir;
  static LocalKafka kafka;
  static String toolRequestLetter;
  static final byte[] VALUE = "a tool request the old tool runner could not read".getBytes(StandardCharsets.UTF_8);

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeAll
  static void deadLetters() throws Exception {
    kafka = LocalKafka.start(dir.resolve("kafka"));
    KafkaAdmin.createTopics(kafka.bootstrapServers(), 2);
    try (var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer())) {
      RecordHeaders original = new RecordHeaders(new org.apache.kafka.common.header.Header[] {
          new RecordHeader(Headers.CORRELATION_ID, Headers.utf8("t-7"))});
      RecordMetadata first = producer.send(DeadLetters.of(consumed(Topics.TOOL_REQUESTS, 1, 41, "t-7", original), "tool-runner",
          new IllegalArgumentException("unknown tool FORMAT"))).get();
      producer.send(DeadLetters.of(consumed(Topics.STEP_RESULTS, 0, 9, "t-8", new RecordHeaders()), "planner",
          new IllegalStateException("not a StepResult"))).get();
      toolRequestLetter = first.topic() + "/" + first.partition() + "@" + first.offset();
    }
  }

  @AfterAll
  static void stop() {
    if (kafka != null) kafka.close();
  }

  static ConsumerRecord<String, byte[]> consumed(String topic, int partition, long offset, String key, RecordHeaders headers) {
    return new ConsumerRecord<>(topic, partition, offset, System.currentTimeMillis(), TimestampType.CREATE_TIME, -1, VALUE.length, key, VALUE,
        headers, Optional.empty());
  }

  int agentline(String... args) {
    return Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
  }

  @Test
  void listShowsEachDeadLetterWithItsPositionOriginAndReason() {
    assertThat(agentline("dlt", "list", "--bootstrap-servers", kafka.bootstrapServers())).as(err.toString()).isZero();

    assertThat(out.toString()).contains("dead letter(s)", toolRequestLetter, "task t-7", "from agentline.tool-requests/1@41", "refused by tool-runner",
        "reason: unknown tool FORMAT", "agentline.step-results.dlt/", "task t-8", "reason: not a StepResult");
  }

  @Test
  void listFiltersByTopicAndTask() {
    assertThat(agentline("dlt", "list", "--topic", Topics.STEP_RESULTS, "--bootstrap-servers", kafka.bootstrapServers())).isZero();
    assertThat(out.toString()).contains("task t-8").doesNotContain("task t-7");

    out.getBuffer().setLength(0);
    assertThat(agentline("dlt", "list", "--task", "t-7", "--json", "--bootstrap-servers", kafka.bootstrapServers())).isZero();
    assertThat(out.toString()).contains("\"key\" : \"t-7\"", "\"reason\" : \"unknown tool FORMAT\"").doesNotContain("t-8");
  }

  @Test
  void replayPutsTheRecordBackOnItsTopicAsItWasAndSaysWhoReplayedIt() {
    assertThat(agentline("dlt", "replay", toolRequestLetter, "--by", "ops@example.com", "--bootstrap-servers", kafka.bootstrapServers()))
        .as(err.toString()).isZero();

    assertThat(out.toString()).contains("replayed " + toolRequestLetter, "refused by tool-runner: unknown tool FORMAT", "to agentline.tool-requests/");
    List<ConsumerRecord<String, byte[]>> replayed = TopicContents.read(kafka.bootstrapServers(), Topics.TOOL_REQUESTS, true);
    assertThat(replayed).hasSize(1);
    ConsumerRecord<String, byte[]> record = replayed.get(0);
    assertThat(record.key()).isEqualTo("t-7");
    assertThat(record.value()).isEqualTo(VALUE);
    assertThat(Headers.text(record.headers(), Headers.CORRELATION_ID)).isEqualTo("t-7");
    assertThat(Headers.text(record.headers(), Headers.REPLAYED_FROM)).isEqualTo(toolRequestLetter);
    assertThat(Headers.text(record.headers(), Headers.REPLAYED_BY)).isEqualTo("ops@example.com");
    assertThat(record.headers().toArray()).noneMatch(h -> h.key().startsWith("agentline-dlt-"));
  }

  @Test
  void aDryRunSendsNothing() {
    assertThat(agentline("dlt", "replay", Topics.STEP_RESULTS + ".dlt/0@0", "--dry-run", "--bootstrap-servers", kafka.bootstrapServers()))
        .as(err.toString()).isZero();

    assertThat(out.toString()).contains("would replay agentline.step-results.dlt/0@0", "to agentline.step-results");
    assertThat(TopicContents.read(kafka.bootstrapServers(), Topics.STEP_RESULTS, true)).isEmpty();
  }

  @Test
  void aPositionThatHoldsNoDeadLetterIsBadInputNamingWhy() {
    assertThat(agentline("dlt", "replay", "agentline.tool-requests/0@1", "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString()).contains("is not a dead letter's position such as agentline.tool-requests.dlt/0@12");

    err.getBuffer().setLength(0);
    assertThat(agentline("dlt", "replay", Topics.TASKS + ".dlt/0@5", "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString()).contains("there is no record at agentline.tasks.dlt/0@5: the partition holds offsets 0 to -1");

    err.getBuffer().setLength(0);
    assertThat(agentline("dlt", "replay", Topics.TASKS + ".dlt/7@0", "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString()).contains("agentline.tasks.dlt has no partition 7 (it has 2)");

    err.getBuffer().setLength(0);
    assertThat(agentline("dlt", "list", "--topic", "agentline.nonsense", "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString()).contains("there is no dead-letter topic agentline.nonsense.dlt");
  }

  @Test
  void anUnreachableClusterIsExitCodeThree() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThat(agentline("dlt", "list", "--bootstrap-servers", "localhost:" + port, "--kafka-timeout", "2s")).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(err.toString()).contains("Kafka at localhost:" + port + " could not be reached in 2 s");
  }
}

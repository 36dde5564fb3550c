package dev.agentline.toolrunner.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.ConsumerGroups;
import dev.agentline.platform.CpuPriority;
import dev.agentline.platform.Headers;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.Edit;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.TestRepos;
import dev.agentline.toolrunner.ToolRunnerApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.ConsumerFactory;

/** The service as the launcher runs it: a real in-process broker, the application context, real git repositories. */
class ToolRunnerKafkaTest {
  @TempDir static Path temp;
  static LocalKafka kafka;
  static ConfigurableApplicationContext context;
  static KafkaProducer<String, byte[]> producer;
  static KafkaConsumer<String, byte[]> consumer;
  static Path origin;

  @BeforeAll
  static void start() throws Exception {
    kafka = LocalKafka.start(temp.resolve("kafka"));
    KafkaAdmin.createTopics(kafka.bootstrapServers(), 2);
    origin = TestRepos.origin(temp.resolve("repo"), TestRepos.sampleFiles());
    context = new SpringApplicationBuilder(ToolRunnerApplication.class).run(
        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
        "--spring.main.web-application-type=none",
        "--agentline.workspace.root=" + temp.resolve("workspaces"),
        "--agentline.workspace.protected-paths=**/*.sh",
        "--agentline.tool-runner.nice=6");
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer());
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.TOOL_RESULTS, Topics.dlt(Topics.TOOL_REQUESTS)));
  }

  @AfterAll
  static void stop() {
    if (consumer != null) consumer.close();
    if (producer != null) producer.close();
    if (context != null) context.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void answersPrepareWorkspaceAndDeadLettersGarbageWithoutStopping() throws Exception {
    ToolRequest prepare = TestRepos.request("k1", ToolName.PREPARE_WORKSPACE, origin).build();
    send("k1", AvroCodec.get().encode(prepare));

    ToolResult prepared = AvroCodec.get().decode(awaitRecord(Topics.TOOL_RESULTS, "k1").value(), ToolResult.class);
    assertThat(prepared.getOk()).isTrue();
    assertThat(prepared.getRequestId()).isEqualTo(prepare.getRequestId());
    assertThat(prepared.getRepositoryFiles()).contains("src/Greeter.java", "README.md");
    assertThat(prepared.getMeta().getCausationId()).isEqualTo(prepare.getMeta().getEventId());
    assertThat(prepared.getMeta().getProducer()).isEqualTo("tool-runner");
    assertThat(TestRepos.head(origin, "agentline/k1")).isNotNull();

    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
    send("k2", garbage);
    TaskCommand wrongType = TaskCommand.newBuilder().setMeta(Meta.of("k3", null, "test")).setType(CommandType.CANCEL).setActor("test").build();
    send("k3", AvroCodec.get().encode(wrongType));
    ToolRequest search = TestRepos.request("k2", ToolName.SEARCH, origin).setQuery("hello").build();
    send("k2", AvroCodec.get().encode(search));

    ConsumerRecord<String, byte[]> dead = awaitRecord(Topics.dlt(Topics.TOOL_REQUESTS), "k2");
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(Headers.text(dead.headers(), Headers.DLT_REASON)).startsWith("value is not Avro single-object encoded");
    assertThat(Headers.text(dead.headers(), Headers.DLT_CONSUMER)).isEqualTo("tool-runner");
    ConsumerRecord<String, byte[]> wrong = awaitRecord(Topics.dlt(Topics.TOOL_REQUESTS), "k3");
    assertThat(Headers.text(wrong.headers(), Headers.DLT_REASON)).isEqualTo("expected ToolRequest but the value is a TaskCommand");

    ToolResult searched = AvroCodec.get().decode(awaitRecord(Topics.TOOL_RESULTS, "k2").value(), ToolResult.class);
    assertThat(searched.getRequestId()).isEqualTo(search.getRequestId());
    assertThat(searched.getOk()).isTrue();
    assertThat(searched.getOutput()).contains("src/Greeter.java:3:");
  }

  @Test
  void answersAFailingToolWithOkFalseRatherThanStopping() throws Exception {
    ToolRequest bad = TestRepos.request("k4", ToolName.PREPARE_WORKSPACE, temp.resolve("no-such-repo")).build();
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    producer.send(new ProducerRecord<>(Topics.TOOL_REQUESTS, null, "k4", AvroCodec.get().encode(bad),
        List.of(new RecordHeader(TraceContext.TRACEPARENT, Headers.utf8(traceparent))))).get();

    ConsumerRecord<String, byte[]> answered = awaitRecord(Topics.TOOL_RESULTS, "k4");
    ToolResult result = AvroCodec.get().decode(answered.value(), ToolResult.class);
    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).contains("repository not found").contains("no-such-repo");
    // the tool runner's span continues the request's trace and the result carries it
    assertThat(Headers.text(answered.headers(), TraceContext.TRACEPARENT)).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").isNotEqualTo(traceparent);
  }

  @Test
  void refusesAnApplyToAConfiguredProtectedPathWithItsErrorCode() throws Exception {
    ToolRequest apply = TestRepos.request("k5", ToolName.APPLY_EDITS, origin)
        .setEdits(List.of(Edit.newBuilder().setPath("test.sh").setSearch("grep").setReplace("true || grep").build()))
        .build();
    send("k5", AvroCodec.get().encode(apply));

    ToolResult result = AvroCodec.get().decode(awaitRecord(Topics.TOOL_RESULTS, "k5").value(), ToolResult.class);
    assertThat(result.getOk()).isFalse();
    assertThat(result.getErrorCode()).isEqualTo(FailureReason.PROTECTED_PATH);
    assertThat(result.getError()).isEqualTo("protected path: test.sh matches **/*.sh");
    assertThat(TestRepos.head(origin, "agentline/k5")).as("nothing pushed").isNull();
  }

  @Test
  void runsRequestsAndTheCommandsTheyStartAtTheConfiguredNiceValue() throws Exception {
    // grep prints its own /proc/self/stat: the 19th field is its nice value, inherited from the thread that started it
    // (a lint that fails, so its output is in the result)
    ToolRequest lint = TestRepos.request("k6", ToolName.LINT, origin).setCommand("grep . /proc/self/stat; exit 1").build();
    send("k6", AvroCodec.get().encode(lint));

    ToolResult result = AvroCodec.get().decode(awaitRecord(Topics.TOOL_RESULTS, "k6").value(), ToolResult.class);
    String stat = result.getOutput().lines().filter(line -> line.contains("(grep)")).findFirst().orElseThrow(() ->
        new AssertionError("no stat line in " + result.getOutput()));
    assertThat(CpuPriority.niceInStat(stat)).as(result.getOutput()).isEqualTo(6);
  }

  @Test
  void aCrashedToolRunnersRequestsWaitTenSecondsForAnotherNotFortyFive() {
    // ConsumerGroupsTest shows what the setting does to a crashed member
    assertThat(context.getBean(ConsumerFactory.class).getConfigurationProperties())
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerGroups.SESSION_TIMEOUT_MS);
  }

  private static void send(String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(Topics.TOOL_REQUESTS, key, value)).get();
  }

  private static final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

  private static synchronized ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> {
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      return seen.stream().filter(r -> r.topic().equals(topic) && key.equals(r.key())).findFirst().orElse(null);
    }, r -> r != null);
  }
}

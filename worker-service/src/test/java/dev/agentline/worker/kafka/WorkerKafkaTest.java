package dev.agentline.worker.kafka;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Headers;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.worker.StepRequests;
import dev.agentline.worker.WorkerApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The worker as the launcher runs it: a real in-process broker, the application context started
 * from properties only, step requests in, results, model calls and dead letters out. The
 * test-writer role talks to a stubbed OpenAI server that always answers 503 (two tries a delivery).
 */
class WorkerKafkaTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir static Path tmp;
  private static LocalKafka kafka;
  private static WireMockServer openAi;
  private static ConfigurableApplicationContext worker;
  private static KafkaProducer<String, byte[]> producer;
  private static KafkaConsumer<String, byte[]> reader;
  private static final List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    kafka = LocalKafka.start(tmp.resolve("kafka"));
    KafkaAdmin.createTopics(kafka.bootstrapServers(), 1);
    openAi = new WireMockServer(wireMockConfig().dynamicPort());
    openAi.start();
    openAi.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(503).withBody("{\"error\": {\"message\": \"overloaded\"}}")));

    worker = new SpringApplicationBuilder(WorkerApplication.class)
        .web(WebApplicationType.NONE)
        .properties(Map.of(
            "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
            "agentline.models.config-file", "classpath:cassettes/worker-test.yaml",
            "agentline.models.roles.test-writer.provider", "openai",
            "agentline.models.roles.test-writer.base-url", openAi.baseUrl() + "/v1",
            "agentline.models.roles.test-writer.api-key", "sk-test",
            "agentline.models.roles.test-writer.model", "gpt-test",
            "agentline.worker.retry.max-attempts", "2",
            "agentline.worker.retry.base-delay", "1ms",
            "agentline.worker.retry.max-delay", "2ms"))
        .run();

    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
    reader = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "worker-test-reader",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
    reader.subscribe(List.of(Topics.STEP_RESULTS, Topics.MODEL_CALLS, Topics.dlt(Topics.steps(Role.CODE_EDIT))));
  }

  @AfterAll
  static void stop() {
    if (worker != null) worker.close();
    if (reader != null) reader.close();
    if (producer != null) producer.close();
    if (openAi != null) openAi.stop();
    if (kafka != null) kafka.close();
  }

  @Test
  void aPlanRequestIsAnsweredWithTheParsedPlanAndItsModelCallIsRecorded() {
    StepRequest request = StepRequests.planRequest("task-plan").build();
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    send(new ProducerRecord<>(Topics.steps(Role.MANAGER), null, "task-plan", AvroCodec.get().encode(request),
        List.of(new RecordHeader(TraceContext.TRACEPARENT, Headers.utf8(traceparent)))));

    StepResult result = awaitResult("task-plan/plan/1");
    assertThat(result.getOk()).as(result.getError()).isTrue();
    assertThat(result.getPlan().getSteps()).extracting(PlanStep::getId).containsExactly("s1", "s2");
    assertThat(result.getUsage().getInputTokens()).isEqualTo(1200);
    assertThat(result.getPromptVersion()).isEqualTo("manager.plan@6");
    assertThat(result.getModelCalls()).isEqualTo(1);
    ModelCall call = awaitModelCalls("task-plan/plan/1", 1).get(0);
    assertThat(call.getPromptVersion()).isEqualTo("manager.plan@6");
    assertThat(call.getProvider()).isEqualTo("replay");
    assertThat(call.getModel()).isEqualTo("cassette:worker-test.yaml");
    assertThat(call.getPrompt()).extracting(ChatMessage::getRole).containsExactly("system", "user");
    assertThat(call.getPrompt().get(1).getContent()).contains("Title: " + StepRequests.TITLE, "src/main/java/demo/App.java");
    assertThat(call.getResponse()).startsWith("Here is the plan.");
    assertThat(recordFor(Topics.STEP_RESULTS, "task-plan/plan/1").key()).isEqualTo("task-plan");
    // the worker's span continues the request's trace, and both outputs carry it
    String answered = Headers.text(recordFor(Topics.STEP_RESULTS, "task-plan/plan/1").headers(), TraceContext.TRACEPARENT);
    assertThat(answered).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").isNotEqualTo(traceparent);
    assertThat(Headers.text(recordFor(Topics.MODEL_CALLS, "task-plan/plan/1").headers(), TraceContext.TRACEPARENT)).isEqualTo(answered);
  }

  @Test
  void anAnswerWithoutEditsIsReAskedOnceThenFailsTheStepWithTheReason() {
    send(Topics.steps(Role.CODE_EDIT), "task-garbage-answer",
        AvroCodec.get().encode(StepRequests.executeRequest("task-garbage-answer", Role.CODE_EDIT, "s1", 1).build()));

    StepResult result = awaitResult("task-garbage-answer/s1/1");
    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("answer invalid after a re-ask: no SEARCH/REPLACE block or unified diff found in the answer");
    assertThat(result.getModelCalls()).isEqualTo(2);
    List<ModelCall> calls = awaitModelCalls("task-garbage-answer/s1/1", 2);
    assertThat(calls).extracting(ModelCall::getReask).containsExactly(0, 1);
    assertThat(calls.get(1).getPrompt()).extracting(ChatMessage::getRole).containsExactly("system", "user", "assistant", "user");
    assertThat(calls).allSatisfy(call -> assertThat(call.getError()).isEqualTo("no SEARCH/REPLACE block or unified diff found in the answer"));
  }

  @Test
  void aReviewRequestIsAnsweredWithTheReview() {
    send(Topics.steps(Role.REVIEW), "task-review", AvroCodec.get().encode(StepRequests.reviewRequest("task-review").build()));

    StepResult result = awaitResult("task-review/review/1");
    assertThat(result.getOk()).as(result.getError()).isTrue();
    assertThat(result.getReview().getVerdict()).isEqualTo(dev.agentline.schemas.ReviewVerdict.APPROVE);
    assertThat(result.getReview().getComments()).singleElement().satisfies(c -> assertThat(c.getLine()).isEqualTo(1));
    assertThat(result.getPromptVersion()).isEqualTo("review.review@2");
    assertThat(result.getModel()).isEqualTo("replay/cassette:worker-test.yaml");
    assertThat(result.getUsage().getOutputTokens()).isEqualTo(40);
  }

  @Test
  void undecodableRecordsAreDeadLetteredAndTheNextRequestIsStillAnswered() {
    String topic = Topics.steps(Role.CODE_EDIT);
    send(topic, "task-dlt", "not avro at all".getBytes(StandardCharsets.UTF_8));
    send(topic, "task-dlt", AvroCodec.get().encode(StepResult.newBuilder()
        .setMeta(StepRequests.planRequest("task-dlt").build().getMeta()).setRequestId("x").setRole(Role.CODE_EDIT)
        .setKind(dev.agentline.schemas.StepKind.EXECUTE).setStepId("s1").setOk(true).setUsage(new dev.agentline.schemas.Usage()).build()));
    send(topic, "task-dlt", AvroCodec.get().encode(StepRequests.executeRequest("task-dlt", Role.CODE_EDIT, "s1", 2).build()));

    StepResult result = awaitResult("task-dlt/s1/2");
    assertThat(result.getOk()).as(result.getError()).isTrue();
    assertThat(result.getEdits()).singleElement().satisfies(edit -> {
      assertThat(edit.getPath()).isEqualTo("src/main/java/demo/Hello.java");
      assertThat(edit.getSearch()).isEmpty();
    });
    await().atMost(PATIENCE).pollInSameThread().until(() -> {
      poll();
      return deadLetters("task-dlt").size() == 2;
    });
    List<ConsumerRecord<String, byte[]>> dead = deadLetters("task-dlt");
    assertThat(Headers.text(dead.get(0).headers(), Headers.DLT_REASON)).startsWith("value is not Avro single-object encoded");
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
    assertThat(Headers.text(dead.get(1).headers(), Headers.DLT_REASON)).isEqualTo("expected StepRequest but the value is a StepResult");
    assertThat(Headers.text(dead.get(1).headers(), Headers.DLT_ORIGINAL_TOPIC)).isEqualTo(topic);
  }

  @Test
  void aModelThatStaysUnavailableIsRetriedInTheCallAndByRedeliveryThenFailsTheStep() {
    send(Topics.steps(Role.TEST_WRITER), "task-503",
        AvroCodec.get().encode(StepRequests.executeRequest("task-503", Role.TEST_WRITER, "s2", 1).build()));

    StepResult result = awaitResult("task-503/s2/1");
    assertThat(result.getOk()).isFalse();
    assertThat(result.getError()).isEqualTo("model call failed after 3 deliveries: HTTP 503 overloaded (2 tries)");
    List<ModelCall> calls = awaitModelCalls("task-503/s2/1", 3);
    assertThat(calls).allSatisfy(call -> {
      assertThat(call.getOk()).isFalse();
      assertThat(call.getProvider()).isEqualTo("openai");
      assertThat(call.getModel()).isEqualTo("gpt-test");
    });
    openAi.verify(6, postRequestedFor(urlEqualTo("/v1/chat/completions")));
  }

  private static void send(String topic, String key, byte[] value) {
    send(new ProducerRecord<>(topic, key, value));
  }

  private static void send(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void poll() {
    reader.poll(Duration.ofMillis(200)).forEach(seen::add);
  }

  private static Optional<ConsumerRecord<String, byte[]>> find(String topic, String requestId) {
    return seen.stream().filter(r -> r.topic().equals(topic)).filter(r -> requestIdOf(r).equals(requestId)).findFirst();
  }

  private static ConsumerRecord<String, byte[]> recordFor(String topic, String requestId) {
    return find(topic, requestId).orElseThrow();
  }

  private static String requestIdOf(ConsumerRecord<String, byte[]> record) {
    if (record.topic().equals(Topics.STEP_RESULTS)) return AvroCodec.get().decode(record.value(), StepResult.class).getRequestId();
    if (record.topic().equals(Topics.MODEL_CALLS)) return AvroCodec.get().decode(record.value(), ModelCall.class).getRequestId();
    return "";
  }

  private static StepResult awaitResult(String requestId) {
    await().atMost(PATIENCE).pollInSameThread().until(() -> {
      poll();
      return find(Topics.STEP_RESULTS, requestId).isPresent();
    });
    return AvroCodec.get().decode(recordFor(Topics.STEP_RESULTS, requestId).value(), StepResult.class);
  }

  private static List<ModelCall> awaitModelCalls(String requestId, int count) {
    await().atMost(PATIENCE).pollInSameThread().until(() -> {
      poll();
      return modelCalls(requestId).size() >= count;
    });
    return modelCalls(requestId);
  }

  private static List<ModelCall> modelCalls(String requestId) {
    return seen.stream().filter(r -> r.topic().equals(Topics.MODEL_CALLS))
        .map(r -> AvroCodec.get().decode(r.value(), ModelCall.class))
        .filter(call -> call.getRequestId().equals(requestId))
        .toList();
  }

  private static List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
    return seen.stream().filter(r -> r.topic().equals(Topics.dlt(Topics.steps(Role.CODE_EDIT)))).filter(r -> key.equals(r.key())).toList();
  }
}

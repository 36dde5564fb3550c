package dev.agentline.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepResult;
import dev.agentline.worker.FakeModel;
import dev.agentline.worker.StepRequests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Why worker replicas scale on ONE partition, and why a step never waits behind another one's model call: a
 * replica's consumer acquires at most {@code max.poll.records} records ({@code record_limit}) and works on all of
 * them at once, so the other replicas take the rest. A share consumer in Kafka's default {@code batch_optimized}
 * acquire mode takes a whole batch in one fetch; what one poll does not return waits in its client until every step
 * it is working on is answered, while the other replicas sit idle.
 */
class ShareFetchFairnessTest {
  private static final int STEPS = 20;
  private static final int SLOW_MS = 3000;

  @TempDir static Path tmp;
  private static LocalKafka kafka;
  private static WireMockServer slowModel;
  private static WireMockServer fastModel;
  private static KafkaProducer<String, byte[]> producer;
  private static ConfigurableApplicationContext slow;
  private static ConfigurableApplicationContext fast;

  @BeforeAll
  static void start() {
    kafka = LocalKafka.start(tmp.resolve("kafka"));
    KafkaAdmin.createTopics(kafka.bootstrapServers(), 1);
    slowModel = FakeModel.start(SLOW_MS);
    fastModel = FakeModel.start(0);
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stop() {
    for (ConfigurableApplicationContext worker : new ConfigurableApplicationContext[] {fast, slow}) if (worker != null) worker.close();
    if (producer != null) producer.close();
    for (WireMockServer model : new WireMockServer[] {slowModel, fastModel}) if (model != null) model.stop();
    if (kafka != null) kafka.close();
  }

  @Test
  void whileOneReplicaIsInSlowModelCallsTheOtherAnswersTheRestAndNoStepWaitsBehindAnother() {
    slow = worker("slow-replica", slowModel);
    for (int i = 1; i <= STEPS; i++) {
      String task = "fair-" + i;
      producer.send(new ProducerRecord<>(Topics.steps(Role.CODE_EDIT), task,
          AvroCodec.get().encode(StepRequests.executeRequest(task, Role.CODE_EDIT, "s1", 1).build())));
    }
    producer.flush();
    // the slow replica fetched first (it was alone) and is now in its first model call
    await().atMost(Duration.ofSeconds(60)).until(() -> slowModel.getAllServeEvents().size() >= 1);
    long firstSlowCall = System.nanoTime();
    fast = worker("fast-replica", fastModel);

    Map<String, Answer> answers = awaitResults(STEPS, Duration.ofSeconds(60));

    List<Answer> bySlow = answers.values().stream().filter(a -> a.replica().equals("slow-replica")).toList();
    assertThat(bySlow).as("steps the slow replica held and answered (all %d would take %d s)", STEPS, STEPS * SLOW_MS / 1000)
        .hasSizeBetween(1, WorkerKafkaConfiguration.MAX_STEPS_A_POLL);
    assertThat(answers.values()).filteredOn(a -> a.replica().equals("fast-replica"))
        .hasSizeGreaterThanOrEqualTo(STEPS - WorkerKafkaConfiguration.MAX_STEPS_A_POLL);
    // worked on at once, the slow replica's steps are all answered one model call after its first call began; one
    // after the other, or left in its client for its next poll, some would come a whole call (3 s) later
    long lastSlowAnswerMs = bySlow.stream().mapToLong(a -> (a.nanos() - firstSlowCall) / 1_000_000).max().orElseThrow();
    assertThat(lastSlowAnswerMs).as("ms from the slow replica's first call to its last answer").isLessThan(SLOW_MS * 3 / 2);
  }

  /** Which replica answered a step first, and when the answer was read. */
  private record Answer(String replica, long nanos) {}

  /** One worker-service replica, as the launcher or a pod runs it: one share consumer per role. */
  private static ConfigurableApplicationContext worker(String name, WireMockServer model) {
    return FakeModel.worker(kafka.bootstrapServers(), FakeModel.baseUrl(model), "--agentline.worker.producer-name=" + name);
  }

  /** requestId → the replica (producer) that answered it first (a record whose lock expired is answered twice). */
  private static Map<String, Answer> awaitResults(int count, Duration patience) {
    Map<String, Answer> answers = new ConcurrentHashMap<>();
    try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "fairness-reader",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
      reader.subscribe(List.of(Topics.STEP_RESULTS));
      await().atMost(patience).pollInSameThread().until(() -> {
        reader.poll(Duration.ofMillis(20)).forEach(record -> {
          StepResult result = AvroCodec.get().decode(record.value(), StepResult.class);
          assertThat(result.getOk()).as(result.getError()).isTrue();
          answers.putIfAbsent(result.getRequestId(), new Answer(result.getMeta().getProducer(), System.nanoTime()));
        });
        return answers.size() >= count;
      });
    }
    return answers;
  }
}

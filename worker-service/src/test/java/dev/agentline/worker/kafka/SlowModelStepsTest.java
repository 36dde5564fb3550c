package dev.agentline.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
 * A model that takes its time, as a provider does, and one consumer a role: the two steps one poll takes are worked
 * on at once, not one after the other; a worker stopped while it works on a step finishes and acknowledges it.
 */
class SlowModelStepsTest {
  private static final int MODEL_MS = 1500;

  @TempDir static Path tmp;
  private static LocalKafka kafka;
  private static WireMockServer model;

  @BeforeAll
  static void start() {
    kafka = LocalKafka.start(tmp.resolve("kafka"));
    KafkaAdmin.createTopics(kafka.bootstrapServers(), 1);
    model = FakeModel.start(MODEL_MS);
  }

  @AfterAll
  static void stop() {
    if (model != null) model.stop();
    if (kafka != null) kafka.close();
  }

  /**
   * A hand-over of 1 s (50 ms by default): a consumer that waited for its poll's first step before starting the second
   * would start it 1 s later, and the two answers would come more than half a model call apart.
   */
  private static ConfigurableApplicationContext worker() {
    return FakeModel.worker(kafka.bootstrapServers(), FakeModel.baseUrl(model), "--agentline.worker.step-hand-over=1s");
  }

  @Test
  void twoStepsTakenByOneConsumerAreWorkedOnAtOnceAndAStoppingWorkerFinishesItsStep() throws Exception {
    try (KafkaProducer<String, byte[]> planner = planner(); KafkaConsumer<String, byte[]> results = results()) {
      planner.initTransactions();
      try (ConfigurableApplicationContext worker = worker()) {
        send(planner, "warm-up");
        assertThat(await(results, 1, Duration.ofSeconds(60))).containsKey("warm-up");

        long sent = System.nanoTime();
        send(planner, "slow-1", "slow-2");
        Map<String, Long> answered = await(results, 2, Duration.ofSeconds(30));
        long first = (Math.min(answered.get("slow-1"), answered.get("slow-2")) - sent) / 1_000_000;
        long last = (Math.max(answered.get("slow-1"), answered.get("slow-2")) - sent) / 1_000_000;
        // one after the other, the second would come a whole model call (1.5 s) after the first, 3 s after sending
        assertThat(last - first).as("ms between the two answers").isLessThan(MODEL_MS / 2);
        assertThat(last).as("ms from sending to the second answer").isLessThan(2L * MODEL_MS);

        send(planner, "stopping");
        awaitModelCalls(4);
      }
      // closing the worker waited for the step in progress, which was answered and acknowledged
      assertThat(await(results, 1, Duration.ofSeconds(5))).containsOnlyKeys("stopping");
      try (ConfigurableApplicationContext next = worker()) {
        send(planner, "after-restart");
        // an unacknowledged "stopping" would have been released to this worker, and answered again before this one
        assertThat(await(results, 1, Duration.ofSeconds(60))).containsOnlyKeys("after-restart");
      }
    }
  }

  /** Until the model has been asked {@code count} times: the last step is in progress. */
  private static void awaitModelCalls(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (model.getAllServeEvents().size() < count) {
      assertThat(System.nanoTime()).as("the model asked %d times within 30 s", count).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static KafkaProducer<String, byte[]> planner() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "slow-model-planner", ProducerConfig.LINGER_MS_CONFIG, 0),
        new StringSerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<String, byte[]> results() {
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringDeserializer(), new ByteArrayDeserializer());
    consumer.assign(List.of(new TopicPartition(Topics.STEP_RESULTS, 0)));
    return consumer;
  }

  /** The requests for {@code tasks}, in one transaction, as the planner writes them. */
  private static void send(KafkaProducer<String, byte[]> planner, String... tasks) {
    planner.beginTransaction();
    for (String task : tasks) {
      planner.send(new ProducerRecord<>(Topics.steps(Role.CODE_EDIT), task,
          AvroCodec.get().encode(StepRequests.executeRequest(task, Role.CODE_EDIT, "s1", 1).build())));
    }
    planner.commitTransaction();
  }

  /** The next {@code count} answers by task (each must be ok), with when each was read; fails after {@code patience}. */
  private static Map<String, Long> await(KafkaConsumer<String, byte[]> results, int count, Duration patience) {
    Map<String, Long> answered = new HashMap<>();
    long deadline = System.nanoTime() + patience.toNanos();
    while (answered.size() < count && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(10))) {
        StepResult result = AvroCodec.get().decode(record.value(), StepResult.class);
        assertThat(result.getOk()).as(result.getError()).isTrue();
        assertThat(answered.put(result.getMeta().getTaskId(), System.nanoTime())).as("a second answer for " + result.getMeta().getTaskId()).isNull();
      }
    }
    assertThat(answered).as("answers within " + patience).hasSize(count);
    return answered;
  }
}

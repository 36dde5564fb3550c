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
import java.util.ArrayList;
import java.util.Collections;
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
 * The planner writes step requests in transactions, so a commit marker follows each. With {@code max.poll.records=1} a
 * share consumer (Kafka 4.2.1) that has answered the record before a marker is not given the next request until its
 * poll times out: Spring polls for 1 s, so every request that reached an idle worker waited up to a second. The worker's
 * default (8) hands each one over as soon as it is committed. Each request here is written transactionally, as the
 * planner does, a moment after the previous answer, to an idle worker.
 */
class ShareHandOverTest {
  private static final int REQUESTS = 6;

  @TempDir static Path tmp;
  private static LocalKafka kafka;
  private static WireMockServer model;
  private static ConfigurableApplicationContext worker;

  @BeforeAll
  static void start() {
    kafka = LocalKafka.start(tmp.resolve("kafka"));
    KafkaAdmin.createTopics(kafka.bootstrapServers(), 1);
    model = FakeModel.start(0);
    worker = FakeModel.worker(kafka.bootstrapServers(), FakeModel.baseUrl(model));
  }

  @AfterAll
  static void stop() {
    if (worker != null) worker.close();
    if (model != null) model.stop();
    if (kafka != null) kafka.close();
  }

  @Test
  void aTransactionallyWrittenRequestReachesAnIdleWorkerWithoutWaitingForItsPollToTimeOut() throws Exception {
    List<Long> handOverMs = handOvers("one", 1);
    // held until the poll timed out, each would take ~0.9-1 s; handed over, tens of milliseconds
    assertThat(handOverMs.get(handOverMs.size() / 2)).as("median request → answer, ms, of %s", handOverMs).isLessThan(500);
  }

  /**
   * The planner often writes several requests in one transaction (one a task it works on). With two records a poll the
   * consumer took the two and then their marker alone, and the next transaction's requests waited out its poll.
   */
  @Test
  void requestsWrittenTwoATransactionReachAnIdleWorkerWithoutWaitingForItsPollToTimeOut() throws Exception {
    List<Long> handOverMs = handOvers("two", 2);
    assertThat(handOverMs.get(handOverMs.size() / 2)).as("median requests → both answers, ms, of %s", handOverMs).isLessThan(500);
  }

  /** Ms from each transaction's commit to the answers to all its requests, the first (joining the group) left out. */
  private static List<Long> handOvers(String name, int perTransaction) throws Exception {
    List<Long> handOverMs = new ArrayList<>();
    Map<String, StepResult> answers = new HashMap<>();
    try (KafkaProducer<String, byte[]> planner = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "hand-over-planner-" + name, ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(),
            new ByteArraySerializer());
        KafkaConsumer<String, byte[]> results = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringDeserializer(), new ByteArrayDeserializer())) {
      planner.initTransactions();
      TopicPartition resultPartition = new TopicPartition(Topics.STEP_RESULTS, 0);
      results.assign(List.of(resultPartition));
      results.seekToEnd(List.of(resultPartition));
      results.position(resultPartition); // now: seekToEnd alone waits for the first poll, and an answer before it is skipped
      for (int i = 0; i <= REQUESTS; i++) {
        List<String> tasks = new ArrayList<>();
        for (int r = 0; r < perTransaction; r++) tasks.add("hand-over-" + name + "-" + i + "-" + r);
        long sent = System.nanoTime();
        planner.beginTransaction();
        for (String task : tasks) {
          planner.send(new ProducerRecord<>(Topics.steps(Role.CODE_EDIT), task,
              AvroCodec.get().encode(StepRequests.executeRequest(task, Role.CODE_EDIT, "s1", 1).build())));
        }
        planner.commitTransaction();
        for (String task : tasks) {
          StepResult answer = awaitAnswer(results, answers, task);
          assertThat(answer.getOk()).as(answer.getError()).isTrue();
        }
        if (i > 0) handOverMs.add((System.nanoTime() - sent) / 1_000_000);
        Thread.sleep(100);
      }
    }
    Collections.sort(handOverMs);
    return handOverMs;
  }

  /** The answer to {@code task}; answers to other tasks read meanwhile are kept in {@code answers} for their own call. */
  private static StepResult awaitAnswer(KafkaConsumer<String, byte[]> results, Map<String, StepResult> answers, String task) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!answers.containsKey(task) && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(20))) {
        StepResult result = AvroCodec.get().decode(record.value(), StepResult.class);
        answers.put(result.getMeta().getTaskId(), result);
      }
    }
    StepResult answer = answers.remove(task);
    if (answer == null) throw new AssertionError("no answer to " + task + " within 60 s");
    return answer;
  }
}

package dev.agentline.worker.bench;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepResult;
import dev.agentline.worker.FakeModel;
import dev.agentline.worker.StepRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * Worker scaling proof (issue 9 §5). For each replica count: that many real worker-service
 * application contexts (one share consumer per role each, all in the code-edit role's share group)
 * on an in-process broker whose step topic has ONE partition; the code-edit model is an
 * OpenAI-compatible server (WireMock) that answers every call after a fixed delay. After a warm-up,
 * (about 3 s of steps) a batch of step requests sized for about {@code seconds} of work is produced at once and the time
 * until the last StepResult arrives on {@code agentline.step-results} is measured.
 * Prints replicas | steps | seconds | steps/s | efficiency against linear, and how the steps spread
 * over the replicas. Run by {@code worker-service/bench/scaling.sh [replicas=1,2,4,8] [seconds=12] [latency-ms=200]}.
 */
public final class ScalingBench {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  /** Warm-up of each configuration: the share group joined, the JIT warm, every replica busy. */
  private static final double WARM_UP_SECONDS = 3;

  private final String bootstrap;
  private final String modelUrl;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
  private final AtomicBoolean reading = new AtomicBoolean(true);
  private int taskCounter;

  /** When a StepResult arrived and which replica (its producer name) answered it. */
  record Arrival(long nanos, String replica, boolean ok) {}

  private ScalingBench(String bootstrap, String modelUrl) {
    this.bootstrap = bootstrap;
    this.modelUrl = modelUrl;
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer());
  }

  public static void main(String[] args) throws Exception {
    AvroCodec.trustAgentlineRecords();
    quietLogging();
    int[] replicas = java.util.Arrays.stream((args.length > 0 ? args[0] : "1,2,4,8").split(",")).mapToInt(Integer::parseInt).toArray();
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 12;
    int latencyMs = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    System.out.printf(Locale.ROOT, "worker scaling: replicas %s, ~%.0f s a configuration, model latency %d ms, %d cores%n",
        java.util.Arrays.toString(replicas), seconds, latencyMs, Runtime.getRuntime().availableProcessors());

    Path tmp = Files.createTempDirectory("worker-scaling");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(tmp.toFile()), "bench-cleanup"));
    WireMockServer model = FakeModel.start(latencyMs);
    try (LocalKafka kafka = LocalKafka.start(tmp.resolve("kafka"))) {
      KafkaAdmin.createTopics(kafka.bootstrapServers(), 1);
      ScalingBench bench = new ScalingBench(kafka.bootstrapServers(), FakeModel.baseUrl(model));
      Thread reader = new Thread(bench::readResults, "results-reader");
      reader.setDaemon(true);
      reader.start();
      try {
        List<ScalingTable.Row> rows = new ArrayList<>();
        for (int n : replicas) {
          rows.add(bench.run(n, steps(WARM_UP_SECONDS, n, latencyMs), steps(seconds, n, latencyMs)));
        }
        System.out.println();
        System.out.print(ScalingTable.format(rows));
      } finally {
        bench.reading.set(false);
        reader.join();
        bench.producer.close();
      }
    } finally {
      model.stop();
    }
  }

  /** Warnings only, before the broker starts (the worker contexts get {@code logging.level.root=WARN}). */
  private static void quietLogging() {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
  }

  /** Steps that keep {@code replicas} busy for about {@code seconds} at {@code latencyMs} a call. */
  private static int steps(double seconds, int replicas, int latencyMs) {
    return (int) Math.ceil(seconds * replicas * 1000.0 / latencyMs);
  }

  private ScalingTable.Row run(int replicas, int warmUpSteps, int steps) throws Exception {
    List<ConfigurableApplicationContext> workers = startWorkers(replicas);
    try {
      batch(warmUpSteps, "warm-up " + replicas);
      long start = System.nanoTime();
      List<String> ids = batch(steps, "measure " + replicas);
      long end = ids.stream().mapToLong(id -> arrivals.get(id).nanos()).max().orElseThrow();
      Map<String, Integer> perReplica = new TreeMap<>();
      ids.forEach(id -> perReplica.merge(arrivals.get(id).replica(), 1, Integer::sum));
      long failed = ids.stream().filter(id -> !arrivals.get(id).ok()).count();
      if (failed > 0) throw new IllegalStateException(failed + " steps failed: the fake model's answer was not accepted");
      ScalingTable.Row row = new ScalingTable.Row(replicas, steps, (end - start) / 1e9, perReplica.values().stream().toList());
      System.out.printf(Locale.ROOT, "%d replica(s): %d steps in %.2f s = %.2f steps/s; per replica %s%n",
          replicas, steps, row.seconds(), row.stepsPerSecond(), perReplica.values());
      return row;
    } finally {
      stopWorkers(workers);
    }
  }

  /** Produces {@code count} code-edit steps at once and waits until each has its StepResult. */
  private List<String> batch(int count, String label) throws Exception {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String task = "bench-" + (++taskCounter);
      var request = StepRequests.executeRequest(task, Role.CODE_EDIT, "s1", 1).build();
      ids.add(request.getRequestId());
      producer.send(new ProducerRecord<>(Topics.steps(Role.CODE_EDIT), task, AvroCodec.get().encode(request)));
    }
    producer.flush();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!ids.stream().allMatch(arrivals::containsKey)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(label + ": " + ids.stream().filter(id -> !arrivals.containsKey(id)).count() + " of " + count
            + " steps unanswered after " + PATIENCE);
      }
      Thread.sleep(5);
    }
    return ids;
  }

  private void readResults() {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "scaling-bench",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.STEP_RESULTS));
      while (reading.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          long now = System.nanoTime();
          StepResult result = AvroCodec.get().decode(record.value(), StepResult.class);
          arrivals.putIfAbsent(result.getRequestId(), new Arrival(now, result.getMeta().getProducer(), result.getOk()));
        }
      }
    }
  }

  /** One after the other: Spring Boot's logging set-up is not safe for contexts starting at the same time in one JVM. */
  private List<ConfigurableApplicationContext> startWorkers(int replicas) {
    List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    for (int i = 1; i <= replicas; i++) {
      contexts.add(FakeModel.worker(bootstrap, modelUrl,
          "--spring.main.banner-mode=off",
          "--spring.main.log-startup-info=false",
          "--logging.level.root=WARN",
          "--agentline.worker.producer-name=worker-" + replicas + "-" + i,
          "--agentline.models.timeout=30s"));
    }
    return contexts;
  }

  private static void stopWorkers(List<ConfigurableApplicationContext> workers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers.size()));
    try {
      List<Future<?>> stopping = new ArrayList<>();
      for (ConfigurableApplicationContext worker : workers) stopping.add(pool.submit(worker::close));
      for (Future<?> f : stopping) f.get();
    } finally {
      pool.shutdown();
    }
  }
}

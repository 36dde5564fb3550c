package dev.agentline.cli;

import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Runs demo tasks (the demo ticket, the demo cassette as every model, each task against its own copy of the demo
 * repository, a cheap test command) through an embedded system, a given number in flight at a time, and sees
 * them end on {@code agentline.task-events}.
 */
final class TaskDriver implements AutoCloseable {
  /** How long no task may end, with tasks open, before {@link #run} says so on stderr, and again as often while none ends. */
  static final Duration STALL_NOTICE = Duration.ofSeconds(60);
  private final EmbeddedSystem system;
  private final Path dir;
  private final TicketFile ticket;
  private final TaskClient client;
  private final Map<String, TaskEvent> ended = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread reader;
  private int repositories;

  TaskDriver(EmbeddedSystem system, Path dir) throws Exception {
    this.system = system;
    this.dir = dir;
    this.ticket = TicketFile.read(SampleRepository.copyResource("demo/ticket.yaml", dir));
    this.client = new TaskClient(system.plannerUrl());
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.TASK_EVENTS).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    this.reader = new Thread(() -> read(consumer), "task-ends");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(KafkaConsumer<String, byte[]> consumer) {
    try (consumer) {
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          TaskEvent event = AvroCodec.get().decode(record.value(), TaskEvent.class);
          if (event.getType() == TaskEventType.STATE_CHANGED && TaskWorkflow.isTerminal(event.getStatus())) ended.put(record.key(), event);
        }
      }
    }
  }

  /** {@code count} fresh origin repositories, made before a measurement so that git's work is not in it. */
  List<Path> origins(int count) throws Exception {
    List<Path> origins = new ArrayList<>();
    for (int i = 0; i < count; i++) origins.add(SampleRepository.create(Files.createDirectories(dir.resolve("repo-" + (++repositories)))));
    return origins;
  }

  /**
   * Runs a task on each origin, {@code inFlight} at a time (a new one is submitted as soon as one ends; with
   * {@code inFlight} ≥ the count all are submitted at once, in parallel) and returns each task's last event, in order.
   */
  List<TaskEvent> run(List<Path> origins, int inFlight, Duration patience) throws Exception {
    return run(origins, inFlight, patience, Duration.ZERO);
  }

  /**
   * Like {@link #run(List, int, Duration)}, but the first {@code inFlight} tasks are submitted {@code stagger} apart
   * (tickets do not all come in the same instant); each later one, as before, as soon as one ends.
   */
  List<TaskEvent> run(List<Path> origins, int inFlight, Duration patience, Duration stagger) throws Exception {
    Deque<Path> waiting = new ArrayDeque<>(origins);
    int started = 0;
    long nextStart = System.nanoTime();
    List<String> ids = new ArrayList<>();
    List<String> open = new ArrayList<>();
    long deadline = System.nanoTime() + patience.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(inFlight, 32));
    long lastEnd = System.nanoTime();
    long lastNotice = lastEnd;
    try {
      while (!waiting.isEmpty() || !open.isEmpty()) {
        if (open.removeIf(ended::containsKey)) lastEnd = lastNotice = System.nanoTime();
        if (!open.isEmpty() && System.nanoTime() - lastNotice > STALL_NOTICE.toNanos()) {
          // a stall says so while it lasts (session 20's went on silently for 8.6 min: operations.md, a held step)
          System.err.printf("no task ended for %d s; %d still open: %s%n",
              TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lastEnd), open.size(), open);
          lastNotice = System.nanoTime();
        }
        List<Future<String>> submitted = new ArrayList<>();
        while (!waiting.isEmpty() && open.size() + submitted.size() < inFlight) {
          boolean filling = started < inFlight && !stagger.isZero();
          if (filling && System.nanoTime() < nextStart) break;
          Path origin = waiting.poll();
          submitted.add(pool.submit(() -> client.submit(origin.toUri().toString(), ticket, ConcurrentTasksTest.TEST_COMMAND)));
          started++;
          if (filling) {
            nextStart = System.nanoTime() + stagger.toNanos();
            break;
          }
        }
        for (Future<String> future : submitted) {
          String id = future.get();
          ids.add(id);
          open.add(id);
        }
        if (System.nanoTime() > deadline) throw new IllegalStateException(open.size() + " task(s) still running after " + patience + ": " + open);
        Thread.sleep(2);
      }
    } finally {
      pool.shutdownNow();
    }
    return ids.stream().map(ended::get).toList();
  }

  /** The events of tasks that did not end DONE, as "status: message". */
  static List<String> failures(List<TaskEvent> ends) {
    return ends.stream().filter(e -> !e.getStatus().name().equals("DONE")).map(e -> e.getStatus() + ": " + e.getMessage()).toList();
  }

  EmbeddedSystem system() {
    return system;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    reader.join();
  }
}

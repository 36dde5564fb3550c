package dev.agentline.planner.kafka;

import dev.agentline.planner.PlannerProperties;
import dev.agentline.planner.metrics.PlannerMetrics;
import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.ConsumerGroups;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.TraceContext;
import io.opentelemetry.api.OpenTelemetry;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.platform.models.ModelCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Runs the planner topology with exactly_once_v2 and answers queries on the task-state store. */
@Component
public class PlannerStreams implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(PlannerStreams.class);
  private final PlannerProperties properties;
  private final String bootstrapServers;
  private KafkaStreams streams;

  private final ModelCatalog models;
  private final TraceContext tracing;
  private final PlannerMetrics metrics;

  /**
   * @param modelsFile the models config the workers use (agentline.models.config-file): its output
   *     limits and prices give each model step's worst-case cost; none means free models
   */
  PlannerStreams(PlannerProperties properties, @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
      @Value("${agentline.models.config-file:}") String modelsFile, ObjectProvider<OpenTelemetry> openTelemetry, PlannerMetrics metrics) {
    this.properties = properties;
    this.tracing = new TraceContext(openTelemetry.getIfAvailable(OpenTelemetry::noop), "planner");
    this.metrics = metrics;
    metrics.countTasksWith(this::taskCounts);
    this.bootstrapServers = bootstrapServers;
    this.models = modelsFile.isBlank() ? ModelCatalog.defaults() : ModelCatalog.load(Path.of(modelsFile));
  }

  static Properties streamsConfig(PlannerProperties properties, String bootstrapServers) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, properties.stateDir().toString());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, properties.commitIntervalMs());
    // poll.ms must not exceed the commit interval, or every hop waits ~100 ms in poll (PLATFORM.md §11)
    p.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, Math.min(5, properties.commitIntervalMs())));
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    // A record is processed as soon as it is here: the inputs are causally ordered per task (an answer follows its
    // request), so there is nothing to gain from waiting for the other input partitions, and the check itself was a
    // tenth of the stream thread's CPU (agentline-cli/bench/overhead.sh).
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    // Each thread commits its own transactions: with several, one thread's records are not held up behind another's
    // commit (20 tasks in flight: step p50 105 -> 59 ms, p99 276 -> 172 ms with 3 threads; bench/overhead.sh).
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Math.max(1, Math.min(3, properties.partitions())));
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
    // A planner that dies leaves its stream threads in the group until their session times out, and its partitions'
    // tasks wait that long for another instance (or itself, restarted): 10 s rather than the consumer's 45 s;
    // agentline.planner.streams.consumer.session.timeout.ms overrides
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), ConsumerGroups.SESSION_TIMEOUT_MS);
    p.putAll(properties.streams());
    return p;
  }

  @Override
  public void start() {
    if (properties.createTopics()) KafkaAdmin.createTopics(bootstrapServers, properties.partitions());
    var workflow = new TaskWorkflow(properties.guardrailPolicy(), properties.gates().toPolicy(), new ModelCallCosts(models),
        properties.budget().toBudget(), properties.timelineUrl(), properties.review().toPolicy());
    streams = new KafkaStreams(PlannerTopology.build(workflow, properties.tickInterval(), tracing, metrics, properties.commitOnHandOut()),
        streamsConfig(properties, bootstrapServers));
    streams.setUncaughtExceptionHandler(e -> {
      log.error("planner stream thread failed; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.start();
    metrics.streamsStarted(properties.applicationId(), streams);
  }

  @Override
  public void stop() {
    if (streams != null) {
      metrics.streamsStopped(properties.applicationId(), streams);
      // leave the group: Kafka Streams' members stay by default, so the next instance (a restart, a rolling deploy) would
      // get these partitions only once their session timed out
      streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(15)));
    }
    streams = null;
  }

  @Override
  public boolean isRunning() {
    return streams != null;
  }

  public boolean isReady() {
    return streams != null && streams.state() == KafkaStreams.State.RUNNING;
  }

  /** The Kafka Streams state (CREATED, REBALANCING, RUNNING, …), or STOPPED. */
  public String state() {
    KafkaStreams current = streams;
    return current == null ? "STOPPED" : current.state().name();
  }

  /** How many tasks of this instance's store are in each status; empty while the store cannot be queried. */
  Map<TaskStatus, Long> taskCounts() {
    if (!isReady()) return Map.of();
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    try (KeyValueIterator<String, byte[]> all = this.<byte[]>store(PlannerTopology.STORE).all()) {
      all.forEachRemaining(entry -> counts.merge(AvroCodec.get().decode(entry.value, TaskState.class).getStatus(), 1L, Long::sum));
    } catch (InvalidStateStoreException e) {
      return Map.of();
    }
    return counts;
  }

  /** The task's current state on this instance; empty when unknown. */
  public Optional<TaskState> task(String taskId) {
    byte[] bytes = this.<byte[]>store(PlannerTopology.STORE).get(taskId);
    return bytes == null ? Optional.empty() : Optional.of(AvroCodec.get().decode(bytes, TaskState.class));
  }

  /** The traceparent of the span that last changed the task on this instance: the trace a person's command joins. */
  public Optional<String> traceparent(String taskId) {
    return Optional.ofNullable(this.<String>store(PlannerTopology.TRACE_STORE).get(taskId));
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    if (!isReady()) throw new IllegalStateException("the planner is not running yet (state " + (streams == null ? "STOPPED" : streams.state()) + ")");
    return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }
}

package dev.agentline.cli;

import dev.agentline.audit.AuditApplication;
import dev.agentline.audit.store.EmbeddedPostgresServer;
import dev.agentline.planner.PlannerApplication;
import dev.agentline.planner.kafka.PlannerStreams;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.CpuPriority;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.toolrunner.ToolRunnerApplication;
import dev.agentline.worker.WorkerApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole of agentline in this JVM: a real in-process Kafka broker, the four services as
 * separate Spring contexts (the audit service brings its embedded PostgreSQL), all under one
 * working directory. Closing it stops everything in reverse order.
 *
 * <p>For tests of failure and recovery it can also restart the planner (optionally abruptly), run
 * extra workers and stop one of them, restart the tool runner or the audit service (optionally abruptly), restart
 * the broker, and stop and start the audit's PostgreSQL.
 */
public final class EmbeddedSystem implements AutoCloseable {
  /**
   * The planner and audit service of the embedded system listen on the loopback interface only and run with
   * {@code agentline.security.mode=off}: a one-user development system on this machine (a deployment sets
   * {@code agentline.security.*}; a test may override both through {@link Settings#extraArgs()}).
   */
  static final String LOOPBACK = "127.0.0.1";
  private static final String NO_JDBC = String.join(",",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
  /** How long a restarted planner may wait for the old one to let go of its state directory. */
  private static final Duration PLANNER_RESTART_TIMEOUT = Duration.ofSeconds(90);

  private LocalKafka kafka;
  /** The audit's PostgreSQL when a test stopped and started it again ({@link #startAuditDatabase}); closed last. */
  private EmbeddedPostgres restartedDatabase;
  private final Settings settings;
  /** The running services by name ("audit", "planner", "worker", "tool-runner", then "worker-2", ...), in start order. */
  private final Map<String, Service> services = new LinkedHashMap<>();
  private final String plannerUrl;
  private final String auditUrl;
  /** The first worker as started: extra workers start like it. */
  private final Service firstWorker;
  private int extraWorkers;

  /** One running service: its application class, the arguments it was started with, its context. */
  private record Service(Class<?> app, List<String> args, ConfigurableApplicationContext context) {}

  /**
   * Where and how to run, with defaults for the demo.
   *
   * @param extraArgs more command-line settings per service ("planner", "worker", "tool-runner", "audit"),
   *     e.g. {@code --agentline.planner.gates.plan-approval=always}; they come last, and one that names a key
   *     the launcher sets replaces the launcher's value
   * @param brokerOverrides settings of the in-process broker that replace its defaults, e.g. a short share-group
   *     record lock ({@code group.share.record.lock.duration.ms}, {@code group.share.min.record.lock.duration.ms})
   */
  public record Settings(Path workDir, Path modelsFile, int partitions, int plannerPort, int auditPort, boolean verbose,
      Map<String, List<String>> extraArgs, Map<String, String> brokerOverrides) {
    public Settings {
      if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
      extraArgs = Map.copyOf(extraArgs);
      brokerOverrides = Map.copyOf(brokerOverrides);
    }

    public Settings(Path workDir, Path modelsFile, int partitions, int plannerPort, int auditPort, boolean verbose,
        Map<String, List<String>> extraArgs) {
      this(workDir, modelsFile, partitions, plannerPort, auditPort, verbose, extraArgs, Map.of());
    }

    public Settings(Path workDir, Path modelsFile, int partitions, int plannerPort, int auditPort, boolean verbose) {
      this(workDir, modelsFile, partitions, plannerPort, auditPort, verbose, Map.of(), Map.of());
    }

    List<String> extra(String service) {
      return extraArgs.getOrDefault(service, List.of());
    }
  }

  private EmbeddedSystem(LocalKafka kafka, Settings settings, Map<String, Service> started) {
    this.kafka = kafka;
    this.settings = settings;
    this.services.putAll(started);
    this.plannerUrl = url(started.get("planner").context());
    this.auditUrl = url(started.get("audit").context());
    this.firstWorker = started.get("worker");
  }

  /**
   * The nice value of the tool runner's requests and of the audit's ingest, indexer and PostgreSQL: on one machine they
   * yield the CPU to the step path (planner, worker, broker), so a model step does not wait behind another task's git
   * work or tests (agentline-cli/README.md, benchmarks, session 16).
   */
  static final int BATCH_NICE = 19;

  /**
   * Runs this JVM's JIT compilers at {@link #BATCH_NICE} too, for the launcher and the benchmark (not the tests). The
   * whole system in one JVM is ~27 000 compiled methods; after minutes of work the compilers still took 20–60 % of a core,
   * and a step waited behind them. They now compile with the CPU the step path leaves. The launcher starts the JVM with
   * {@code -XX:-UseDynamicNumberOfCompilerThreads}, so every compiler thread exists by now.
   */
  static void lowerCompilerPriority() {
    new CpuPriority(BATCH_NICE, "the JIT compilers").lowerThreadsNamed("C1 CompilerThre", "C2 CompilerThre");
  }

  public static EmbeddedSystem start(Settings settings, Consumer<String> progress) {
    AvroCodec.trustAgentlineRecords();
    progress.accept("starting Kafka (in-process KRaft broker)");
    LocalKafka kafka = LocalKafka.start(settings.workDir().resolve("kafka"), settings.brokerOverrides());
    Map<String, Service> started = new LinkedHashMap<>();
    try {
      KafkaAdmin.createTopics(kafka.bootstrapServers(), settings.partitions());
      String bootstrap = kafka.bootstrapServers();
      progress.accept("starting audit-service (embedded PostgreSQL)");
      started.put("audit", run(AuditApplication.class, "audit", settings, bootstrap,
          "--server.port=" + settings.auditPort(), "--server.address=" + LOOPBACK, "--agentline.security.mode=off",
          "--agentline.audit.embedded-data-dir=" + settings.workDir().resolve("postgres"), "--agentline.audit.nice=" + BATCH_NICE));
      progress.accept("starting planner-service");
      started.put("planner", run(PlannerApplication.class, "planner", settings, bootstrap,
          "--server.port=" + settings.plannerPort(), "--server.address=" + LOOPBACK, "--agentline.security.mode=off",
          "--spring.autoconfigure.exclude=" + NO_JDBC,
          "--agentline.planner.state-dir=" + settings.workDir().resolve("planner-state"),
          "--agentline.planner.partitions=" + settings.partitions(),
          "--agentline.planner.timeline-url=" + url(started.get("audit").context()) + "/api/tasks/{taskId}/timeline",
          "--agentline.models.config-file=" + settings.modelsFile().toAbsolutePath()));
      progress.accept("starting worker-service");
      started.put("worker", run(WorkerApplication.class, "worker", settings, bootstrap, workerArgs(settings)));
      progress.accept("starting tool-runner-service");
      started.put("tool-runner", run(ToolRunnerApplication.class, "tool-runner", settings, bootstrap,
          "--spring.main.web-application-type=none",
          "--spring.autoconfigure.exclude=" + NO_JDBC,
          "--agentline.workspace.root=" + settings.workDir().resolve("workspaces"), "--agentline.tool-runner.nice=" + BATCH_NICE,
          sandboxMode(progress)));
      return new EmbeddedSystem(kafka, settings, started);
    } catch (RuntimeException e) {
      List<Service> running = new ArrayList<>(started.values());
      for (int i = running.size() - 1; i >= 0; i--) running.get(i).context().close();
      kafka.close();
      throw e;
    }
  }

  private static String[] workerArgs(Settings settings) {
    return new String[] {"--spring.main.web-application-type=none", "--spring.autoconfigure.exclude=" + NO_JDBC,
        "--agentline.models.config-file=" + settings.modelsFile().toAbsolutePath()};
  }

  private static Service run(Class<?> app, String service, Settings settings, String bootstrap, String... specific) {
    List<String> args = new ArrayList<>(List.of(
        "--spring.kafka.bootstrap-servers=" + bootstrap,
        "--spring.main.banner-mode=off",
        "--logging.level.root=" + (settings.verbose() ? "INFO" : "WARN"),
        "--logging.level.org.apache.kafka=" + (settings.verbose() ? "WARN" : "ERROR"), "--logging.level.kafka=ERROR"));
    args.addAll(List.of(specific));
    return start(app, settings, withOverrides(args, settings.extra(service)));
  }

  private static Service start(Class<?> app, Settings settings, List<String> args) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(app).logStartupInfo(settings.verbose()).run(args.toArray(String[]::new));
    return new Service(app, List.copyOf(args), context);
  }

  /**
   * {@code args} followed by {@code overrides}, where an override {@code --key=value} first removes every earlier
   * {@code --key=...}: Spring joins repeated command-line keys with commas instead of letting the last one win.
   */
  static List<String> withOverrides(List<String> args, List<String> overrides) {
    List<String> result = new ArrayList<>(args);
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (override.startsWith("--") && eq > 2) {
        String prefix = override.substring(0, eq + 1);
        result.removeIf(arg -> arg.startsWith(prefix));
      }
      result.add(override);
    }
    return result;
  }

  /**
   * Stops the planner and starts a new planner context on the same port, state directory and Streams
   * application id, as a restarted planner process would be. The new context starts once the old one has let
   * go of the state directory (within {@code PLANNER_RESTART_TIMEOUT}).
   *
   * <p>{@code abruptly}: the planner's stream threads are interrupted, so each one dies in the middle of whatever
   * it was doing instead of finishing its work: an open exactly-once transaction is not committed (the dying
   * thread aborts it, or it stays open until the new instance's producer, with the same transactional id, fences
   * it), its input offsets are not committed, its state store is left without a checkpoint (so the new instance
   * wipes it and restores it from the changelog) and its group member does not leave the group (so the new
   * instance gets the partitions once the broker has timed that member out, as after a real crash). The uncaught
   * exception handler does not get to replace the dead threads: the client is told to shut down at the same
   * moment. What one JVM cannot simulate: the process does not vanish — the dying threads still run Kafka Streams'
   * error path (abort attempt, closing their clients) and the rest of the old context shuts down normally.
   */
  public synchronized void restartPlanner(boolean abruptly) {
    Service planner = services.get("planner");
    if (abruptly) haltStreamThreads(planner.context());
    planner.context().close();
    List<String> args = withOverrides(planner.args(), List.of("--server.port=" + port(plannerUrl)));
    Instant until = Instant.now().plus(PLANNER_RESTART_TIMEOUT);
    while (true) {
      try {
        services.put("planner", start(planner.app(), settings, args));
        return;
      } catch (RuntimeException e) {
        // "Unable to initialize state ... multiple instances ... in the same state directory": the old one is still closing
        if (Instant.now().isAfter(until)) throw e;
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  private static void haltStreamThreads(ConfigurableApplicationContext planner) {
    KafkaStreams streams = plannerStreams(planner);
    String applicationId = planner.getEnvironment().getProperty("agentline.planner.application-id", "agentline-planner");
    List<Thread> streamThreads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(applicationId + "-") && t.getName().contains("-StreamThread-")).toList();
    if (streamThreads.isEmpty()) throw new IllegalStateException("no stream thread of " + applicationId + " is running");
    streamThreads.forEach(Thread::interrupt);
    streams.close(Duration.ZERO); // PENDING_SHUTDOWN at once: the dying threads are not replaced; returns without waiting
    Instant until = Instant.now().plusSeconds(30);
    for (Thread thread : streamThreads) {
      try {
        thread.join(Math.max(1, Duration.between(Instant.now(), until).toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while halting the planner", e);
      }
    }
  }

  /** The planner's KafkaStreams client, which its {@link PlannerStreams} bean keeps to itself. */
  private static KafkaStreams plannerStreams(ConfigurableApplicationContext planner) {
    PlannerStreams bean = planner.getBean(PlannerStreams.class);
    for (Field field : PlannerStreams.class.getDeclaredFields()) {
      if (field.getType() != KafkaStreams.class) continue;
      try {
        field.setAccessible(true);
        KafkaStreams streams = (KafkaStreams) field.get(bean);
        if (streams != null) return streams;
      } catch (IllegalAccessException | RuntimeException e) {
        throw new IllegalStateException("cannot reach the planner's KafkaStreams: " + e.getMessage(), e);
      }
    }
    throw new IllegalStateException("the planner has no running KafkaStreams");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Stops a service ("tool-runner" or "audit") and starts a new context of it with the same arguments (the audit
   * on the same port, so the planner's timeline link still works). {@code abruptly}: its Kafka listener threads are
   * interrupted first, so the record each one is handling is abandoned midway, its offset not committed (the new
   * context reads it again), as after a crash; what one JVM cannot simulate is the rest of the context shutting
   * down normally.
   */
  public synchronized void restartService(String name, boolean abruptly) {
    if (!List.of("tool-runner", "audit").contains(name)) throw new IllegalArgumentException("cannot restart " + name);
    Service service = services.get(name);
    if (abruptly) interruptListenerThreads(service.context());
    service.context().close();
    if (name.equals("audit")) stopRestartedDatabase(); // the new audit context starts its own on the same data directory
    List<String> args = name.equals("audit") ? withOverrides(service.args(), List.of("--server.port=" + port(auditUrl))) : service.args();
    services.put(name, start(service.app(), settings, args));
  }

  /** Interrupts the consumer threads of every listener container of {@code context} (named after the container's id). */
  private static void interruptListenerThreads(ConfigurableApplicationContext context) {
    List<String> prefixes = new ArrayList<>();
    context.getBeansOfType(org.springframework.kafka.listener.MessageListenerContainer.class).values()
        .forEach(c -> prefixes.add(c.getListenerId() + "-"));
    context.getBeanProvider(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class).ifAvailable(registry ->
        registry.getListenerContainers().forEach(c -> prefixes.add(c.getListenerId() + "-")));
    List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> prefixes.stream().anyMatch(p -> t.getName().startsWith(p))).toList();
    if (threads.isEmpty()) throw new IllegalStateException("no listener thread of " + prefixes + " is running");
    threads.forEach(Thread::interrupt);
  }

  /**
   * Stops the broker for {@code down}, then starts it again on the same log directory and ports (see
   * {@link LocalKafka#restart}); the services' clients reconnect on their own.
   */
  public synchronized void restartBroker(Duration down) {
    kafka = kafka.restart(down);
  }

  /** Stops the audit's embedded PostgreSQL (fast shutdown); the audit service keeps running and cannot store. */
  public synchronized void stopAuditDatabase() {
    try {
      auditDatabase().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the audit's PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** Starts the audit's PostgreSQL again on the same data directory and port, after {@link #stopAuditDatabase()}. */
  public synchronized void startAuditDatabase() {
    EmbeddedPostgres stopped = auditDatabase();
    try {
      restartedDatabase = EmbeddedPostgresServer.builder().setPort(stopped.getPort())
          .setDataDirectory(settings.workDir().resolve("postgres")).setCleanDataDirectory(false).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the audit's PostgreSQL again: " + e.getMessage(), e);
    }
  }

  private EmbeddedPostgres auditDatabase() {
    return restartedDatabase != null ? restartedDatabase : services.get("audit").context().getBean(EmbeddedPostgres.class);
  }

  /**
   * Starts one more worker-service context, with the same settings as the first one plus {@code extraArgs}
   * (e.g. another {@code --agentline.models.config-file}); it joins the same share groups. Returns its name.
   */
  public synchronized String startWorker(List<String> extraArgs) {
    String name = "worker-" + (++extraWorkers + 1);
    services.put(name, start(firstWorker.app(), settings, withOverrides(firstWorker.args(), extraArgs)));
    return name;
  }

  /**
   * Stops a worker ("worker" is the first one) by closing its context. A step it holds and has not answered is
   * not acknowledged; it comes back to the group when the worker's consumer lets go of it or the broker's record
   * lock expires, whichever is first.
   */
  public void stopWorker(String name) {
    Service worker;
    synchronized (this) {
      if (!name.startsWith("worker") || !services.containsKey(name)) throw new IllegalArgumentException("no worker named " + name);
      worker = services.remove(name);
    }
    worker.context().close();
  }

  /**
   * Test and lint commands run under bubblewrap. On a machine without it the local system says so and
   * opts out explicitly, so a newcomer's first run works; a deployed tool runner refuses to start instead.
   */
  private static String sandboxMode(Consumer<String> progress) {
    boolean bwrap = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, "bwrap")));
    if (bwrap) return "--agentline.sandbox.mode=required";
    progress.accept("bubblewrap (bwrap) not found: test commands run WITHOUT a sandbox (apt-get install bubblewrap to sandbox them)");
    return "--agentline.sandbox.mode=off";
  }

  private static String url(ConfigurableApplicationContext context) {
    return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  public String plannerUrl() {
    return plannerUrl;
  }

  public String auditUrl() {
    return auditUrl;
  }

  /** The running context of a service ("planner", "worker", ...): the benchmarks read its meters. */
  synchronized ConfigurableApplicationContext context(String service) {
    Service running = services.get(service);
    if (running == null) throw new IllegalArgumentException("no service named " + service);
    return running.context();
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** A bean of a running service ("audit", "planner", "worker", "tool-runner"), e.g. the audit store's DataSource. */
  public synchronized <T> T bean(String service, Class<T> type) {
    Service running = services.get(service);
    if (running == null) throw new IllegalArgumentException("no running service named " + service);
    return running.context().getBean(type);
  }

  /** The working directory: {@code kafka/}, {@code postgres/}, {@code planner-state/}, {@code workspaces/<taskId>}. */
  public Path workDir() {
    return settings.workDir();
  }

  private static int port(String url) {
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  @Override
  public synchronized void close() {
    List<Service> running = new ArrayList<>(services.values());
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).context().close();
      } catch (RuntimeException e) {
        System.err.println("agentline: error while stopping a service: " + e.getMessage());
      }
    }
    services.clear();
    kafka.close();
    stopRestartedDatabase();
  }

  private void stopRestartedDatabase() {
    if (restartedDatabase == null) return;
    try {
      restartedDatabase.close();
    } catch (IOException e) {
      System.err.println("agentline: error while stopping the audit's PostgreSQL: " + e.getMessage());
    }
    restartedDatabase = null;
  }
}

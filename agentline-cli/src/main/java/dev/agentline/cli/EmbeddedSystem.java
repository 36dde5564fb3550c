package dev.agentline.cli;

import dev.agentline.audit.AuditApplication;
import dev.agentline.planner.PlannerApplication;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.toolrunner.ToolRunnerApplication;
import dev.agentline.worker.WorkerApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole of agentline in this JVM: a real in-process Kafka broker, the four services as
 * separate Spring contexts (the audit service brings its embedded PostgreSQL), all under one
 * working directory. Closing it stops everything in reverse order.
 */
public final class EmbeddedSystem implements AutoCloseable {
  private static final String NO_JDBC = String.join(",",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");

  private final LocalKafka kafka;
  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private final String plannerUrl;
  private final String auditUrl;

  /**
   * Where and how to run, with defaults for the demo.
   *
   * @param extraArgs more command-line settings per service ("planner", "worker", "tool-runner", "audit"),
   *     e.g. {@code --agentline.planner.gates.plan-approval=always}; they come last, so they win
   */
  public record Settings(Path workDir, Path modelsFile, int partitions, int plannerPort, int auditPort, boolean verbose,
      Map<String, List<String>> extraArgs) {
    public Settings {
      if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
      extraArgs = Map.copyOf(extraArgs);
    }

    public Settings(Path workDir, Path modelsFile, int partitions, int plannerPort, int auditPort, boolean verbose) {
      this(workDir, modelsFile, partitions, plannerPort, auditPort, verbose, Map.of());
    }

    List<String> extra(String service) {
      return extraArgs.getOrDefault(service, List.of());
    }
  }

  private EmbeddedSystem(LocalKafka kafka, String plannerUrl, String auditUrl, List<ConfigurableApplicationContext> started) {
    this.kafka = kafka;
    this.plannerUrl = plannerUrl;
    this.auditUrl = auditUrl;
    this.contexts.addAll(started);
  }

  public static EmbeddedSystem start(Settings settings, Consumer<String> progress) {
    AvroCodec.trustAgentlineRecords();
    progress.accept("starting Kafka (in-process KRaft broker)");
    LocalKafka kafka = LocalKafka.start(settings.workDir().resolve("kafka"));
    List<ConfigurableApplicationContext> started = new ArrayList<>();
    try {
      KafkaAdmin.createTopics(kafka.bootstrapServers(), settings.partitions());
      String bootstrap = kafka.bootstrapServers();
      progress.accept("starting audit-service (embedded PostgreSQL)");
      var audit = run(AuditApplication.class, "audit", settings, bootstrap, started,
          "--server.port=" + settings.auditPort(),
          "--agentline.audit.embedded-data-dir=" + settings.workDir().resolve("postgres"));
      progress.accept("starting planner-service");
      var planner = run(PlannerApplication.class, "planner", settings, bootstrap, started,
          "--server.port=" + settings.plannerPort(),
          "--spring.autoconfigure.exclude=" + NO_JDBC,
          "--agentline.planner.state-dir=" + settings.workDir().resolve("planner-state"),
          "--agentline.planner.partitions=" + settings.partitions(),
          "--agentline.models.config-file=" + settings.modelsFile().toAbsolutePath());
      progress.accept("starting worker-service");
      run(WorkerApplication.class, "worker", settings, bootstrap, started,
          "--spring.main.web-application-type=none",
          "--spring.autoconfigure.exclude=" + NO_JDBC,
          "--agentline.models.config-file=" + settings.modelsFile().toAbsolutePath());
      progress.accept("starting tool-runner-service");
      run(ToolRunnerApplication.class, "tool-runner", settings, bootstrap, started,
          "--spring.main.web-application-type=none",
          "--spring.autoconfigure.exclude=" + NO_JDBC,
          "--agentline.workspace.root=" + settings.workDir().resolve("workspaces"));
      return new EmbeddedSystem(kafka, url(planner), url(audit), started);
    } catch (RuntimeException e) {
      for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
      kafka.close();
      throw e;
    }
  }

  private static ConfigurableApplicationContext run(Class<?> app, String service, Settings settings, String bootstrap,
      List<ConfigurableApplicationContext> started, String... specific) {
    List<String> args = new ArrayList<>(List.of(
        "--spring.kafka.bootstrap-servers=" + bootstrap,
        "--spring.main.banner-mode=off",
        "--logging.level.root=" + (settings.verbose() ? "INFO" : "WARN"),
        "--logging.level.org.apache.kafka=" + (settings.verbose() ? "WARN" : "ERROR"), "--logging.level.kafka=ERROR"));
    args.addAll(List.of(specific));
    args.addAll(settings.extra(service));
    ConfigurableApplicationContext context = new SpringApplicationBuilder(app).logStartupInfo(settings.verbose()).run(args.toArray(String[]::new));
    started.add(context);
    return context;
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

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  public void close() {
    for (int i = contexts.size() - 1; i >= 0; i--) {
      try {
        contexts.get(i).close();
      } catch (RuntimeException e) {
        System.err.println("agentline: error while stopping a service: " + e.getMessage());
      }
    }
    kafka.close();
  }
}

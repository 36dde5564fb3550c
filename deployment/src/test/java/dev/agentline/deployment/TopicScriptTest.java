package dev.agentline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.Role;
import dev.agentline.worker.roles.Roles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.TopicCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helm/agentline/files/create-topics.sh, the topic script of compose's kafka-init and of the chart's
 * topics Job, against a real broker: sh runs the script with the compose environment, stand-ins for
 * kafka-topics.sh and kafka-configs.sh record each call, and the calls then run in this JVM through
 * the same Kafka tool classes those scripts start (TopicCommand, ConfigCommand).
 */
class TopicScriptTest {
  private static final String END = "--end-of-call--";

  @TempDir static Path temp;
  private static LocalKafka broker;
  private static Admin admin;
  private static Map<String, String> environment;

  @BeforeAll
  static void runTheScript() throws Exception {
    broker = LocalKafka.start(temp.resolve("kafka"));
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    Path root = ServiceCatalog.repositoryRoot();
    environment = new ComposeFile(root.resolve("docker-compose.yml")).environment("kafka-init");

    Path bin = Files.createDirectories(temp.resolve("bin"));
    Path calls = temp.resolve("calls");
    for (String tool : List.of("kafka-topics.sh", "kafka-configs.sh")) {
      Path stand = bin.resolve(tool);
      Files.writeString(stand, "#!/bin/sh\n{ echo " + tool + "; for a in \"$@\"; do printf '%s\\n' \"$a\"; done; echo " + END + "; } >> "
          + calls + "\n");
      Files.setPosixFilePermissions(stand, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    ProcessBuilder script = new ProcessBuilder("sh", root.resolve("helm/agentline/files/create-topics.sh").toString())
        .redirectErrorStream(true).redirectOutput(temp.resolve("script.log").toFile());
    script.environment().putAll(environment);
    script.environment().put("BOOTSTRAP_SERVERS", broker.bootstrapServers());
    script.environment().put("KAFKA_BIN", bin.toString());
    Process process = script.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(temp.resolve("script.log"))).isZero();

    // the tools end with Exit.exit(status); 0 returns to the caller, anything else fails the call
    Exit.setExitProcedure((code, message) -> {
      if (code != 0) throw new IllegalStateException("the Kafka tool exited " + code + ": " + message);
    });
    try {
      for (List<String> call : calls(calls)) run(call);
    } finally {
      Exit.resetExitProcedure();
    }
  }

  @AfterAll
  static void stop() {
    if (admin != null) admin.close();
    if (broker != null) broker.close();
  }

  @Test
  void everyPlatformTopicExistsWithThePartitionCountComposeConfigures() throws Exception {
    Set<String> topics = new TreeSet<>(admin.listTopics().names().get());
    topics.removeIf(t -> t.startsWith("__"));
    assertThat(topics).containsExactlyInAnyOrderElementsOf(Topics.all());

    Map<String, TopicDescription> described = admin.describeTopics(Topics.all()).allTopicNames().get();
    int plannerInputs = Integer.parseInt(environment.get("PLANNER_INPUT_PARTITIONS"));
    for (String topic : Topics.plannerInputs()) assertThat(described.get(topic).partitions()).as(topic).hasSize(plannerInputs);
    for (Role role : Role.values()) {
      assertThat(described.get(Topics.steps(role)).partitions()).hasSize(Integer.parseInt(environment.get("STEP_PARTITIONS")));
    }
    assertThat(described.get(Topics.TOOL_REQUESTS).partitions()).hasSize(Integer.parseInt(environment.get("TOOL_REQUEST_PARTITIONS")));
    assertThat(described.get(Topics.TASK_EVENTS).partitions()).hasSize(Integer.parseInt(environment.get("EVENT_PARTITIONS")));
    assertThat(described.get(Topics.ACCESS_REFUSALS).partitions()).hasSize(Integer.parseInt(environment.get("EVENT_PARTITIONS")));
    assertThat(described.get(Topics.dlt(Topics.TASKS)).partitions()).hasSize(Integer.parseInt(environment.get("DEAD_LETTER_PARTITIONS")));
  }

  @Test
  void theAnalysisCacheIsCompacted() throws Exception {
    ConfigResource cache = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ANALYSIS_CACHE);
    Config config = admin.describeConfigs(List.of(cache)).all().get().get(cache);
    assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
  }

  @Test
  void everyWorkerShareGroupReadsCommittedRecordsFromTheEarliest() throws Exception {
    List<ConfigResource> groups = new ArrayList<>();
    for (Role role : Role.values()) groups.add(new ConfigResource(ConfigResource.Type.GROUP, Roles.shareGroup(role)));
    Map<ConfigResource, Config> configs = admin.describeConfigs(groups).all().get();
    for (ConfigResource group : groups) {
      assertThat(configs.get(group).get("share.isolation.level").value()).as(group.name()).isEqualTo("read_committed");
      assertThat(configs.get(group).get("share.auto.offset.reset").value()).as(group.name()).isEqualTo("earliest");
    }
  }

  private static List<List<String>> calls(Path file) throws IOException {
    List<List<String>> calls = new ArrayList<>();
    List<String> call = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.equals(END)) {
        calls.add(call);
        call = new ArrayList<>();
      } else {
        call.add(line);
      }
    }
    return calls;
  }

  /** Runs one recorded call with the class the Kafka script of that name starts. */
  private static void run(List<String> call) {
    String[] args = call.subList(1, call.size()).toArray(String[]::new);
    Map<String, Runnable> tools = new HashMap<>();
    tools.put("kafka-topics.sh", () -> TopicCommand.main(args));
    tools.put("kafka-configs.sh", () -> kafka.admin.ConfigCommand.main(args));
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream captured = new PrintStream(output, true, StandardCharsets.UTF_8);
    System.setOut(captured);
    System.setErr(captured);
    try {
      tools.get(call.get(0)).run();
    } catch (RuntimeException e) {
      throw new IllegalStateException(String.join(" ", call) + ": " + e.getMessage() + "\n" + output.toString(StandardCharsets.UTF_8), e);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}

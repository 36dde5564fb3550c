package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.platform.Headers;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.TaskEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One task is one trace: after a task has run to DONE through its plan gate, every record of it on every
 * agentline topic carries a W3C traceparent of the same trace, and each hop (intake, planner, worker, tool
 * runner, the approving person's command) wrote a span of its own.
 */
class TracingEndToEndTest {
  static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
  static Path dir;
  static EmbeddedSystem system;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("agentline-tracing");
    Path cassette = dir.resolve("cassette.yaml");
    try (var in = TracingEndToEndTest.class.getResourceAsStream("/e2e-cassette.yaml")) {
      Files.copy(in, cassette);
    }
    system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), cassette, 1, 0, 0, false,
        Map.of("planner", List.of("--agentline.planner.gates.plan-approval=always"))), m -> {});
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
  }

  @Test
  void everyRecordOfATaskOnEveryTopicCarriesTheTasksTraceAndEachHopItsOwnSpan() throws Exception {
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve("demo")));
    TaskClient client = new TaskClient(system.plannerUrl());
    String taskId = client.submit(origin.toUri().toString(), EndToEndTest.demoTicket(), "sh run-tests.sh");
    Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
        .until(() -> client.task(taskId).path("status").asText(), "AWAITING_APPROVAL"::equals);
    client.command(taskId, "approve-plan", "trace-approver", null, "traced").orFail();
    TaskEvent end = TopicContents.awaitEnd(system.bootstrapServers(), List.of(taskId), Duration.ofMinutes(4)).get(taskId);
    assertThat(end.getStatus().name()).isEqualTo("DONE");

    Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = new LinkedHashMap<>();
    for (String topic : agentlineTopics()) {
      List<ConsumerRecord<String, byte[]>> ofTask = TopicContents.read(system.bootstrapServers(), topic, true).stream()
          .filter(r -> taskId.equals(r.key())).toList();
      if (!ofTask.isEmpty()) byTopic.put(topic, ofTask);
    }
    assertThat(byTopic.keySet()).contains(Topics.TASKS, Topics.COMMANDS, Topics.TASK_EVENTS, Topics.STEP_RESULTS, Topics.MODEL_CALLS,
        Topics.TOOL_REQUESTS, Topics.TOOL_RESULTS, "agentline.steps.manager", "agentline.steps.code-edit");

    Set<String> traceIds = new HashSet<>();
    Map<String, Set<String>> spansByTopic = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    byTopic.forEach((topic, records) -> {
      for (ConsumerRecord<String, byte[]> record : records) {
        String traceparent = Headers.text(record.headers(), TraceContext.TRACEPARENT);
        Matcher m = traceparent == null ? null : TRACEPARENT.matcher(traceparent);
        if (m == null || !m.matches()) {
          missing.add(topic + "@" + record.offset() + ": " + traceparent);
          continue;
        }
        traceIds.add(m.group(1));
        spansByTopic.computeIfAbsent(topic, t -> new HashSet<>()).add(m.group(2));
      }
    });
    assertThat(missing).as("records without a valid traceparent").isEmpty();
    assertThat(traceIds).as("one trace for the whole task").hasSize(1);
    assertThat(traceIds.iterator().next()).isNotEqualTo("0".repeat(32));
    Set<String> allSpans = new HashSet<>();
    spansByTopic.values().forEach(allSpans::addAll);
    assertThat(allSpans).as("distinct spans").hasSizeGreaterThan(1);
    // each hop writes its own span: what answers a request never carries the request's span
    assertThat(spansByTopic.get(Topics.STEP_RESULTS)).doesNotContainAnyElementsOf(spansByTopic.get("agentline.steps.code-edit"))
        .doesNotContainAnyElementsOf(spansByTopic.get("agentline.steps.manager"));
    assertThat(spansByTopic.get(Topics.TOOL_RESULTS)).doesNotContainAnyElementsOf(spansByTopic.get(Topics.TOOL_REQUESTS));
    assertThat(spansByTopic.get(Topics.TASK_EVENTS)).doesNotContainAnyElementsOf(spansByTopic.get(Topics.TASKS))
        .doesNotContainAnyElementsOf(spansByTopic.get(Topics.COMMANDS));

    // the audit keeps each record's trace context: its timeline shows the task's trace on every record of it
    String trace = traceIds.iterator().next();
    int records = byTopic.values().stream().mapToInt(List::size).sum();
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      List<JsonNode> audited = new ArrayList<>();
      for (JsonNode entry : EndToEndTest.getJson(system.auditUrl() + "/api/tasks/" + taskId + "/timeline").path("entries")) {
        if (entry.path("topic").asText().startsWith("agentline.")) audited.add(entry);
      }
      assertThat(audited).hasSizeGreaterThanOrEqualTo(records)
          .allSatisfy(entry -> assertThat(entry.path("traceparent").asText()).startsWith("00-" + trace + "-"));
    });
  }

  /** Every agentline.* topic on the broker (dead-letter topics included). */
  static List<String> agentlineTopics() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()))) {
      return admin.listTopics().names().get().stream().filter(t -> t.startsWith("agentline.")).sorted().toList();
    }
  }
}

package dev.agentline.toolrunner.review;

import static dev.agentline.toolrunner.review.ReviewFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.ReviewState;
import dev.agentline.toolrunner.ToolRunnerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The service over HTTP with a real broker: a signed GitHub delivery becomes a record on agentline.pr-events keyed by the task id. */
class WebhookKafkaTest {
  @TempDir static Path temp;
  static LocalKafka kafka;
  static ConfigurableApplicationContext context;
  static KafkaConsumer<String, byte[]> consumer;
  static String base;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    kafka = LocalKafka.start(temp.resolve("kafka"));
    KafkaAdmin.createTopics(kafka.bootstrapServers(), 2);
    Map<String, String> env = Map.of("TEST_GITHUB_HOOK_SECRET", GITHUB_SECRET);
    context = new SpringApplicationBuilder(ToolRunnerApplication.class)
        .initializers(ctx -> ctx.getBeanFactory().registerSingleton("codeHostEnvironment", (CodeHostEnvironment) env::get))
        .run("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
            "--server.port=0",
            "--agentline.workspace.root=" + temp.resolve("workspaces"),
            "--agentline.code-hosts.github.webhook-secret-env=TEST_GITHUB_HOOK_SECRET");
    base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.PR_EVENTS));
  }

  @AfterAll
  static void stop() {
    if (consumer != null) consumer.close();
    if (context != null) context.close();
    if (kafka != null) kafka.close();
  }

  static HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSignedReviewBecomesADecodableRecordKeyedByTheTaskAndAnUnsignedOneIsRefused() throws Exception {
    byte[] body = bytes(json("github/pull_request_review.submitted.json"));

    HttpResponse<String> unsigned = post("/webhooks/github", Map.of("X-GitHub-Event", "pull_request_review", "X-GitHub-Delivery", "k-0",
        "Content-Type", "application/json"), body);
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(unsigned.body()).contains("X-Hub-Signature-256");

    HttpResponse<String> accepted = post("/webhooks/github", github("pull_request_review", "k-1", body), body);
    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonNode answer = JSON.readTree(accepted.body());
    String eventId = answer.path("eventIds").path(0).asText();

    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(30)).until(() -> {
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      return seen.isEmpty() ? null : seen.get(0);
    }, r -> r != null);
    assertThat(record.key()).isEqualTo("ORD-42");
    PullRequestEvent event = AvroCodec.get().decode(record.value(), PullRequestEvent.class);
    assertThat(event.getMeta().getEventId()).isEqualTo(eventId);
    assertThat(event.getType()).isEqualTo(PullRequestEventType.REVIEW_SUBMITTED);
    assertThat(event.getReviewState()).isEqualTo(ReviewState.CHANGES_REQUESTED);
    assertThat(event.getDeliveryId()).isEqualTo("k-1");

    HttpResponse<String> duplicate = post("/webhooks/github", github("pull_request_review", "k-1", body), body);
    assertThat(duplicate.statusCode()).isEqualTo(202);
    assertThat(duplicate.body()).contains("\"ignored\"");

    byte[] invalid = bytes(json("github/pull_request_review.submitted.json").without("repository"));
    HttpResponse<String> bad = post("/webhooks/github", github("pull_request_review", "k-2", invalid), invalid);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("field").asText()).isEqualTo("repository.full_name");

    HttpResponse<String> gitlab = post("/webhooks/gitlab", gitlab("Note Hook", "k-3"), bytes(json("gitlab/note.diff.json")));
    assertThat(gitlab.statusCode()).isEqualTo(401);
    assertThat(gitlab.body()).contains("GITLAB_WEBHOOK_SECRET").contains("not configured");
  }

  @Test
  void aBodyOverTheCapIsRefusedBeforeItsSignatureIsChecked() throws Exception {
    byte[] huge = new byte[WebhookController.MAX_BODY_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    HttpResponse<String> refused = post("/webhooks/github", Map.of("X-GitHub-Event", "pull_request_review", "X-GitHub-Delivery", "k-big",
        "X-Hub-Signature-256", "sha256=00", "Content-Type", "application/json"), huge);
    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(refused.body()).path("field").asText()).isEqualTo("body");
  }
}

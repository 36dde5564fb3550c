package dev.agentline.planner.security;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.AccessRefused;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.agentline.planner.PlannerApplication;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.access.ApiTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Access control on the running planner (real broker, real HTTP): API tokens and OIDC JWTs (keys served by a WireMock
 * JWKS endpoint), every refusal, and the endpoints that stay open (probes, scrapes, the signed Jira webhook).
 */
class PlannerAccessTest {
  static final String ISSUER = "https://id.example.com/realms/agentline";
  static final String ALICE = "alice-token", BOB = "bob-token", CAROL = "carol-token", ROOT = "root-token";
  static Path dir;
  static LocalKafka kafka;
  static WireMockServer idp;
  static RSAKey key;
  static ConfigurableApplicationContext planner;
  static String base;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("planner-access");
    kafka = LocalKafka.start(dir.resolve("kafka"));
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    idp = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    idp.start();
    idp.stubFor(get(urlPathEqualTo("/jwks")).willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
    planner = new SpringApplicationBuilder(PlannerApplication.class).run(
        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
        "--server.port=0",
        "--agentline.planner.state-dir=" + dir.resolve("state"),
        "--agentline.planner.partitions=1",
        "--agentline.jira.enabled=true",
        "--agentline.jira.base-url=" + idp.baseUrl(),
        "--agentline.jira.webhook-secret=hook-secret",
        "--agentline.jira.poll-interval=1h",
        "--agentline.security.mode=oidc",
        "--agentline.security.oidc.issuer-uri=" + ISSUER,
        "--agentline.security.oidc.jwk-set-uri=" + idp.baseUrl() + "/jwks",
        "--agentline.security.teams.payments.repositories=/repos/payments/*,https://git.example.com/payments/*",
        "--agentline.security.tokens[0].name=alice", "--agentline.security.tokens[0].sha256=" + ApiTokens.digest(ALICE),
        "--agentline.security.tokens[0].roles=submitter,approver", "--agentline.security.tokens[0].teams=payments",
        "--agentline.security.tokens[1].name=bob", "--agentline.security.tokens[1].sha256=" + ApiTokens.digest(BOB),
        "--agentline.security.tokens[1].roles=approver,submitter",
        "--agentline.security.tokens[2].name=carol", "--agentline.security.tokens[2].sha256=" + ApiTokens.digest(CAROL),
        "--agentline.security.tokens[2].roles=analyst",
        "--agentline.security.tokens[3].name=root", "--agentline.security.tokens[3].sha256=" + ApiTokens.digest(ROOT),
        "--agentline.security.tokens[3].roles=admin");
    base = "http://localhost:" + ((WebServerApplicationContext) planner).getWebServer().getPort();
  }

  @AfterAll
  static void stop() {
    if (planner != null) planner.close();
    if (idp != null) idp.stop();
    if (kafka != null) kafka.close();
  }

  static String task(String repository) {
    return """
        {"repository": "%s", "title": "Fix add", "testCommand": "sh run-tests.sh", "requester": "mallory"}""".formatted(repository);
  }

  HttpResponse<String> send(String method, String path, String authorization, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (authorization != null) request.header("Authorization", authorization);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  String submitAs(String token, String repository) throws Exception {
    HttpResponse<String> response = send("POST", "/api/tasks", bearer(token), task(repository));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    Matcher id = Pattern.compile("\"taskId\":\"([^\"]+)\"").matcher(response.body());
    assertThat(id.find()).isTrue();
    String taskId = id.group(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", "/api/tasks/" + taskId, bearer(token), null).statusCode() == 200);
    return taskId;
  }

  static String command(String type) {
    return """
        {"type": "%s", "actor": "someone-else", "comment": "because"}""".formatted(type);
  }

  @Test
  void withoutCredentialsTheApiAnswers401WithBothChallenges() throws Exception {
    HttpResponse<String> response = send("POST", "/api/tasks", null, task("/repos/payments/calc"));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).anySatisfy(v -> assertThat(v).startsWith("Bearer"))
        .anySatisfy(v -> assertThat(v).startsWith("Basic realm=\"agentline\""));
    assertThat(response.body()).contains("authentication required");
    assertThat(send("GET", "/api/tasks/t-any", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void anUnknownTokenIsRefused401AndTheDigestItselfIsNoToken() throws Exception {
    HttpResponse<String> response = send("GET", "/api/tasks/t-any", bearer("not-a-token"), null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    assertThat(send("GET", "/api/tasks/t-any", bearer(ApiTokens.digest(ALICE)), null).statusCode()).isEqualTo(401);
    String basic = "Basic " + Base64.getEncoder().encodeToString(("x:wrong").getBytes(StandardCharsets.UTF_8));
    assertThat(send("GET", "/api/tasks/t-any", basic, null).statusCode()).isEqualTo(401);
  }

  @Test
  void theTokenMayComeAsTheHttpBasicPassword() throws Exception {
    String basic = "Basic " + Base64.getEncoder().encodeToString(("anyone:" + CAROL).getBytes(StandardCharsets.UTF_8));
    assertThat(send("GET", "/api/tasks/t-none", basic, null).statusCode()).isEqualTo(404);
  }

  @Test
  void submittingNeedsTheSubmitterRole() throws Exception {
    HttpResponse<String> response = send("POST", "/api/tasks", bearer(CAROL), task("/repos/payments/calc"));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("\"missing\":\"submitter\"", "carol");
  }

  @Test
  void aRepositoryOutsideTheCallersTeamsIsRefusedNamingRepositoryAndTeams() throws Exception {
    HttpResponse<String> response = send("POST", "/api/tasks", bearer(ALICE), task("https://git.example.com/web/site"));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("https://git.example.com/web/site", "payments", "\"missing\":\"team\"");
    HttpResponse<String> noTeam = send("POST", "/api/tasks", bearer(BOB), task("/repos/payments/calc"));
    assertThat(noTeam.statusCode()).isEqualTo(403);
    assertThat(noTeam.body()).contains("no team");
  }

  @Test
  void theRequesterIsTheCallerNotTheBodysName() throws Exception {
    String taskId = submitAs(ALICE, "/repos/payments/calc");
    assertThat(send("GET", "/api/tasks/" + taskId, bearer(CAROL), null).body()).contains("\"requester\":\"alice\"").doesNotContain("mallory");
  }

  @Test
  void theRequesterMayNotApproveItsOwnPlanAndOthersNeedTheApproverRole() throws Exception {
    String taskId = submitAs(ALICE, "/repos/payments/calc");
    HttpResponse<String> own = send("POST", "/api/tasks/" + taskId + "/commands", bearer(ALICE), command("approve-plan"));
    assertThat(own.statusCode()).isEqualTo(403);
    assertThat(own.body()).contains("alice requested task " + taskId, "\"missing\":\"requester\"");
    HttpResponse<String> analyst = send("POST", "/api/tasks/" + taskId + "/commands", bearer(CAROL), command("reject-plan"));
    assertThat(analyst.statusCode()).isEqualTo(403);
    assertThat(analyst.body()).contains("\"missing\":\"approver\"");
    // an approver who did not request it passes access control; the task simply is not awaiting approval
    HttpResponse<String> approver = send("POST", "/api/tasks/" + taskId + "/commands", bearer(BOB), command("approve-plan"));
    assertThat(approver.statusCode()).as(approver.body()).isEqualTo(409);
  }

  @Test
  void onlyTheRequesterOrAnAdminMayCancel() throws Exception {
    String taskId = submitAs(ALICE, "/repos/payments/calc");
    HttpResponse<String> other = send("POST", "/api/tasks/" + taskId + "/cancel", bearer(BOB), null);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("only its requester (alice) or an admin");
    HttpResponse<String> retry = send("POST", "/api/tasks/" + taskId + "/commands", bearer(BOB), command("retry-step"));
    assertThat(retry.statusCode()).isEqualTo(403);
    HttpResponse<String> admin = send("POST", "/api/tasks/" + taskId + "/cancel", bearer(ROOT), null);
    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(202);
    assertThat(admin.body()).contains("CANCEL");
  }

  @Test
  void eachRefusalIsAlsoWrittenForTheAuditWithCallerRequestAndReason() throws Exception {
    String taskId = submitAs(ALICE, "/repos/payments/calc");
    assertThat(send("POST", "/api/tasks/" + taskId + "/commands", bearer(ALICE), command("approve-plan")).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/actuator/env", bearer(CAROL), null).statusCode()).isEqualTo(403);
    assertThat(send("POST", "/api/tasks/" + taskId + "/commands", bearer(BOB), command("reject-plan")).statusCode()).isEqualTo(409);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<ConsumerRecord<String, byte[]>> records = refusals();
      assertThat(records).anySatisfy(record -> {
        AccessRefused refused = (AccessRefused) AvroCodec.get().decode(record.value());
        assertThat(record.key()).isEqualTo(taskId);
        assertThat(refused.getMeta().getTaskId()).isEqualTo(taskId);
        assertThat(refused.getMeta().getProducer()).isEqualTo("planner");
        assertThat(List.of(refused.getCaller(), refused.getMethod(), refused.getPath(), refused.getAction(), refused.getMissing()))
            .containsExactly("alice", "POST", "/api/tasks/" + taskId + "/commands", "approve-plan on " + taskId, "requester");
        assertThat(refused.getRoles()).containsExactly("approver", "submitter");
        assertThat(refused.getDetail()).isEqualTo("alice requested task " + taskId + " and may not approve or reject its plan or steps");
      }).anySatisfy(record -> {
        AccessRefused refused = (AccessRefused) AvroCodec.get().decode(record.value());
        assertThat(record.key()).isNull();
        assertThat(refused.getMeta().getTaskId()).isEmpty();
        assertThat(List.of(refused.getCaller(), refused.getMethod(), refused.getPath(), refused.getMissing()))
            .containsExactly("carol", "GET", "/actuator/env", "admin");
      });
      // what access control allowed (bob's decision, refused later as a conflict) is no refusal of access
      assertThat(records).noneSatisfy(record ->
          assertThat(((AccessRefused) AvroCodec.get().decode(record.value())).getAction()).isEqualTo("reject-plan on " + taskId));
    });
  }

  /** Every AccessRefused the planner has written so far. */
  static List<ConsumerRecord<String, byte[]>> refusals() {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "access-test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.ACCESS_REFUSALS));
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      for (int i = 0; i < 10; i++) consumer.poll(Duration.ofMillis(300)).forEach(records::add);
      return records;
    }
  }

  @Test
  void actuatorBeyondProbesAndScrapesNeedsAdmin() throws Exception {
    assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/actuator/prometheus", null, null).statusCode()).isEqualTo(200);
    HttpResponse<String> info = send("GET", "/actuator/info", bearer(CAROL), null);
    assertThat(info.statusCode()).isEqualTo(403);
    assertThat(info.body()).contains("\"missing\":\"admin\"");
  }

  @Test
  void theJiraWebhookKeepsItsOwnSecretAndNeedsNoBearerToken() throws Exception {
    HttpResponse<String> wrong = send("POST", "/api/jira/webhook?secret=nope", null, "{}");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("agentline.jira.webhook-secret");
    HttpResponse<String> signed = send("POST", "/api/jira/webhook?secret=hook-secret", null, """
        {"webhookEvent": "jira:issue_deleted", "issue": {"key": "PAY-1"}}""");
    assertThat(signed.statusCode()).isEqualTo(200);
    assertThat(signed.body()).contains("ignored");
  }

  static String jwt(String issuer, Instant expires, RSAKey signer, String name, List<String> roles, List<String> groups) throws JOSEException {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("sub-" + name).claim("preferred_username", name)
        .claim("roles", roles).claim("groups", groups).issueTime(Date.from(Instant.now().minusSeconds(600)))
        .expirationTime(Date.from(expires)).build();
    SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), claims);
    token.sign(new RSASSASigner(signer));
    return token.serialize();
  }

  @Test
  void aJwtSignedByTheProvidersKeyIsACallerWithItsRolesAndTeams() throws Exception {
    String dana = jwt(ISSUER, Instant.now().plusSeconds(600), key, "dana", List.of("submitter", "offline_access"), List.of("/payments"));
    HttpResponse<String> submitted = send("POST", "/api/tasks", bearer(dana), task("https://git.example.com/payments/api"));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    HttpResponse<String> elsewhere = send("POST", "/api/tasks", bearer(dana), task("https://git.example.com/web/site"));
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    String analyst = jwt(ISSUER, Instant.now().plusSeconds(600), key, "erin", List.of("analyst"), List.of());
    assertThat(send("POST", "/api/tasks", bearer(analyst), task("/repos/payments/calc")).body()).contains("\"missing\":\"submitter\"");
  }

  @Test
  void anExpiredJwtAWrongIssuerOrAForeignKeyIsRefused401() throws Exception {
    String expired = jwt(ISSUER, Instant.now().minusSeconds(300), key, "dana", List.of("admin"), List.of());
    String wrongIssuer = jwt("https://evil.example.com", Instant.now().plusSeconds(600), key, "dana", List.of("admin"), List.of());
    RSAKey foreign = new RSAKeyGenerator(2048).keyID("k1").generate();
    String forged = jwt(ISSUER, Instant.now().plusSeconds(600), foreign, "dana", List.of("admin"), List.of());
    for (String token : List.of(expired, wrongIssuer, forged)) {
      HttpResponse<String> response = send("GET", "/api/tasks/t-any", bearer(token), null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    }
  }
}

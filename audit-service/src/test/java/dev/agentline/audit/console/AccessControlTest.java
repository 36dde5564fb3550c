package dev.agentline.audit.console;

import static dev.agentline.audit.console.ConsoleFixtures.WAITING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Access control on the running audit service ({@code agentline.security.mode=tokens}, the tokens of
 * {@link ConsoleServiceTestBase}): who may read what, the console's gate decisions, and each refusal.
 */
class AccessControlTest extends ConsoleServiceTestBase {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> ANALYST_READS = List.of("/api/audit/search?q=frobnicator", "/api/audit/topics",
      "/api/tasks/" + WAITING + "/timeline", "/api/tasks/" + WAITING + "/verify", "/api/metrics");

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder anonymous(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl() + path));
  }

  private HttpRequest.Builder gate(String token, String type) {
    return request(token, "/api/console/tasks/" + WAITING + "/commands").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"" + type + "\", \"actor\": \"someone\", \"reason\": \"r\"}"));
  }

  @Test
  void withoutCredentialsEveryPageAndApiAnswers401WithBearerAndBasicChallenges() throws Exception {
    for (String path : List.of("/console/", "/api/console/tasks", "/api/console/tasks/" + WAITING, "/api/audit/search?q=x", "/api/metrics")) {
      HttpResponse<String> response = send(anonymous(path));
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.headers().allValues("WWW-Authenticate")).as(path)
          .anySatisfy(v -> assertThat(v).startsWith("Bearer")).anySatisfy(v -> assertThat(v).isEqualTo("Basic realm=\"agentline\""));
    }
  }

  @Test
  void anUnknownTokenIsRefused401AsBearerAndAsBasicPassword() throws Exception {
    HttpResponse<String> bearer = send(anonymous("/api/console/tasks").header("Authorization", "Bearer " + ADMIN + "x"));
    assertThat(bearer.statusCode()).isEqualTo(401);
    assertThat(bearer.body()).contains("not a known API token");
    assertThat(send(anonymous("/api/console/tasks").header("Authorization", "Bearer " + ADMIN_SHA256)).statusCode()).isEqualTo(401);
    assertThat(send(anonymous("/api/console/tasks").header("Authorization", basic("admin", "admin"))).statusCode()).isEqualTo(401);
  }

  @Test
  void aTokenAsTheBasicPasswordSignsTheConsoleIn() throws Exception {
    HttpResponse<String> me = send(anonymous("/api/console/me").header("Authorization", basic("whoever", SAM)));
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).isEqualTo("{\"name\":\"sam\",\"roles\":[\"approver\"]}");
  }

  @Test
  void anyCallerMayReadTheConsoleButOnlyAnalystsTheAuditTrailTimelinesAndMetrics() throws Exception {
    assertThat(send(request(GUEST, "/api/console/tasks")).statusCode()).isEqualTo(200);
    assertThat(send(request(GUEST, "/api/console/tasks/" + WAITING)).statusCode()).isEqualTo(200);
    assertThat(send(request(GUEST, "/console/")).statusCode()).isEqualTo(200);
    for (String path : ANALYST_READS) {
      HttpResponse<String> approver = send(request(SAM, path));
      assertThat(approver.statusCode()).as(path).isEqualTo(403);
      assertThat(approver.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(approver.body()).as(path).contains("\"missing\":\"analyst\"", "sam may not read the audit trail");
      assertThat(send(request(CAROL, path)).statusCode()).as(path).isEqualTo(200);
      assertThat(send(request(ADMIN, path)).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void probesAndScrapesStayOpenTheRestOfTheActuatorNeedsAdmin() throws Exception {
    assertThat(send(anonymous("/actuator/health/liveness")).statusCode()).isEqualTo(200);
    assertThat(send(anonymous("/actuator/prometheus")).statusCode()).isEqualTo(200);
    HttpResponse<String> info = send(request(CAROL, "/actuator/info"));
    assertThat(info.statusCode()).isEqualTo(403);
    assertThat(info.body()).contains("\"missing\":\"admin\"");
    assertThat(send(request(ADMIN, "/actuator/info")).statusCode()).isEqualTo(200);
  }

  @Test
  void aConsoleGateDecisionNeedsAnApproverWhoIsNotTheRequester() throws Exception {
    HttpResponse<String> analyst = send(gate(CAROL, "approve-plan"));
    assertThat(analyst.statusCode()).isEqualTo(403);
    assertThat(analyst.body()).contains("\"missing\":\"approver\"");
    HttpResponse<String> requester = send(gate(RITA, "approve-plan"));
    assertThat(requester.statusCode()).isEqualTo(403);
    assertThat(requester.body()).contains("rita requested task " + WAITING, "\"missing\":\"requester\"");
    HttpResponse<String> anonymous = send(anonymous("/api/console/tasks/" + WAITING + "/commands").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"approve-plan\", \"actor\": \"sam\"}")));
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void aRefusedGateDecisionIsRecordedInTheTasksAuditTrail() throws Exception {
    assertThat(send(gate(RITA, "reject-plan")).statusCode()).isEqualTo(403);

    // written to agentline.access-refusals by this service, and stored from there like every record: in the task's chain
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
            "SELECT summary FROM audit_record WHERE task_id = :task AND record_type = 'AccessRefused' AND event_type = 'requester'")
        .param("task", WAITING).query(String.class).list())
        .anySatisfy(summary -> assertThat(summary).startsWith("refused rita: ").contains("POST /api/console/tasks/" + WAITING + "/commands",
            "rita requested task " + WAITING + " and may not approve or reject")));
    HttpResponse<String> verify = send(request(ADMIN, "/api/tasks/" + WAITING + "/verify"));
    assertThat(verify.body()).contains("\"valid\":true");
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}

package dev.agentline.planner.jira;

import dev.agentline.platform.SeenIds;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/jira/webhook}: Jira's {@code jira:issue_created} / {@code jira:issue_updated} deliveries. Checks the
 * shared secret (401), drops a delivery whose {@code X-Atlassian-Webhook-Identifier} it has seen, ignores issues without the
 * configured label (read from the payload), then submits the issue as a task before answering — so a delivery that could
 * not be handled (Jira or Kafka unreachable) is answered 503 and Jira's retry is handled, not dropped as a duplicate. When
 * Jira refuses for good (a 4xx: the issue is gone, no permission) the answer is 200 {@code failed}: a retry cannot help.
 */
@RestController
@ConditionalOnBooleanProperty("agentline.jira.enabled")
class JiraWebhookController {
  private static final Logger log = LoggerFactory.getLogger(JiraWebhookController.class);
  static final String IDENTIFIER = "X-Atlassian-Webhook-Identifier";
  static final Set<String> EVENTS = Set.of("jira:issue_created", "jira:issue_updated");

  private final JiraProperties properties;
  private final JiraIntake intake;
  private final WebhookAuth auth;
  private final SeenIds deliveries = new SeenIds(10_000);
  private final JsonMapper json = JsonMapper.builder().build();

  JiraWebhookController(JiraProperties properties, JiraIntake intake) {
    this.properties = properties;
    this.intake = intake;
    this.auth = new WebhookAuth(properties.webhookSecret());
    if (!auth.required()) log.warn("agentline.jira.webhook-secret is not set: /api/jira/webhook accepts unsigned deliveries");
  }

  @PostMapping("/api/jira/webhook")
  ResponseEntity<?> receive(@RequestBody(required = false) byte[] body,
      @RequestHeader(name = "X-Hub-Signature", required = false) String signature,
      @RequestHeader(name = IDENTIFIER, required = false) String identifier,
      @RequestParam(name = "secret", required = false) String secret) {
    if (!auth.accepts(body, signature, secret)) {
      log.warn("Jira webhook delivery {} refused: wrong or missing secret", identifier);
      return problem(HttpStatus.UNAUTHORIZED, "Wrong secret", "the delivery's X-Hub-Signature or ?secret= does not match agentline.jira.webhook-secret");
    }
    JsonNode payload;
    try {
      payload = json.readTree(body == null ? new byte[0] : body);
    } catch (JacksonException e) {
      return problem(HttpStatus.BAD_REQUEST, "Not a Jira webhook", "the body is not JSON: " + e.getOriginalMessage());
    }
    String event = payload.path("webhookEvent").asString("");
    String key = payload.path("issue").path("key").asString("");
    if (!EVENTS.contains(event) || key.isBlank()) return answer(HttpStatus.OK, "ignored", key, "event " + event + " is not an issue created or updated");
    if (!deliveries.firstTime(identifier)) return answer(HttpStatus.OK, "duplicate", key, "delivery " + identifier + " was handled already");
    if (!IssueMapping.hasLabel(payload.path("issue"), properties.label())) {
      return answer(HttpStatus.OK, "ignored", key, key + " does not carry the label " + properties.label());
    }
    try {
      JiraIntake.Outcome outcome = intake.submit(key);
      return answer(outcome.result() == JiraIntake.Result.SUBMITTED ? HttpStatus.ACCEPTED : HttpStatus.OK,
          outcome.result().name().toLowerCase(java.util.Locale.ROOT), key, outcome.detail());
    } catch (JiraClient.JiraException e) {
      if (e.status >= 400 && e.status < 500 && e.status != 429) {
        // Jira refused for good (the issue is gone, no permission): a retry of this delivery cannot help
        log.error("Jira webhook delivery {} for {}: {}", identifier, key, e.getMessage());
        return answer(HttpStatus.OK, "failed", key, e.getMessage());
      }
      return unavailable(identifier, key, e);
    } catch (RuntimeException e) {
      return unavailable(identifier, key, e);
    }
  }

  /** Jira or Kafka could not be reached: answered 503, and the delivery is forgotten so that Jira's retry is handled. */
  private ResponseEntity<ProblemDetail> unavailable(String identifier, String key, RuntimeException e) {
    deliveries.forget(identifier);
    log.error("Jira webhook delivery {} for {} could not be handled: {}", identifier, key, e.getMessage());
    return problem(HttpStatus.SERVICE_UNAVAILABLE, "Jira issue not handled", "could not handle " + key + ": " + e.getMessage());
  }

  private static ResponseEntity<Map<String, String>> answer(HttpStatus status, String result, String key, String detail) {
    return ResponseEntity.status(status).body(Map.of("result", result, "issue", key, "taskId", key.isBlank() ? "" : IssueMapping.taskId(key), "detail", detail));
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return ResponseEntity.status(status).body(problem);
  }
}

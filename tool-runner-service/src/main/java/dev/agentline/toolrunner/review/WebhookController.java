package dev.agentline.toolrunner.review;

import dev.agentline.schemas.CodeHostKind;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/github} and {@code POST /webhooks/gitlab}: the raw body and headers to {@link PullRequestIntake}.
 * Anyone on the network can post here before the signature is checked, so a body is read up to {@link #MAX_BODY_BYTES}
 * only: GitHub caps its payloads at 25 MB, and no payload we use comes near.
 */
@RestController
class WebhookController {
  static final int MAX_BODY_BYTES = 25 * 1024 * 1024;
  private final PullRequestIntake intake;

  WebhookController(PullRequestIntake intake) {
    this.intake = intake;
  }

  @PostMapping("/webhooks/github")
  ResponseEntity<?> github(@RequestHeader HttpHeaders headers, HttpServletRequest request) throws IOException {
    return receive(CodeHostKind.GITHUB, headers, request);
  }

  @PostMapping("/webhooks/gitlab")
  ResponseEntity<?> gitlab(@RequestHeader HttpHeaders headers, HttpServletRequest request) throws IOException {
    return receive(CodeHostKind.GITLAB, headers, request);
  }

  private ResponseEntity<?> receive(CodeHostKind host, HttpHeaders headers, HttpServletRequest request) throws IOException {
    byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      return problem(HttpStatus.CONTENT_TOO_LARGE, "Payload too large", "the body is over " + MAX_BODY_BYTES + " bytes; no code host sends more", "body");
    }
    return answer(intake.receive(host, headers.toSingleValueMap(), body));
  }

  static ResponseEntity<?> answer(Outcome outcome) {
    if (outcome instanceof Outcome.Accepted a) return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("eventIds", a.eventIds()));
    if (outcome instanceof Outcome.Ignored i) return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("ignored", i.reason()));
    if (outcome instanceof Outcome.Pong) return ResponseEntity.ok(Map.of("pong", true));
    if (outcome instanceof Outcome.Unauthorized u) return problem(HttpStatus.UNAUTHORIZED, "Not authenticated", u.reason(), null);
    if (outcome instanceof Outcome.Invalid i) return problem(HttpStatus.BAD_REQUEST, "Invalid payload", i.detail(), i.field());
    Outcome.Unavailable u = (Outcome.Unavailable) outcome;
    return problem(HttpStatus.SERVICE_UNAVAILABLE, "Not handled", u.detail(), null);
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail, String field) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    if (field != null) problem.setProperty("field", field);
    return ResponseEntity.status(status).body(problem);
  }
}

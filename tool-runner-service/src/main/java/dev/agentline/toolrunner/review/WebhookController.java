package dev.agentline.toolrunner.review;

import dev.agentline.schemas.CodeHostKind;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /webhooks/github} and {@code POST /webhooks/gitlab}: the raw body and headers to {@link PullRequestIntake}. */
@RestController
class WebhookController {
  private final PullRequestIntake intake;

  WebhookController(PullRequestIntake intake) {
    this.intake = intake;
  }

  @PostMapping("/webhooks/github")
  ResponseEntity<?> github(@RequestHeader HttpHeaders headers, @RequestBody(required = false) byte[] body) {
    return answer(intake.receive(CodeHostKind.GITHUB, headers.toSingleValueMap(), body));
  }

  @PostMapping("/webhooks/gitlab")
  ResponseEntity<?> gitlab(@RequestHeader HttpHeaders headers, @RequestBody(required = false) byte[] body) {
    return answer(intake.receive(CodeHostKind.GITLAB, headers.toSingleValueMap(), body));
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

package dev.agentline.toolrunner.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Each outcome of the intake and its HTTP answer. */
class WebhookControllerTest {
  @Test
  void outcomesBecomeTheirStatusesAndBodies() {
    ResponseEntity<?> accepted = WebhookController.answer(new Outcome.Accepted(List.of("e1", "e2")));
    assertThat(accepted.getStatusCode().value()).isEqualTo(202);
    assertThat(accepted.getBody()).isEqualTo(Map.of("eventIds", List.of("e1", "e2")));

    ResponseEntity<?> ignored = WebhookController.answer(new Outcome.Ignored("system note"));
    assertThat(ignored.getStatusCode().value()).isEqualTo(202);
    assertThat(ignored.getBody()).isEqualTo(Map.of("ignored", "system note"));

    assertThat(WebhookController.answer(new Outcome.Pong()).getStatusCode().value()).isEqualTo(200);

    ResponseEntity<?> invalid = WebhookController.answer(new Outcome.Invalid("review.id", "pull_request_review: the payload has no review.id"));
    assertThat(invalid.getStatusCode().value()).isEqualTo(400);
    ProblemDetail problem = (ProblemDetail) invalid.getBody();
    assertThat(problem.getProperties()).containsEntry("field", "review.id");
    assertThat(problem.getDetail()).isEqualTo("pull_request_review: the payload has no review.id");

    assertThat(WebhookController.answer(new Outcome.Unauthorized("no")).getStatusCode().value()).isEqualTo(401);
    ResponseEntity<?> unavailable = WebhookController.answer(new Outcome.Unavailable("not handled, redeliver: broker down"));
    assertThat(unavailable.getStatusCode().value()).isEqualTo(503);
    assertThat(((ProblemDetail) unavailable.getBody()).getDetail()).contains("broker down");
  }
}

package dev.agentline.audit.metrics;

import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/metrics?since=14d}: the pilot metrics over a window, as JSON. */
@RestController
class MetricsController {
  private final PilotQueries queries;
  private final MetricsProperties properties;
  private final Clock clock = Clock.systemUTC();

  MetricsController(PilotQueries queries, MetricsProperties properties) {
    this.queries = queries;
    this.properties = properties;
  }

  @GetMapping("/api/metrics")
  PilotReport metrics(@RequestParam(required = false) String since) {
    String window = since == null ? properties.since() : since;
    Since parsed;
    try {
      parsed = Since.parse(window, clock.instant());
    } catch (IllegalArgumentException e) {
      throw new InvalidSince(e.getMessage(), window);
    }
    return queries.report(parsed, clock.instant());
  }

  @ExceptionHandler
  ProblemDetail invalidSince(InvalidSince e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid request parameter");
    problem.setProperty("parameter", "since");
    problem.setProperty("value", e.value);
    return problem;
  }

  static final class InvalidSince extends RuntimeException {
    final String value;

    InvalidSince(String message, String value) {
      super(message);
      this.value = value;
    }
  }
}

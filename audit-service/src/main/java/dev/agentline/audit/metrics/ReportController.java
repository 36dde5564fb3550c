package dev.agentline.audit.metrics;

import dev.agentline.audit.baseline.BaselinePullRequest;
import dev.agentline.audit.baseline.BaselineSource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * {@code GET /api/report?since=28d&baselineFrom=56d&baselineUntil=28d}: the pilot report as JSON, and
 * {@code GET /api/report.csv?...} the same figures as CSV. The baseline comes from the {@link BaselineSource} bean (a code
 * host), or none ({@link BaselineSource#NONE}) when no code host is configured.
 */
@RestController
class ReportController {
  private static final Logger log = LoggerFactory.getLogger(ReportController.class);
  static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

  private final PilotQueries queries;
  private final ObjectProvider<BaselineSource> baselines;
  private final Clock clock = Clock.systemUTC();

  ReportController(PilotQueries queries, ObjectProvider<BaselineSource> baselines) {
    this.queries = queries;
    this.baselines = baselines;
  }

  @GetMapping(path = "/api/report", produces = MediaType.APPLICATION_JSON_VALUE)
  ComparisonReport report(WebRequest request) {
    return compute(request);
  }

  @GetMapping(path = "/api/report.csv")
  ResponseEntity<String> csv(WebRequest request) {
    ComparisonReport report = compute(request);
    return ResponseEntity.ok().contentType(CSV)
        .header("Content-Disposition", "attachment; filename=\"agentline-report.csv\"")
        .body(ComparisonCsv.of(report));
  }

  private ComparisonReport compute(WebRequest request) {
    Instant now = clock.instant();
    ReportRequest asked = ReportRequest.parse(request.getParameterMap(), now);
    Comparison.BaselineInput baseline = null;
    if (asked.baselineFrom() != null) {
      BaselineSource source = baselines.getIfAvailable(() -> BaselineSource.NONE);
      boolean configured = source != BaselineSource.NONE;
      List<BaselinePullRequest> prs;
      try {
        prs = source.humanPullRequests(asked.baselineFrom(), asked.baselineUntil());
      } catch (RuntimeException e) {
        log.warn("The baseline could not be read from the code host: {}", e.getMessage());
        throw new BaselineUnavailable("the baseline could not be read from the code host: " + e.getMessage(), e);
      }
      baseline = new Comparison.BaselineInput(asked.baselineFrom(), asked.baselineUntil(), configured, prs);
    }
    Instant from = asked.since().start();
    return Comparison.compute(asked.since(), now, queries.reportTasks(from), queries.roles(from), baseline);
  }

  @ExceptionHandler
  ProblemDetail invalid(ReportRequest.InvalidParameter e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid request parameter");
    problem.setProperty("parameter", e.parameter);
    return problem;
  }

  @ExceptionHandler
  ProblemDetail baselineUnavailable(BaselineUnavailable e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
    problem.setTitle("Baseline unavailable");
    return problem;
  }

  static final class BaselineUnavailable extends RuntimeException {
    BaselineUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

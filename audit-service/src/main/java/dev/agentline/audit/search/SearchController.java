package dev.agentline.audit.search;

import dev.agentline.audit.AuditProperties;
import dev.agentline.audit.search.SearchQuery.InvalidParameterException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/audit}: full-text search over everything recorded, and what each topic contributed. */
@RestController
@RequestMapping("/api/audit")
class SearchController {
  private final AuditSearch search;
  private final AuditProperties properties;

  SearchController(AuditSearch search, AuditProperties properties) {
    this.search = search;
    this.properties = properties;
  }

  /** Hits ranked by relevance; {@code q} uses web-search syntax. */
  @GetMapping("/search")
  List<SearchHit> search(
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String taskId,
      @RequestParam(required = false) String limit) {
    return search.search(SearchQuery.parse(q, taskId, limit, properties.searchPageSize(), properties.maxSearchLimit()));
  }

  /** Stored rows per topic, e.g. {@code {"agentline.model-calls": 12, "agentline.tasks": 1}}. */
  @GetMapping("/topics")
  Map<String, Long> topics() {
    return search.countsByTopic();
  }

  @ExceptionHandler
  ProblemDetail invalidParameter(InvalidParameterException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid request parameter");
    problem.setProperty("parameter", e.parameter());
    return problem;
  }
}

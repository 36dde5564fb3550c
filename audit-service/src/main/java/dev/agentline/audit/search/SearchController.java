package dev.agentline.audit.search;

import dev.agentline.audit.AuditProperties;
import dev.agentline.audit.search.SearchQuery.InvalidParameterException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/audit}: full-text search over everything recorded, what each topic contributed, the repositories seen. */
@RestController
@RequestMapping("/api/audit")
class SearchController {
  private final AuditSearch search;
  private final SearchQuery.Limits limits;

  SearchController(AuditSearch search, AuditProperties properties) {
    this.search = search;
    this.limits = new SearchQuery.Limits(properties.searchPageSize(), properties.maxSearchLimit(), properties.searchWindow());
  }

  /** One page of hits ranked by relevance; {@code q} uses web-search syntax. Parameters: see {@link SearchQuery#parse}. */
  @GetMapping("/search")
  SearchPage search(@RequestParam MultiValueMap<String, String> parameters) {
    Map<String, List<String>> plain = new LinkedHashMap<>(parameters);
    return search.search(SearchQuery.parse(plain, limits));
  }

  /** Stored rows per topic, e.g. {@code {"agentline.model-calls": 12, "agentline.tasks": 1}}. */
  @GetMapping("/topics")
  Map<String, Long> topics() {
    return search.countsByTopic();
  }

  /** Tasks per repository, e.g. {@code {"https://git.example.com/acme/billing.git": 3}}: the values {@code repository} takes. */
  @GetMapping("/repositories")
  Map<String, Long> repositories() {
    return search.tasksByRepository();
  }

  @ExceptionHandler
  ProblemDetail invalidParameter(InvalidParameterException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid request parameter");
    problem.setProperty("parameter", e.parameter());
    return problem;
  }
}

package dev.agentline.planner.api;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** RFC 9457 problem details that name what was wrong. */
@RestControllerAdvice
class ApiErrors {

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ProblemDetail invalid(MethodArgumentNotValidException e) {
    List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
        .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
        .toList();
    String fields = String.join(", ", errors.stream().map(m -> m.get("field") + " " + m.get("message")).toList());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "invalid task: " + fields);
    problem.setTitle("Invalid request body");
    problem.setProperty("errors", errors);
    return problem;
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    if (e.getMostSpecificCause() instanceof UnrecognizedPropertyException unknown) return unknownField(unknown);
    String detail = e.getMostSpecificCause().getMessage();
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        "the body is not a valid task JSON object: " + (detail == null ? "unreadable" : detail.lines().findFirst().orElse(detail)));
    problem.setTitle("Malformed request body");
    problem.setProperty("errors", List.of(Map.of("field", "body", "message", "must be a JSON object")));
    return problem;
  }

  // A misspelt field would otherwise be dropped without a word (spring.jackson.deserialization.fail-on-unknown-properties).
  private static ProblemDetail unknownField(UnrecognizedPropertyException e) {
    String field = e.getPath().stream().map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
        : "[" + reference.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse(e.getPropertyName());
    List<String> known = e.getKnownPropertyIds() == null ? List.of()
        : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
    String message = "is not a known field" + (known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")");
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "invalid task: " + field + " " + message);
    problem.setTitle("Invalid request body");
    problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
    return problem;
  }

  @ExceptionHandler(IllegalStateException.class)
  ProblemDetail unavailable(IllegalStateException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle("Planner not ready");
    return problem;
  }

  @ExceptionHandler(TaskIntake.IntakeUnavailableException.class)
  ProblemDetail intakeDown(TaskIntake.IntakeUnavailableException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle("Intake unavailable");
    return problem;
  }
}

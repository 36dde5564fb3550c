package dev.agentline.platform.access.web;

import dev.agentline.platform.access.Caller;
import dev.agentline.platform.access.Denial;
import dev.agentline.platform.access.RefusalLog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The caller of the current request, for controllers; empty when {@code agentline.security.mode=off}. */
public final class Callers {
  private static final Logger log = LoggerFactory.getLogger(Callers.class);

  private Callers() {}

  public static Optional<Caller> current() {
    return SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authentication
        ? Optional.of(authentication.caller()) : Optional.empty();
  }

  /**
   * 403 with a problem detail naming what was missing; the refusal is logged with the caller and reported to
   * {@code refusals} with the current request's method and path.
   *
   * @param taskId the task the request was about, or null
   */
  public static ResponseEntity<ProblemDetail> forbidden(RefusalLog refusals, Caller caller, String what, String taskId, Denial denial) {
    log.warn("refused {} to {}: {}", what, caller.name(), denial.detail());
    HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
        ? attributes.getRequest() : null;
    refusals.refused(caller, request == null ? "?" : request.getMethod(), request == null ? "?" : request.getRequestURI(), taskId, what, denial);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, denial.detail());
    problem.setTitle("Forbidden");
    problem.setProperty("missing", denial.missing());
    problem.setProperty("caller", caller.name());
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
  }
}

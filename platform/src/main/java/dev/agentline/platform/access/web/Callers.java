package dev.agentline.platform.access.web;

import dev.agentline.platform.access.Caller;
import dev.agentline.platform.access.Denial;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the current request, for controllers; empty when {@code agentline.security.mode=off}. */
public final class Callers {
  private static final Logger log = LoggerFactory.getLogger(Callers.class);

  private Callers() {}

  public static Optional<Caller> current() {
    return SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authentication
        ? Optional.of(authentication.caller()) : Optional.empty();
  }

  /** 403 with a problem detail naming what was missing; the refusal is logged with the caller. */
  public static ResponseEntity<ProblemDetail> forbidden(Caller caller, String what, Denial denial) {
    log.warn("refused {} to {}: {}", what, caller.name(), denial.detail());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, denial.detail());
    problem.setTitle("Forbidden");
    problem.setProperty("missing", denial.missing());
    problem.setProperty("caller", caller.name());
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
  }
}

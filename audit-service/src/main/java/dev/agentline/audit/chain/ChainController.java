package dev.agentline.audit.chain;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/tasks/{id}/verify}: is the task's stored history as it was stored? */
@RestController
class ChainController {
  private final TaskChains chains;

  ChainController(TaskChains chains) {
    this.chains = chains;
  }

  /** {@code {"taskId", "records", "valid": true}}, or {@code valid: false} with the first broken row and why. */
  @GetMapping("/api/tasks/{id}/verify")
  Verification verify(@PathVariable String id) {
    return chains.verify(id).orElseThrow(() -> new NoChainException(id));
  }

  @ExceptionHandler
  ProblemDetail noChain(NoChainException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "nothing is recorded for task " + e.taskId);
    problem.setTitle("Unknown task");
    problem.setProperty("taskId", e.taskId);
    return problem;
  }

  static final class NoChainException extends RuntimeException {
    private final String taskId;

    NoChainException(String taskId) {
      super("unknown task " + taskId);
      this.taskId = taskId;
    }
  }
}

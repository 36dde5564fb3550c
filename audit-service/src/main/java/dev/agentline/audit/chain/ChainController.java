package dev.agentline.audit.chain;

import dev.agentline.audit.UnknownTaskException;
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
    return chains.verify(id).orElseThrow(() -> new UnknownTaskException(id));
  }
}

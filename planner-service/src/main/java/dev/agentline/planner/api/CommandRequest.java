package dev.agentline.planner.api;

import dev.agentline.schemas.CommandType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Locale;

/** The body of {@code POST /api/tasks/{id}/commands}: a person's decision about a task. */
public record CommandRequest(
    @NotBlank(message = "must be one of approve-plan, reject-plan, accept-step, reject-step, retry-step, cancel, takeover, handback")
    @Pattern(regexp = "approve-plan|reject-plan|accept-step|reject-step|retry-step|cancel|takeover|handback",
        message = "must be one of approve-plan, reject-plan, accept-step, reject-step, retry-step, cancel, takeover, handback") String type,
    // with authentication the actor is the caller (a different name here is ignored); without, it must be given
    @Size(max = 200) String actor,
    @Size(max = 100) String stepId,
    @Size(max = 20000) String comment) {

  CommandType commandType() {
    return switch (type) {
      case "retry-step" -> CommandType.RETRY;
      default -> CommandType.valueOf(type.toUpperCase(Locale.ROOT).replace('-', '_'));
    };
  }
}

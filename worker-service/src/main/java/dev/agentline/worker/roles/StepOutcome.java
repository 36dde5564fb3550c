package dev.agentline.worker.roles;

import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.StepResult;
import java.util.Objects;
import java.util.Optional;

/** What to do with a step record once the worker has handled it. */
public sealed interface StepOutcome {

  /** The record that documents the model call, when one was made. */
  Optional<ModelCall> modelCall();

  /** The step is answered (ok or failed): publish the result and the call, then acknowledge. */
  record Answered(StepResult result, Optional<ModelCall> modelCall) implements StepOutcome {
    public Answered {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(modelCall, "modelCall");
    }
  }

  /** The model failed transiently and deliveries remain: publish the call, then release the record for redelivery. */
  record Retry(String reason, Optional<ModelCall> modelCall) implements StepOutcome {
    public Retry {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(modelCall, "modelCall");
    }
  }
}

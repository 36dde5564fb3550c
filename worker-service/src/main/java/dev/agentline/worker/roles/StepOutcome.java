package dev.agentline.worker.roles;

import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.StepResult;
import java.util.List;
import java.util.Objects;

/** What to do with a step record once the worker has handled it. */
public sealed interface StepOutcome {

  /** The records that document the model calls made, in order (two when the first answer was re-asked). */
  List<ModelCall> modelCalls();

  /** The step is answered (ok or failed): publish the result and the calls, then acknowledge. */
  record Answered(StepResult result, List<ModelCall> modelCalls) implements StepOutcome {
    public Answered {
      Objects.requireNonNull(result, "result");
      modelCalls = List.copyOf(modelCalls);
    }
  }

  /** The model failed transiently and deliveries remain: publish the calls, then release the record for redelivery. */
  record Retry(String reason, List<ModelCall> modelCalls) implements StepOutcome {
    public Retry {
      Objects.requireNonNull(reason, "reason");
      modelCalls = List.copyOf(modelCalls);
    }
  }
}
